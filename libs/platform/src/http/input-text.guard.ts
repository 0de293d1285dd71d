import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError } from '@icjims/contracts';
import { AccessTrail } from '../access/access-trail';
import { bodyTextProblems, namedTextProblems } from './text-safety';

/**
 * Refuses, before any handler runs, text that no field of ours may hold: control characters
 * in route parameters, query names and values and JSON keys (in JSON strings all but TAB, LF,
 * CR), unpaired surrogates, and JSON nested deeper than MAX_JSON_DEPTH. Runs after
 * authentication, so the refusal is recorded with who sent it, and for every endpoint, so no
 * service can forget it on the way to SQL.
 */
@Injectable()
export class InputTextGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!AccessTrail.applies(request)) return true;
    const problems = [
      ...namedTextProblems(request.params ?? {}, 'route parameter'),
      ...namedTextProblems(request.query ?? {}, 'query parameter'),
      ...bodyTextProblems(request.body),
    ];
    if (problems.length === 0) return true;
    throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
  }
}
