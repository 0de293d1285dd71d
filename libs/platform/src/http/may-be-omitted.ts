import { ValidateIf } from 'class-validator';

/**
 * An optional field that, when present, must be valid: unlike @IsOptional(), which also lets
 * `null` through unchecked, `null` here is checked like any other value (and so refused by
 * @IsArray(), @IsString() …). Use it where the code reads the field without a null check.
 */
export const MayBeOmitted = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
