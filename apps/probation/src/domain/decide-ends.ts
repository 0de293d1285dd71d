import { dateRefusal, dayOf, today } from './checks';
import type { BreachDeadline, CompleteAtTermEnd, DecisionContext, RecordAbsconding, RecordDeath, RecordFound } from './commands';
import { isRunning } from './deadlines';
import { accept, Decision, unless } from './decision';
import { entry } from './entries';
import { firstRefusal, refusal } from './refusal';
import { pendingSubmissions, PreSentenceReportState, ProbationCaseState } from './stream-state';

/** Absconding and being found, and the ends that are not the court's: death, completion at term end. */

export function decideRecordAbsconding(state: ProbationCaseState, command: RecordAbsconding, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => (state.status === 'absconded' ? refusal('already-done', `the person is absconding since ${state.abscondedSince}`) : undefined),
    () => dateRefusal(command.since, 'since', { notAfter: dayOf(command.occurredAt, context), notBefore: { date: state.startsOn, what: 'the start of the term' } }),
  );
  return unless(refused, () => accept(entry('absconded', command.occurredAt, { since: command.since })));
}

/** Found: supervision goes on (`active`). */
export function decideRecordFound(state: ProbationCaseState, command: RecordFound, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => (state.status === 'absconded' ? undefined : refusal('wrong-status', 'the person is not absconding')),
    () => dateRefusal(command.on, 'on', { notAfter: dayOf(command.occurredAt, context), notBefore: { date: state.abscondedSince ?? state.startsOn, what: 'the absconding' } }),
  );
  return unless(refused, () => accept(entry('found', command.occurredAt, { on: command.on })));
}

export function decideRecordDeath(state: ProbationCaseState, command: RecordDeath, context: DecisionContext): Decision {
  const refused = dateRefusal(command.diedOn, 'diedOn', { notAfter: dayOf(command.occurredAt, context), notBefore: { date: state.startsOn, what: 'the start of the term' } });
  return unless(refused, () => accept(entry('ended', command.occurredAt, { end: 'deceased', endedOn: command.diedOn })));
}

/**
 * The system completes a case when its term has run out (on `endsOn`, in the pack's zone) — a
 * community-work case when the ordered hours are worked instead — unless the person is
 * absconding or a revocation or extension is pending. Otherwise the case stays active and its
 * term-end deadline, unmet, is breached.
 */
export function decideCompleteAtTermEnd(state: ProbationCaseState, command: CompleteAtTermEnd, context: DecisionContext): Decision {
  const on = today(context);
  const work = state.communityWork;
  const pending = pendingSubmissions(state, 'revocation', 'extension');
  const refused = firstRefusal(
    () => (state.status === 'absconded' ? refusal('wrong-status', `the person is absconding since ${state.abscondedSince}: the term does not complete`) : undefined),
    () => (pending.length ? refusal('wrong-status', `a submission for ${pending[0][1].request} (${pending[0][0]}) is pending`) : undefined),
    () => {
      if (work) return work.worked >= work.ordered ? undefined : refusal('term-not-over', `${work.worked} of ${work.ordered} ordered hours are worked`);
      return on >= state.endsOn ? undefined : refusal('term-not-over', `the term runs until ${state.endsOn}`);
    },
  );
  return unless(refused, () => accept(entry('ended', command.occurredAt, { end: 'completed', endedOn: work ? on : state.endsOn })));
}

/** The system records a deadline of the stream that passed unmet, once. */
export function decideBreachDeadline(state: ProbationCaseState | PreSentenceReportState, command: BreachDeadline, context: DecisionContext): Decision {
  const clock = state.deadlines.find((candidate) => isRunning(candidate) && candidate.rule === command.rule && candidate.dueOn === command.dueOn);
  const refused = firstRefusal(
    () => (clock ? undefined : refusal('missing-prerequisite', `no deadline ${command.rule} due on ${command.dueOn} is running`, 'rule')),
    () => (clock?.breached ? refusal('already-done', `${command.rule} due on ${command.dueOn} is already recorded as breached`, 'rule') : undefined),
    () => (command.dueOn < today(context) ? undefined : refusal('invalid-command', `${command.rule} is due on ${command.dueOn}, which has not passed`, 'dueOn')),
  );
  return unless(refused, () => accept(entry('deadline_breached', command.occurredAt, { rule: command.rule, dueOn: command.dueOn })));
}

