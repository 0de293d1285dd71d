import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '@icjims/contracts';
import { ACCESS_PURPOSES } from '../service/tokens';
import { AccessPurposeList, PURPOSE_HEADER } from './access-purposes';
import { AccessTrail, TrailedRequest } from './access-trail';

/**
 * Checks X-Purpose after authentication (a caller without a valid token hears 401 first):
 * a stated purpose must be one of the configured codes, and endpoints declared with
 * `purpose: 'required'` must have one.
 */
@Injectable()
export class PurposeGuard implements CanActivate {
  constructor(@Inject(ACCESS_PURPOSES) private readonly purposes: AccessPurposeList) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TrailedRequest>();
    if (!AccessTrail.applies(request)) return true;
    const stated = request.headers[PURPOSE_HEADER.toLowerCase()];
    if (stated === undefined) {
      if (request.accessSpec?.purpose !== 'required') return true;
      throw refusal(`${PURPOSE_HEADER} is required: state why you consult this personal data`);
    }
    if (this.purposes.includes(stated)) return true;
    throw refusal(`${PURPOSE_HEADER} must be one of the codes listed by GET /api/v1/access-purposes`);
  }
}

function refusal(reason: string): InvalidInputError {
  return new InvalidInputError(`${PURPOSE_HEADER} is missing or not a known purpose`, [{ field: PURPOSE_HEADER, reason }]);
}
