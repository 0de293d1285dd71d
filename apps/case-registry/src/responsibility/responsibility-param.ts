import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { RESPONSIBILITIES, Responsibility } from '@icjims/contracts';
import { invalidInput } from '../field-problems';

@Injectable()
class ResponsibilityPipe implements PipeTransform<string, Responsibility> {
  transform(value: string): Responsibility {
    const known = RESPONSIBILITIES.find((responsibility) => responsibility === value);
    if (known) return known;
    throw invalidInput([{ field: 'responsibility', reason: `responsibility must be one of: ${RESPONSIBILITIES.join(', ')}` }]);
  }
}

/** The `responsibility` route parameter: prosecutor or investigator, else a 400 naming it. */
export const ResponsibilityParam = () => Param('responsibility', ResponsibilityPipe);
