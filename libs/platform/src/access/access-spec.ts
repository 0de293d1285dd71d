import { SetMetadata } from '@nestjs/common';

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
}

export const ACCESS_SPEC = 'icjims:access-spec';

/** Declares how calls to this endpoint appear in the access trail. */
export const AccessTo = (spec: AccessSpec) => SetMetadata(ACCESS_SPEC, spec);
