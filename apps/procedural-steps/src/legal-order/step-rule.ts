import type { CaseStatus } from '@icjims/contracts';
import type { RuleStep } from './journal-step';
import { JUDGED, PersonState, personsInCase, ProcedureState } from './journal-state';
import { Refusal, refusal } from './refusal';

/**
 * The legal order of one step type. Outside `allowedIn` the step is refused: 409 `case-finished`
 * in a finished case, 409 `already-done` in the statuses of `already`, otherwise 422 `wrong-stage`.
 */
export interface StepRule {
  allowedIn: readonly CaseStatus[];
  already?: { in: readonly CaseStatus[]; reason: string };
  /** The step rests on the one that brought the case into its status, so it may not occur before it. */
  followsCaseStatus: boolean;
  /**
   * The step may name a person who has left the case: ending their detention or a measure (so
   * that none is left running with no way to record its end), and leaving and returning
   * themselves. Any other step about such a person is refused (`person-left`).
   */
  mayNameLeftPerson?: boolean;
  /** Checks of the person, detention, measures, terms … once the case status allows the step. */
  check?: (state: ProcedureState, step: RuleStep) => Refusal | undefined;
  /** The state after the step; only called for a step the checks accept (or while rebuilding an accepted journal). */
  apply: (state: ProcedureState, step: RuleStep) => ProcedureState;
}

export function withStatus(state: ProcedureState, status: ProcedureState['status'], step: RuleStep): ProcedureState {
  return { ...state, status, statusSince: step.occurredAt, statusStepId: step.stepId };
}

/** The person a person-level step names, if the case knows them yet. */
export function personOf(state: ProcedureState, step: RuleStep): PersonState | undefined {
  return step.personId === undefined ? undefined : state.persons[step.personId];
}

/**
 * In court, the case is decided once no accused still in it awaits a verdict — provided the
 * court judged someone still in it: when every accused has left, nothing was decided here.
 */
export function decidedWhenAllJudged(state: ProcedureState, step: RuleStep): ProcedureState {
  if (state.status !== 'in_court') return state;
  const inCase = personsInCase(state);
  const awaiting = inCase.some((person) => person.status === 'accused');
  return !awaiting && inCase.some((person) => JUDGED.includes(person.status)) ? withStatus(state, 'decided', step) : state;
}

/** The state with the step's person updated (a person-level step always names one; the catalogue check ensures it). */
export function updatePerson(state: ProcedureState, step: RuleStep, update: (person: PersonState | undefined) => PersonState): ProcedureState {
  if (step.personId === undefined) return state;
  return { ...state, persons: { ...state.persons, [step.personId]: update(state.persons[step.personId]) } };
}

export function mapPersons(state: ProcedureState, update: (person: PersonState) => PersonState): ProcedureState {
  return { ...state, persons: Object.fromEntries(Object.entries(state.persons).map(([id, person]) => [id, update(person)])) };
}

/** A new person, given a status by this step. */
export function newPerson(status: PersonState['status'], step: RuleStep): PersonState {
  return { status, since: step.occurredAt, sinceStepId: step.stepId, suspicionNotified: false, measures: {}, pleaAgreement: false };
}

export function withPersonStatus(person: PersonState, status: PersonState['status'], step: RuleStep): PersonState {
  return { ...person, status, since: step.occurredAt, sinceStepId: step.stepId };
}

/** Detention and every preventive measure end (termination, closure). */
export function endLiberty(person: PersonState, at: Date): PersonState {
  const wasDetained = Boolean(person.detention || person.measures.custody);
  return { ...person, detention: undefined, measures: {}, releasedAt: wasDetained ? at : person.releasedAt };
}

/** A datetime detail as an instant; the catalogue has validated its format. */
export function instantDetail(step: RuleStep, name: string): Date | undefined {
  const value = step.details[name];
  return typeof value === 'string' ? new Date(value) : undefined;
}

/** A new end of a term must lie after the step and after the end it replaces. */
export function laterTerm(occurredAt: Date, current: Date | undefined, next: Date | undefined, what: string): Refusal | undefined {
  if (next === undefined) return undefined; // no end given: optional on an application, required ones are refused by the catalogue check
  if (next.getTime() <= occurredAt.getTime()) return refusal('invalid-term', `details.until must be after occurredAt: ${what} cannot end in the past`, 'details.until');
  if (current && next.getTime() <= current.getTime()) {
    return refusal('invalid-term', `details.until must be after the current end of ${what} (${current.toISOString()})`, 'details.until');
  }
  return undefined;
}
