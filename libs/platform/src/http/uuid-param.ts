import { ArgumentMetadata, Injectable, Param, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '@icjims/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

@Injectable()
class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new InvalidInputError(`${field} must be a UUID`, [{ field, reason: `${field} must be a UUID` }]);
  }
}

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) => Param(name, UuidPipe);
