import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator's and class-transformer's targets
type Target = Function;
type Plain = Record<string, unknown>;
/** One property's rules: true when the value certainly passes them all. */
type PropertyCheck = (object: Plain) => boolean;
type ObjectCheck = (value: unknown) => boolean;

/** Class-transformer converts a nested value of these types instead of instantiating a class. */
const CONVERTED_TYPES: readonly unknown[] = [String, Number, Boolean, Date, Buffer, Map, Set, Array, Object, Promise];

const checks = new WeakMap<Target, ObjectCheck | null>();
/** Per compiled class: the properties it has rules for, and the class each nested one holds. */
const shapes = new WeakMap<Target, { declared: ReadonlySet<string>; nested: ReadonlyMap<string, Target> }>();

/**
 * True when `data` certainly passes what `validateSync(plainToInstance(dataClass, data),
 * { forbidUnknownValues: true })` checks — false when it fails or when this cannot tell.
 *
 * The same rules run (class-validator's own constraint instances, its conditions first),
 * on the data as it is, without building instances first: per class, the rules are gathered
 * once into one function per property. That is a few microseconds where class-transformer and
 * class-validator spend tens, and it is most of what checking a step's events costs. Whatever
 * class-transformer would change before validating, or class-validator treats in a way not
 * reproduced here — a value that is not a plain object, array or primitive, an array with
 * holes, a rule added by schema name, groups, a promise, a class whose instances start with
 * values — makes the answer false, so that the caller runs class-validator for the verdict
 * and its messages.
 */
export function validAtOnce(dataClass: Target, data: unknown): boolean {
  const check = checkOf(dataClass);
  return check !== null && check(data);
}

function checkOf(target: Target): ObjectCheck | null {
  let check = checks.get(target);
  if (check === undefined) {
    checks.set(target, null); // a class nested in itself is not compiled
    check = compile(target);
    checks.set(target, check);
  }
  return check;
}

function compile(target: Target): ObjectCheck | null {
  if (!startsEmpty(target)) return null;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  if (!metadatas.length) return null; // forbidUnknownValues: a class without rules fails
  const properties: PropertyCheck[] = [];
  const nestedTypes = new Map<string, Target>();
  const byProperty = storage.groupByPropertyName(metadatas);
  for (const [property, rules] of Object.entries(byProperty)) {
    const check = compileProperty(target, property, rules);
    if (!check) return null;
    properties.push(check);
    const type = nestedTypeOf(target, property); // compileProperty refused any other @Type
    if (type) nestedTypes.set(property, type);
  }
  shapes.set(target, { declared: new Set(Object.keys(byProperty)), nested: nestedTypes });
  const prototype = (target as { prototype: object }).prototype;
  return (value) => {
    if (typeof value !== 'object' || value === null) return false;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== prototype) return false;
    for (const check of properties) if (!check(value as Plain)) return false;
    return true;
  };
}

/**
 * Class-transformer makes `new target()` and copies the data's keys onto it: the instance must
 * start without values of its own and its prototype add nothing, or the two would differ.
 */
function startsEmpty(target: Target): boolean {
  const prototype = (target as { prototype: object }).prototype;
  if (Object.getOwnPropertyNames(prototype).some((name) => name !== 'constructor')) return false;
  if (Object.getPrototypeOf(prototype) !== Object.prototype) return false; // inherited rules and members: not reproduced
  // @Expose and @Exclude change which keys class-transformer copies.
  if (defaultMetadataStorage.getExposedMetadatas(target).length || defaultMetadataStorage.getExcludedMetadatas(target).length) return false;
  let instance: object;
  try {
    instance = new (target as new () => object)();
  } catch {
    return false;
  }
  return Object.values(instance).every((value) => value === undefined);
}

function compileProperty(target: Target, property: string, rules: ValidationMetadata[]): PropertyCheck | null {
  if (property === '__proto__' || property === 'constructor' || property in Object.prototype) return null;
  const storage = getMetadataStorage();
  const conditions: ((object: Plain, value: unknown) => boolean)[] = [];
  // IsDefined and the custom rules (IsString, MaxLength …): class-validator runs the first before the others, but every one
  // must pass and none has side effects, so one list answers the same.
  const checked: ValidationMetadata[] = [];
  let nested: ObjectCheck | null | undefined;
  for (const rule of rules) {
    if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) conditions.push(rule.constraints[0] as (object: Plain, value: unknown) => boolean);
    else if (rule.type === ValidationTypes.IS_DEFINED || rule.type === ValidationTypes.CUSTOM_VALIDATION) checked.push(rule);
    else if (rule.type === ValidationTypes.NESTED_VALIDATION && nested === undefined) {
      const type = nestedTypeOf(target, property);
      nested = type ? checkOf(type) : null;
      if (!nested) return null;
    } else if (rule.type !== ValidationTypes.WHITELIST) return null; // promises, a second nesting, what a later version adds
  }
  // A value class-transformer converts (@Type without nesting, @Transform) is not the value seen here.
  if (nested === undefined && defaultMetadataStorage.findTypeMetadata(target, property)) return null;
  if (defaultMetadataStorage.findTransformMetadatas(target, property, TransformationType.PLAIN_TO_CLASS).length) return null;
  const constraintsOf = (rule: ValidationMetadata) => {
    if (typeof rule.target !== 'function' || rule.always || rule.groups?.length) return null;
    return storage.getTargetValidatorConstraints(rule.constraintCls).filter((constraint) => !constraint.async); // validateSync skips async ones
  };
  const compiledRules: { rule: ValidationMetadata; constraints: ReturnType<typeof constraintsOf> & object }[] = [];
  for (const rule of checked) {
    const constraints = constraintsOf(rule);
    if (!constraints) return null;
    compiledRules.push({ rule, constraints });
  }
  const targetName = target.name;

  const passes = (object: Plain, value: unknown): boolean => {
    for (const { rule, constraints } of compiledRules) {
      if (rule.validateIf && !rule.validateIf(object, value)) continue;
      const args = { targetName, property, object, value, constraints: rule.constraints };
      for (const constraint of constraints) {
        if (rule.each && Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) if (!(i in value) || constraint.instance.validate(value[i], args) !== true) return false;
        } else if (constraint.instance.validate(value, args) !== true) return false;
      }
    }
    return true;
  };

  return (object) => {
    const value = object[property];
    if (!plainValue(value)) return false;
    for (const condition of conditions) if (!condition(object, value)) return true; // class-validator skips the property
    if (!passes(object, value)) return false;
    if (nested && value !== undefined) {
      if (!Array.isArray(value)) return nested(value);
      for (let i = 0; i < value.length; i++) if (!(i in value) || !nested(value[i])) return false;
    }
    return true;
  };
}

/** The class a nested property's @Type names, when it names one without looking at the data. */
function nestedTypeOf(target: Target, property: string): Target | null {
  const metadata = defaultMetadataStorage.findTypeMetadata(target, property);
  if (!metadata?.typeFunction || metadata.typeFunction.length > 0 || metadata.options?.discriminator) return null;
  const type = metadata.typeFunction();
  return typeof type === 'function' && !CONVERTED_TYPES.includes(type) ? type : null;
}

/**
 * A value class-transformer copies without changing what the rules see: a primitive, a plain
 * object, or an array without holes. (Class instances, dates, maps, sets and promises it
 * converts or keeps apart; the answer is left to class-validator.)
 */
function plainValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || (proto === Array.prototype && Array.isArray(value));
}

const NOT_PLAIN = Symbol('not plain');

/**
 * The instance `plainToInstance(dataClass, data)` makes of data `validAtOnce` accepted, built
 * directly; undefined when something in it is not plain JSON (a date, a map, a hole in an array
 * …), and the caller then asks class-transformer. Class-transformer looks every key up in its
 * metadata as it goes; here what it would find was gathered when the class was compiled. As it
 * does, the data's own keys are copied onto `new dataClass()` — all but `__proto__`,
 * `constructor` and the names of Object's methods —, a nested property's objects become
 * instances of its class the same way, and other objects and arrays are copied.
 */
export function instanceAtOnce<T extends object>(dataClass: new () => T, data: unknown): T | undefined {
  const made = instanceOf(dataClass, data);
  return made === NOT_PLAIN ? undefined : (made as T);
}

function instanceOf(target: Target, data: unknown): unknown {
  const shape = shapes.get(target);
  if (!shape || !plainObject(data)) return NOT_PLAIN;
  return copyKeys(new (target as new () => Plain)(), data, (key, value) => {
    const type = shape.nested.get(key);
    if (type) return typed(type, value);
    // A key without rules may still be one class-transformer converts.
    if (!shape.declared.has(key) && (defaultMetadataStorage.findTypeMetadata(target, key) || defaultMetadataStorage.findTransformMetadatas(target, key, TransformationType.PLAIN_TO_CLASS).length)) return NOT_PLAIN;
    return copied(value);
  });
}

function typed(type: Target, value: unknown): unknown {
  if (plainObject(value)) return instanceOf(type, value);
  if (Array.isArray(value)) return copiedArray(value, (one) => typed(type, one));
  return copied(value);
}

function copied(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return copiedArray(value, copied);
  // Class-transformer takes an object's `constructor` for its class (and fails on one of the data's own).
  if (plainObject(value) && !Object.hasOwn(value, 'constructor')) return copyKeys({}, value, (_key, one) => copied(one));
  return NOT_PLAIN;
}

function copiedArray(value: unknown[], each: (one: unknown) => unknown): unknown {
  if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
  const copy: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    const one = i in value ? each(value[i]) : NOT_PLAIN; // class-transformer would close a hole up
    if (one === NOT_PLAIN) return NOT_PLAIN;
    copy.push(one);
  }
  return copy;
}

/** Class-transformer skips these keys, and any whose name is a method the new object already has (`toString` …). */
function copyKeys(into: Plain, from: Plain, each: (key: string, value: unknown) => unknown): unknown {
  for (const key of Object.keys(from)) {
    if (key === '__proto__' || key === 'constructor' || typeof into[key] === 'function') continue;
    const value = each(key, from[key]);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    into[key] = value;
  }
  return into;
}

function plainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
