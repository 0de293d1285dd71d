import { DomainError, FieldProblem } from '@icjims/contracts';
import { textsIn } from '../i18n/texts';
import { Refusal } from '../legal-order';

/**
 * A step the legal order refuses: 409 `conflict` (the step collides with what the journal
 * holds) or 422 `rule-violation` (the order of procedure forbids it), as ConflictError and
 * RuleViolationError, saying why, with the problem's title in the request's language (its type never changes).
 */
export class LegalOrderRefusalError extends DomainError {
  readonly status: 409 | 422;
  readonly problemType: 'conflict' | 'rule-violation';
  readonly title: string;

  constructor(refusal: Refusal, language: string) {
    const fields: FieldProblem[] = refusal.field ? [{ field: refusal.field, reason: refusal.reason }] : [];
    super(`${refusal.reason} (${refusal.code})`, fields);
    this.status = refusal.status;
    this.problemType = refusal.status === 409 ? 'conflict' : 'rule-violation';
    this.title = textsIn(language).problemTitles[this.problemType];
  }
}
