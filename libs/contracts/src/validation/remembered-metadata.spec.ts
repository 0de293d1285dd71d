import { IsInt, IsOptional, IsString, MaxLength, Min, MetadataStorage, validateSync } from 'class-validator';
import '../index'; // installs it in the process-wide storage, as every service's import does
import { rememberValidationMetadata } from './remembered-metadata';

class Base {
  @IsString() @MaxLength(8) code!: string;
}

class Derived extends Base {
  @IsInt() @Min(1) count!: number;
  @IsOptional() @IsString({ groups: ['strict'] }) note?: string;
}

const valuesOf = (Type: new () => object, values: Record<string, unknown>) => Object.assign(new Type(), values);
const failures = (object: object, groups?: string[]) =>
  validateSync(object, { groups, forbidUnknownValues: true }).flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}: ${rule}`)).sort();

describe('rememberValidationMetadata', () => {
  it('answers as class-validator does, for a class, its ancestors, groups and options, and the second time from memory', () => {
    const plain = new MetadataStorage();
    const remembering = new MetadataStorage();
    rememberValidationMetadata(remembering);
    const global = Reflect.get(globalThis, 'classValidatorMetadataStorage') as MetadataStorage;
    for (const storage of [plain, remembering]) for (const [, metadatas] of (global as unknown as { validationMetadatas: Map<unknown, never[]> }).validationMetadatas) for (const metadata of metadatas) storage.addValidationMetadata(metadata);

    for (const [always, strictGroups, groups] of [[false, false, undefined], [true, false, undefined], [false, true, []], [false, false, ['strict']]] as const) {
      const args = [Derived, undefined as unknown as string, always, strictGroups, groups as string[] | undefined] as const;
      const expected = plain.getTargetValidationMetadatas(...args);
      const first = remembering.getTargetValidationMetadatas(...args);
      expect(first).toEqual(expected);
      expect(remembering.getTargetValidationMetadatas(...args)).toBe(first);
      expect(remembering.groupByPropertyName(first)).toEqual(plain.groupByPropertyName(expected));
      expect(remembering.groupByPropertyName(first)).toBe(remembering.groupByPropertyName(first));
    }
  });

  it('sees a rule added after a class was first validated', () => {
    const storage = new MetadataStorage();
    rememberValidationMetadata(storage);
    const global = Reflect.get(globalThis, 'classValidatorMetadataStorage') as MetadataStorage;
    const [baseRule] = global.getTargetValidationMetadatas(Base, undefined as unknown as string, false, false);
    expect(storage.getTargetValidationMetadatas(Base, undefined as unknown as string, false, false)).toHaveLength(0);
    storage.addValidationMetadata(baseRule);
    expect(storage.getTargetValidationMetadatas(Base, undefined as unknown as string, false, false)).toEqual([baseRule]);
  });

  it('is installed in the process-wide storage by importing the library: validation still finds every broken rule, inherited ones and groups included, each time', () => {
    const global = Reflect.get(globalThis, 'classValidatorMetadataStorage') as MetadataStorage;
    const args = [Derived, undefined as unknown as string, false, false] as const;
    expect(global.getTargetValidationMetadatas(...args)).toBe(global.getTargetValidationMetadatas(...args));
    rememberValidationMetadata(); // a second call changes nothing
    for (let i = 0; i < 2; i++) {
      expect(failures(valuesOf(Derived, { code: 'much too long', count: 0 }))).toEqual(['code: maxLength', 'count: min']);
      expect(failures(valuesOf(Derived, { code: 'ok', count: 2, note: 7 }), ['strict'])).toEqual(['note: isString']);
      expect(failures(valuesOf(Derived, { code: 'ok', count: 2 }))).toEqual([]);
    }
  });
});
