import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { PURPOSE_HEADER } from './access-purposes';

/** What an endpoint does, for the access trail. */
export interface AccessSpec {
  /** Verb in the domain's words: register, read, list, record … */
  action: string;
  /** The kind of thing touched: case, step, probation-case, indicator, access-log … */
  resourceType: string;
  /** Route parameter holding the resource id (otherwise the response's `id`). */
  resourceIdParam?: string;
  /** Route parameter holding the case id (otherwise the response's `caseId`). */
  caseIdParam?: string;
  /** Query parameter holding the case id, for lists filtered by case. */
  caseIdQuery?: string;
  /** Route parameter naming a person consulted; recorded in the entry's `personIds`. */
  personIdParam?: string;
  /**
   * `'required'`: the caller must state why (X-Purpose) — reads of personal data. Missing or
   * unknown is a 400 naming X-Purpose. Elsewhere X-Purpose is optional, checked when sent.
   */
  purpose?: 'required';
  /** A public route (analytics' open data): the entry names no caller — no token identity, no source address. */
  anonymous?: true;
}

export const ACCESS_SPEC = 'icjims:access-spec';

/** Declares how calls to this endpoint appear in the access trail, and documents X-Purpose. */
export const AccessTo = (spec: AccessSpec) =>
  applyDecorators(
    SetMetadata(ACCESS_SPEC, spec),
    ApiHeader({
      name: PURPOSE_HEADER,
      required: spec.purpose === 'required',
      description:
        spec.purpose === 'required'
          ? 'Why you consult this personal data: a code from GET /api/v1/access-purposes. Recorded in the access log.'
          : 'Optional: why you make this call, a code from GET /api/v1/access-purposes. Recorded in the access log.',
      schema: { type: 'string', maxLength: 64 },
    }),
  );
