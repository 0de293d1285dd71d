/** Test factories: steps and typical journals, for the legal-order specs (not used by the service). */
import type { CaseStatus } from '@icjims/contracts';
import type { LeavingReason, PreventiveMeasure, SentenceType, VerdictOutcome } from '../step-types/step-catalogue';
import type { StepDetails } from '../steps/step-rules';
import { decide, replay } from './journal';
import type { JournalState } from './journal-state';
import type { AmendCorrection, JournalFacts, JournalStep } from './journal-step';
import type { RefusalCode } from './refusal';

export const RECEIVED_AT = new Date('2026-03-01T08:00:00Z');
export const FACTS: JournalFacts = { receivedAt: RECEIVED_AT };
export const P1 = '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11';
export const P2 = '5c1f2a77-2c0b-4d3e-8f61-0d7f9b7e2a22';

const HOUR = 3_600_000;
let sequence = 0;

/** Each new step happens an hour after the previous one, so journals are in time order unless a test says otherwise. */
function next(stepType: string, fields: Partial<JournalStep> = {}): JournalStep {
  sequence += 1;
  return { stepId: `step-${sequence}`, stepType, occurredAt: new Date(RECEIVED_AT.getTime() + sequence * HOUR), details: {}, ...fields };
}

function withUntil(step: JournalStep, days: number | undefined): JournalStep {
  if (days === undefined) return step;
  return { ...step, details: { ...step.details, until: new Date(step.occurredAt.getTime() + days * 24 * HOUR).toISOString() } };
}

/** The last step of a journal: the one a scenario refers back to. */
export const last = (steps: readonly JournalStep[]): JournalStep => steps[steps.length - 1];
export const occurring = (step: JournalStep, occurredAt: Date): JournalStep => ({ ...step, occurredAt });
export const hoursBefore = (step: JournalStep, hours: number): Date => new Date(step.occurredAt.getTime() - hours * HOUR);

export const registration = () => next('registration');
export const investigationStarted = () => next('investigation_started');
export const termExtended = (days = 90) => withUntil(next('investigation_term_extended'), days);
export const suspended = () => next('proceedings_suspended', { details: { ground: 'suspect_absconding' } });
export const resumed = () => next('proceedings_resumed');
export const terminated = () => next('proceedings_terminated', { details: { ground: 'death_of_suspect' } });
export const indictment = () => next('indictment');
export const hearing = () => next('court_hearing');
export const appealFiled = () => next('appeal_filed');
export const appealDecided = (outcome = 'upheld') => next('appeal_decided', { details: { outcome } });
export const closed = () => next('case_closed');
export const joined = () => next('case_joined', { details: { intoCaseId: '9d2b8a1c-0c6e-4c8e-b1a0-3f5e2d1c4b5a' } });

export const suspicion = (personId: string) => next('suspicion_notified', { personId, details: { offenceArticle: '209-1' } });
export const detention = (personId: string) => next('detention', { personId });
export const release = (personId: string) => next('release_from_detention', { personId });
export const plea = (personId: string) => next('plea_agreement', { personId });
export const verdict = (personId: string, outcome: VerdictOutcome = 'conviction') => next('verdict', { personId, details: { outcome } });
export const sentence = (personId: string, sentenceType: SentenceType = 'probation') =>
  next('sentence', { personId, details: sentenceType === 'fine' ? { sentenceType } : { sentenceType, termMonths: 12 } });

export const parole = (personId: string, termMonths = 6) => next('conditional_early_release', { personId, details: { termMonths, obligations: ['report_regularly'] } });
export const reportRequested = (personId: string) => next('pre_sentence_report_requested', { personId, details: { dueOn: '2026-04-01', requestedBy: 'court' } });
export const reportReceived = (personId: string, request: JournalStep, reportId = '7e1c2b3a-4d5e-4f60-8a71-9b0c1d2e3f40') =>
  next('pre_sentence_report_received', { personId, details: { requestStepId: request.stepId, reportId, recommendation: 'probation' } });

export const left = (personId: string, reason: LeavingReason = 'split') => next('person_left', { personId, details: { reason } });
export const returned = (personId: string) => next('person_returned', { personId });

/** Standing, a measure and a clock carried in from another case (the source's dates are a day before the transfer). */
export const SOURCE_CASE_ID = '4a7c0e8e-1f0b-4d5e-9c1a-2b3c4d5e6f70';
export const standingReceived = (personId: string, carried: Partial<StepDetails> = {}) => {
  const step = next('standing_received', { personId });
  const dayBefore = new Date(step.occurredAt.getTime() - 24 * HOUR).toISOString();
  return { ...step, details: { fromCaseId: SOURCE_CASE_ID, via: 'join', status: 'suspect', since: dayBefore, suspicionNotified: true, pleaAgreement: false, ...carried } };
};
export const measureReceived = (personId: string, measure: PreventiveMeasure = 'custody') => {
  const step = next('measure_received', { personId });
  const decidedAt = new Date(step.occurredAt.getTime() - 24 * HOUR);
  return { ...step, details: { fromCaseId: SOURCE_CASE_ID, measure, decidedAt: decidedAt.toISOString(), until: new Date(decidedAt.getTime() + 60 * 24 * HOUR).toISOString() } };
};
export const deadlineReceived = (personId: string, rule = 'custody_term', ruleVersion = 1) => {
  const step = next('deadline_received', { personId });
  const startedAt = new Date(step.occurredAt.getTime() - 24 * HOUR);
  return { ...step, details: { fromCaseId: SOURCE_CASE_ID, rule, ruleVersion, startedAt: startedAt.toISOString(), dueAt: new Date(startedAt.getTime() + 60 * 24 * HOUR).toISOString() } };
};

export const measureApplied = (personId: string, measure: PreventiveMeasure = 'custody', untilDays: number | undefined = 60) =>
  withUntil(next('preventive_measure_applied', { personId, details: { measure } }), untilDays);
export const measureExtended = (personId: string, measure: PreventiveMeasure = 'custody', untilDays = 120) =>
  withUntil(next('preventive_measure_extended', { personId, details: { measure } }), untilDays);
export const measureChanged = (personId: string, measure: PreventiveMeasure, newMeasure: PreventiveMeasure) =>
  next('preventive_measure_changed', { personId, details: { measure, newMeasure } });
export const measureLifted = (personId: string, measure: PreventiveMeasure = 'custody') => next('preventive_measure_lifted', { personId, details: { measure } });

export const annul = (corrected: JournalStep) =>
  next('correction', { correction: { correctsStepId: corrected.stepId, reason: 'recorded in the wrong case', action: 'annul' } });
export const amend = (corrected: JournalStep, changes: { occurredAt?: Date; personId?: string; details?: StepDetails }) =>
  next('correction', { correction: { correctsStepId: corrected.stepId, reason: 'typing error', action: 'amend', ...changes } satisfies AmendCorrection });

// Typical journals, each ending in the status its name says.
export const investigating = () => [registration(), investigationStarted()];
export const withSuspects = (...persons: string[]) => [...investigating(), ...persons.map(suspicion)];
export const inCourt = (...persons: string[]) => [...withSuspects(...(persons.length ? persons : [P1])), indictment()];
export const decidedCase = () => [...inCourt(P1), verdict(P1), sentence(P1)];
export const underAppeal = () => [...decidedCase(), appealFiled()];
export const suspendedCase = () => [...withSuspects(P1), suspended()];
export const terminatedCase = () => [...withSuspects(P1), terminated()];
export const closedCase = () => [...decidedCase(), closed()];
export const joinedCase = () => [...investigating(), joined()];

/** The state a journal leads to; fails the test if the journal itself is refused. */
export function given(steps: readonly JournalStep[]): JournalState {
  const replayed = replay(steps, FACTS);
  if (!replayed.ok) throw new Error(`the given journal is refused at ${replayed.atStepId}: ${replayed.refusal.reason}`);
  return replayed.state;
}

/** A scenario: the steps, the last of which is decided on, and the expected status or refusal (e.g. "409 already-done"). */
export interface Scenario {
  name: string;
  steps: () => JournalStep[];
  then: CaseStatus | `${409 | 422} ${RefusalCode}`;
}

/** Runs a table of scenarios: given all steps but the last, when the last, then the status or refusal. */
export function itDecides(scenarios: readonly Scenario[]): void {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => {
    const steps = scenario.steps();
    const decision = decide(given(steps.slice(0, -1)), steps[steps.length - 1]);
    const outcome = decision.ok ? decision.status : `${decision.refusal.status} ${decision.refusal.code}`;
    expect(outcome).toBe(scenario.then);
  });
}
