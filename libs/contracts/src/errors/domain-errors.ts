/** One field a request got wrong, and why. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Errors the domain and the platform throw; one filter maps them to RFC 9457
 * problem+json. Nothing in a domain throws HTTP exceptions.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly problemType: string;
  abstract readonly title: string;

  /** `fields`: the request fields at fault, listed as `errors` in the problem. */
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly problemType = 'invalid-input';
  readonly title = 'Invalid input';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly problemType = 'unauthenticated';
  readonly title = 'Authentication required';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly problemType = 'forbidden';
  readonly title = 'Forbidden';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly problemType = 'not-found';
  readonly title = 'Not found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly problemType = 'conflict';
  readonly title = 'Conflict';
}

/** A well-formed request that the rules of procedure do not allow. */
export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly problemType = 'rule-violation';
  readonly title = 'Not allowed by the rules';
}
