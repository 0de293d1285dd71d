import { randomUUID } from 'node:crypto';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, IsInt, IsOptional, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { EVENT_DEFINITIONS } from '../events/catalogue';
import { PROBATION_ENTRY_DETAILS } from '../events/probation.events';
import { instanceAtOnce, validAtOnce } from './valid-at-once';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator's targets
type Target = Function;
type Plain = Record<string, unknown>;

/** class-validator's verdict, as validateEventData reaches it: on class-transformer's instance (a throw is a refusal). */
function classValidatorAccepts(target: Target, data: unknown): boolean {
  try {
    return validateSync(plainToInstance(target as new () => object, data as object) as object, { whitelist: false, forbidUnknownValues: true }).length === 0;
  } catch {
    return false;
  }
}

const storage = getMetadataStorage();
const rulesOf = (target: Target) => storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined));
const nestedTypeOf = (target: Target, property: string): Target | undefined => defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() as Target | undefined;

/** Every class an event's data holds, nested ones and a probation entry's details included. */
function contractClasses(): Target[] {
  const found = new Set<Target>();
  const visit = (target: Target) => {
    if (found.has(target)) return;
    found.add(target);
    for (const property of Object.keys(rulesOf(target))) {
      const nested = nestedTypeOf(target, property);
      if (nested) visit(nested);
    }
  };
  for (const definition of EVENT_DEFINITIONS) visit(definition.dataClass);
  for (const details of Object.values(PROBATION_ENTRY_DETAILS)) visit(details);
  return [...found];
}

const DATE_TIME = '2026-11-20T10:00:00.000Z';
/** Values a valid sample's properties are chosen from: the first that class-validator accepts. */
const CANDIDATES: unknown[] = [
  randomUUID(), DATE_TIME, 'abc', '0502', 'a'.repeat(64), `${'A'.repeat(86)}==`, 3, 2.5, true, ['x'], { note: 'x' },
];

/** A sample class-validator accepts, every property filled (`full`) or only those it needs. */
function validSample(target: Target, full: boolean): Plain {
  const sample: Plain = {};
  for (const [property, rules] of Object.entries(rulesOf(target))) {
    const nested = nestedTypeOf(target, property);
    const inRules = rules.flatMap((rule) => (Array.isArray(rule.constraints?.[0]) ? (rule.constraints[0] as unknown[]) : []));
    const nestedSamples = nested ? [validSample(nested, full), [validSample(nested, full)]] : [];
    const candidates = full ? [...nestedSamples, ...inRules, ...CANDIDATES, undefined] : [undefined, ...nestedSamples, ...inRules, ...CANDIDATES];
    const chosen = candidates.find((candidate) => {
      const errors = validateSync(plainToInstance(target as new () => object, { ...sample, [property]: candidate }) as object);
      return !errors.some((error) => error.property === property);
    });
    if (chosen !== undefined) sample[property] = chosen;
  }
  expect([target.name, classValidatorAccepts(target, sample)]).toEqual([target.name, true]);
  return sample;
}

/** What an attacker or a bug might put in a property. */
function hostileValues(nestedSample?: Plain): unknown[] {
  const sparse: unknown[] = ['x'];
  sparse[2] = 'y';
  return [
    undefined, null, '', ' ', 'x', 'x\u0000y', '\u202e', 'x'.repeat(16), 'x'.repeat(17), 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128), 'x'.repeat(129),
    'x'.repeat(256), 'x'.repeat(257), randomUUID(), randomUUID().toUpperCase(), 'not-a-uuid', '2026-13-45', '2026-11-20', DATE_TIME, '2026-11-20T10:00:00Z',
    'a'.repeat(64), 'A'.repeat(64), `${'A'.repeat(86)}==`, '1', '12', 'abc_1', 'Abc', 0, 1, -1, 1.5, 1e21, NaN, Infinity, -0, true, false,
    {}, [], ['x'], [1], [null], [undefined], ['x', 'x'], Array.from({ length: 201 }, () => 'x'), sparse, { a: 1 }, ['restricted-record'], [true],
    new Date(DATE_TIME), Object.create(null), new Set(['x']), new Map(), Promise.resolve('x'), () => 'x', Symbol('x'), 10n,
    ...(nestedSample ? [nestedSample, [nestedSample], [nestedSample, nestedSample], [nestedSample, null], { ...nestedSample, extra: 1 }] : []),
  ];
}

/** Data as JSON.parse makes it (a property may also be undefined, as in an object literal): nothing class-transformer converts. */
function jsonLike(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && Object.keys(value).length === value.length && value.every(jsonLike);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as Plain).every((property) => property === undefined || jsonLike(property));
}

const CLASSES = contractClasses();

describe('validAtOnce', () => {
  it('finds every class an event holds (sanity of the test itself)', () => {
    expect(CLASSES.length).toBeGreaterThan(EVENT_DEFINITIONS.length / 2);
    expect(CLASSES.map((target) => target.name)).toEqual(expect.arrayContaining(['StepRecordedV1', 'AccessRecordedV1', 'AccessActor', 'PersonRoleHeld']));
  });

  it.each(CLASSES.map((target) => [target.name, target] as const))('%s: says valid at once for valid data, full or minimal', (_name, target) => {
    for (const full of [true, false]) expect([full, validAtOnce(target, validSample(target, full))]).toEqual([full, true]);
  });

  it.each(CLASSES.map((target) => [target.name, target] as const))(
    '%s: never accepts what class-validator refuses, and agrees on every JSON-like value',
    (_name, target) => {
      const base = validSample(target, true);
      const cases: unknown[] = [base, validSample(target, false), null, undefined, 'x', 1, [], [base], Object.create(null), new Date()];
      for (const [property] of Object.entries(rulesOf(target))) {
        const nested = nestedTypeOf(target, property);
        const nestedSample = nested ? validSample(nested, true) : undefined;
        for (const value of hostileValues(nestedSample)) cases.push({ ...base, [property]: value });
        const { [property]: _left, ...without } = base;
        cases.push(without);
        // One property of a nested object broken in turn, the nested object alone or in an array.
        if (nested && nestedSample) {
          for (const [inner] of Object.entries(rulesOf(nested))) {
            for (const value of hostileValues()) {
              const broken = { ...nestedSample, [inner]: value };
              cases.push({ ...base, [property]: broken }, { ...base, [property]: [nestedSample, broken] });
            }
          }
        }
      }
      // Keys class-transformer skips or that name no rule, and an instance instead of a plain object.
      cases.push(JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(base).slice(1)}`), { ...base, constructor: 'x' }, { ...base, toString: 'x' }, { ...base, unknownKey: 'x' });
      cases.push(Object.assign(new (target as new () => object)(), base));
      // Keys without rules holding what class-transformer copies (and skips) deep down.
      const deep = JSON.parse('{"a": [1, {"b": null, "__proto__": {"x": 1}}], "toString": "x", "hasOwnProperty": [], "c": {"d": {"e": "f"}}}');
      cases.push({ ...base, unknownKey: deep }, { ...base, unknownKey: [deep, [deep]] }, { ...base, unknownKey: new Date() }, { ...base, unknownKey: ['x', , 'y'] }); // eslint-disable-line no-sparse-arrays

      for (const data of cases) {
        const fast = validAtOnce(target, data);
        const full = classValidatorAccepts(target, data);
        if (fast) expect([data, full]).toEqual([data, true]);
        if (jsonLike(data)) expect([JSON.stringify(data), fast]).toEqual([JSON.stringify(data), full]);
        if (!fast) continue;
        // What validateEventData hands the handlers: class-transformer's instance, nested instances and copies alike.
        const made = instanceAtOnce(target as new () => object, data);
        if (jsonLike(data)) expect(made).toBeDefined();
        if (made) expect(made).toStrictEqual(plainToInstance(target as new () => object, data));
      }
      expect(cases.length).toBeGreaterThan(50);
    },
  );

  describe('leaves the answer to class-validator', () => {
    class Counter {
      @IsInt() @Min(1) count: number = 1;
    }
    class Converted {
      @Transform(({ value }) => String(value).trim()) @IsString() name: string;
    }
    class Child {
      @IsString() name: string;
    }
    class Parent {
      @ValidateNested() @Type((options?: unknown) => (options ? Child : Child)) child: Child;
      @IsOptional() @IsString() note?: string;
    }
    class Bare {
      note?: string;
    }

    it('for a class whose instances start with a value', () => {
      expect(validAtOnce(Counter, {})).toBe(false);
      expect(classValidatorAccepts(Counter, {})).toBe(true);
    });

    it('for a property class-transformer converts', () => {
      expect(validAtOnce(Converted, { name: 5 })).toBe(false);
      expect(classValidatorAccepts(Converted, { name: 5 })).toBe(true);
    });

    it('for a nested type chosen by looking at the data', () => {
      expect(validAtOnce(Parent, { child: { name: 'x' } })).toBe(false);
      expect(classValidatorAccepts(Parent, { child: { name: 'x' } })).toBe(true);
    });

    it('for data with a key class-transformer converts that has no rules, or a value that is not plain JSON (instanceAtOnce)', () => {
      class Tagged {
        @IsString() name: string;
        @Type(() => Child) extra?: Child;
      }
      expect(validAtOnce(Tagged, { name: 'x', extra: { name: 'y' } })).toBe(true);
      expect(instanceAtOnce(Tagged, { name: 'x', extra: { name: 'y' } })).toBeUndefined();
      expect(instanceAtOnce(Tagged, { name: 'x' })).toStrictEqual(plainToInstance(Tagged, { name: 'x' }));
      expect(instanceAtOnce(Child, { name: 'x', at: new Date() })).toBeUndefined();
      expect(instanceAtOnce(Child, { name: 'x', at: ['y', , 'z'] })).toBeUndefined(); // eslint-disable-line no-sparse-arrays
      expect(instanceAtOnce(Child, Object.assign(new Child(), { name: 'x' }))).toBeUndefined();
      // Class-transformer takes a nested object's own `constructor` key for its class, and fails.
      expect(instanceAtOnce(Child, { name: 'x', at: { constructor: 1 } })).toBeUndefined();
      expect(() => plainToInstance(Child, { name: 'x', at: { constructor: 1 } })).toThrow(TypeError);
    });

    it('for a class without rules (class-validator refuses it as an unknown value)', () => {
      expect(validAtOnce(Bare, {})).toBe(false);
      expect(classValidatorAccepts(Bare, {})).toBe(false);
    });
  });
});
