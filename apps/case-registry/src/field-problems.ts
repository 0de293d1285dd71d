import { FieldProblem, InvalidInputError } from '@icjims/contracts';

/** A 400 naming every offending field at once. */
export function invalidInput(problems: FieldProblem[]): InvalidInputError {
  return new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
}

export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length) throw invalidInput(problems);
}
