import { COURT_REQUESTS } from '@icjims/contracts';
import type { ViolationResponse } from '@icjims/jurisdiction';
import { codeRefusal, countRefusal, dateRefusal, dayOf, endOfTerm, idRefusal, notBefore, textRefusal } from './checks';
import type { DecisionContext, RecordCourtDecision, RecordViolation, RespondToViolation, SubmitToCourt } from './commands';
import { accept, Decision, refuse, unless } from './decision';
import { entry, ProbationEntry } from './entries';
import { MAX_TERM_MONTHS } from './probation-rules';
import { firstRefusal, Refusal, refusal } from './refusal';
import { pendingSubmissions, ProbationCaseState } from './stream-state';

/** Violations, the officer's responses, submissions to court and the court's decisions. */

/** A violation of one of the case's obligations (the court's, or an item of the plan). */
export function decideRecordViolation(state: ProbationCaseState, command: RecordViolation, context: DecisionContext): Decision {
  const own = new Set([...state.obligations, ...state.plan.map((item) => item.obligation)]);
  const refused = firstRefusal(
    () => idRefusal(command.violationId, 'violationId'),
    () => (state.violations[command.violationId] ? refusal('already-done', `violation ${command.violationId} is already recorded`, 'violationId') : undefined),
    () => codeRefusal(context.pack.obligations, command.obligation, 'obligations', 'obligation'),
    () => (own.has(command.obligation) ? undefined : refusal('invalid-command', `${command.obligation} is not an obligation of this case (${[...own].join(', ') || 'none'})`, 'obligation')),
    () => codeRefusal(context.pack.violationTypes, command.violationType, 'violation types', 'violationType'),
    () => dateRefusal(command.occurredOn, 'occurredOn', { notAfter: dayOf(command.occurredAt, context), notBefore: { date: state.startsOn, what: 'the start of the term' } }),
    () => textRefusal(command.evidence, 'evidence', 4000),
  );
  return unless(refused, () =>
    accept(
      entry('violation_recorded', command.occurredAt, {
        violationId: command.violationId,
        obligation: command.obligation,
        violationType: command.violationType,
        occurredOn: command.occurredOn,
        ...(command.evidence !== undefined && { evidence: command.evidence }),
      }),
    ),
  );
}

/**
 * A response the pack ranks above others may require one of them given earlier in the case
 * (`requiresEarlier`), to this violation or another: a submission for revocation after a written
 * warning. Every response given so far counts, a submission to court among them.
 */
function responseOrderRefusal(state: ProbationCaseState, response: ViolationResponse | undefined, field: string): Refusal | undefined {
  const required = response?.requiresEarlier ?? [];
  if (!response || required.length === 0) return undefined;
  const given = new Set(Object.values(state.violations).flatMap((violation) => violation.responses));
  if (required.some((code) => given.has(code))) return undefined;
  return refusal('response-order', `${response.code} needs ${required.join(' or ')} given earlier in the case, and none was`, field);
}

/** A response that stays with probation (warning, written warning …); one that goes to court is a submission. */
export function decideRespondToViolation(state: ProbationCaseState, command: RespondToViolation, context: DecisionContext): Decision {
  const violation = state.violations[command.violationId];
  const response = context.pack.violationResponses.find((candidate) => candidate.code === command.response);
  const refused = firstRefusal(
    () => (violation ? undefined : refusal('missing-prerequisite', `no violation ${command.violationId} is recorded`, 'violationId')),
    () => codeRefusal(context.pack.violationResponses, command.response, 'violation responses', 'response'),
    () => (response?.courtRequest ? refusal('invalid-command', `${command.response} asks the court for ${response.courtRequest}: submit it to court`, 'response') : undefined),
    () => (violation?.responses.includes(command.response) ? refusal('already-done', `violation ${command.violationId} already had ${command.response}`, 'response') : undefined),
    () => responseOrderRefusal(state, response, 'response'),
  );
  return unless(refused, () => accept(entry('violation_responded', command.occurredAt, { violationId: command.violationId, response: command.response })));
}

/**
 * A submission to court. Extension and revocation answer a recorded violation: the submission
 * is that violation's response to court (the pack's response with that `courtRequest`), so both
 * entries are appended. Early termination answers good conduct, with no violation.
 */
export function decideSubmitToCourt(state: ProbationCaseState, command: SubmitToCourt, context: DecisionContext): Decision {
  const base = firstRefusal(
    () => idRefusal(command.submissionId, 'submissionId'),
    () => (state.submissions[command.submissionId] ? refusal('already-done', `submission ${command.submissionId} is already recorded`, 'submissionId') : undefined),
    () => ((COURT_REQUESTS as readonly string[]).includes(command.request) ? undefined : refusal('invalid-command', `request must be one of ${COURT_REQUESTS.join(', ')}`, 'request')),
    () => (pendingSubmissions(state, command.request).length ? refusal('already-done', `a submission for ${command.request} is pending`, 'request') : undefined),
  );
  if (base) return refuse(base);
  const submitted = entry('court_submitted', command.occurredAt, { submissionId: command.submissionId, request: command.request, ...(command.violationId !== undefined && { violationId: command.violationId }) });
  if (command.request === 'early_termination') {
    const refused = firstRefusal(
      () => (command.violationId === undefined ? undefined : refusal('invalid-command', 'early termination answers good conduct, not a violation', 'violationId')),
      () => (state.status === 'absconded' ? refusal('wrong-status', 'the person is absconding: no early termination') : undefined),
      () => (pendingSubmissions(state, 'revocation').length ? refusal('wrong-status', 'a revocation is pending') : undefined),
    );
    return unless(refused, () => accept(submitted));
  }
  const violation = command.violationId === undefined ? undefined : state.violations[command.violationId];
  const response = context.pack.violationResponses.find((candidate) => candidate.courtRequest === command.request);
  const refused = firstRefusal(
    () => (violation ? undefined : refusal('missing-prerequisite', `no ${command.request} without a recorded violation`, 'violationId')),
    () => (response ? undefined : refusal('unknown-code', `the pack has no violation response that asks the court for ${command.request}`, 'request')),
    () => (violation && dayOf(command.occurredAt, context) < violation.occurredOn ? refusal('occurred-too-early', `occurredAt must not be before the violation (${violation.occurredOn})`, 'occurredAt') : undefined),
    () => responseOrderRefusal(state, response, 'request'),
  );
  if (refused || !response || command.violationId === undefined) return refuse(refused ?? refusal('missing-prerequisite', 'no violation', 'violationId'));
  return accept(entry('violation_responded', command.occurredAt, { violationId: command.violationId, response: response.code }), submitted);
}

/**
 * The court decided a pending submission. A granted extension moves the end of the term by its
 * months; a granted revocation ends the case `revoked`, a granted early termination `terminated_early`.
 */
export function decideRecordCourtDecision(state: ProbationCaseState, command: RecordCourtDecision, context: DecisionContext): Decision {
  const submission = state.submissions[command.submissionId];
  const extended = submission?.request === 'extension' && command.granted === true;
  const refused = firstRefusal(
    () => (submission ? undefined : refusal('missing-prerequisite', `no submission ${command.submissionId} is pending`, 'submissionId')),
    () => (submission?.decision ? refusal('already-done', `submission ${command.submissionId} is already decided`, 'submissionId') : undefined),
    () => (typeof command.granted === 'boolean' ? undefined : refusal('invalid-command', 'granted must be true or false', 'granted')),
    () => notBefore(command.occurredAt, submission?.submittedAt, 'the submission'),
    () => {
      if (!extended) return command.extensionMonths === undefined ? undefined : refusal('invalid-command', 'only a granted extension has extensionMonths', 'extensionMonths');
      return countRefusal(command.extensionMonths, 'extensionMonths', MAX_TERM_MONTHS - state.termMonths - state.extensionMonths);
    },
  );
  if (refused || !submission) return refuse(refused ?? refusal('missing-prerequisite', 'no submission', 'submissionId'));
  const months = command.extensionMonths as number;
  const endsOn = extended ? endOfTerm(state.startsOn, state.termMonths + state.extensionMonths + months, 'extensionMonths') : undefined;
  if (endsOn !== undefined && typeof endsOn !== 'string') return refuse(endsOn);
  const decided = entry('court_decided', command.occurredAt, {
    submissionId: command.submissionId,
    request: submission.request,
    granted: command.granted,
    ...(endsOn !== undefined && { extensionMonths: months, endsOn }),
  });
  const entries: ProbationEntry[] = [decided];
  const endedOn = dayOf(command.occurredAt, context);
  if (command.granted && submission.request === 'revocation') entries.push(entry('ended', command.occurredAt, { end: 'revoked', endedOn }));
  if (command.granted && submission.request === 'early_termination') entries.push(entry('ended', command.occurredAt, { end: 'terminated_early', endedOn }));
  return accept(...entries);
}

