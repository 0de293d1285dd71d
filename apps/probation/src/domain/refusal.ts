/**
 * Why a command is refused. The rule for the status:
 * - 403: the actor may not do this here — a command only the system gives (`system-only`), or a
 *   case (or report) of another office than the actor's (`other-office`).
 * - 409: the command collides with what the stream already holds — it has ended (`stream-ended`:
 *   a case completed, revoked …, a report submitted or withdrawn), or what it asks is already done
 *   (`already-done`: opened twice, an id used before, a contact already recorded).
 * - 422: the legal order forbids it — a step it presupposes is missing (`missing-prerequisite`: no
 *   allocation yet, no violation, no pending submission), the stream is not in a status where it
 *   belongs (`wrong-status`: absconded, already found), a date in the future (`future-date`) or
 *   before what it rests on (`occurred-too-early`), a code the pack does not know (`unknown-code`),
 *   a case of the wrong type (`wrong-case-type`), more hours than ordered (`hours-exceeded`), a term
 *   that has not run out or hours not worked (`term-not-over`), answers that do not fit the
 *   instrument (`invalid-answers`), a response before the lesser one the pack requires first
 *   (`response-order`: a submission for revocation before a written warning), or a malformed
 *   command (`invalid-command`).
 */
export const REFUSAL_CODES = {
  'system-only': 403,
  'other-office': 403,
  'stream-ended': 409,
  'already-done': 409,
  'missing-prerequisite': 422,
  'wrong-status': 422,
  'future-date': 422,
  'occurred-too-early': 422,
  'unknown-code': 422,
  'wrong-case-type': 422,
  'hours-exceeded': 422,
  'term-not-over': 422,
  'invalid-answers': 422,
  'response-order': 422,
  'invalid-command': 422,
} as const;
export type RefusalCode = keyof typeof REFUSAL_CODES;

export interface Refusal {
  status: 403 | 409 | 422;
  code: RefusalCode;
  reason: string;
  /** The command field at fault, e.g. `occurredAt`, `office`, `answers.employment`. */
  field?: string;
}

export function refusal(code: RefusalCode, reason: string, field?: string): Refusal {
  return field === undefined ? { status: REFUSAL_CODES[code], code, reason } : { status: REFUSAL_CODES[code], code, reason, field };
}

/** The first refusal of several checks, each run only if the ones before it passed. */
export function firstRefusal(...checks: Array<() => Refusal | undefined>): Refusal | undefined {
  for (const check of checks) {
    const refused = check();
    if (refused) return refused;
  }
  return undefined;
}
