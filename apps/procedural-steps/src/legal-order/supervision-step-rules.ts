import { CASE_STATUSES } from '@icjims/contracts';
import type { PersonState, PreSentenceReport } from './journal-state';
import { notBefore, refusal } from './refusal';
import { personOf, StepRule, updatePerson } from './step-rule';

/** The standings on which a pre-sentence report is requested: suspected or accused, before the verdict. */
const BEFORE_THE_VERDICT: readonly PersonState['status'][] = ['suspect', 'accused'];

/** The request a received report answers: a step of this case, requested on this person. */
function requestOf(person: PersonState | undefined, requestStepId: unknown): PreSentenceReport | undefined {
  return typeof requestStepId === 'string' ? person?.reports?.[requestStepId] : undefined;
}

/** The person's request still waiting for its report, if any. */
function pendingRequest(person: PersonState): string | undefined {
  return Object.entries(person.reports ?? {}).find(([, report]) => !report.receivedStepId)?.[0];
}

/**
 * Rules of the steps that hand a person to the probation service or ask it for a report: parole
 * (conditional early release) and pre-sentence reports.
 */
export const SUPERVISION_STEP_RULES: Readonly<Record<string, StepRule>> = {
  // Parole comes while the sentence is served, long after the judgment: the case is decided or closed by then.
  conditional_early_release: {
    allowedIn: ['decided', 'closed'],
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || person.status !== 'sentenced' || person.sentence?.type !== 'imprisonment') {
        return refusal('missing-prerequisite', 'conditional early release is granted to a person serving imprisonment under this case’s sentence: this person is not', 'personId');
      }
      if (person.releasedOnParole) return refusal('already-done', `the person was already released on parole (step ${person.releasedOnParole.stepId})`);
      const termMonths = step.details.termMonths;
      if (typeof termMonths === 'number' && person.sentence.termMonths !== undefined && termMonths > person.sentence.termMonths) {
        return refusal('invalid-term', `details.termMonths must not exceed the sentence of ${person.sentence.termMonths} months`, 'details.termMonths');
      }
      return notBefore(step, person.since, `the person was sentenced (step ${person.sinceStepId})`);
    },
    apply: (state, step) => updatePerson(state, step, (person) => ({ ...(person as PersonState), releasedOnParole: { stepId: step.stepId, at: step.occurredAt } })),
  },

  pre_sentence_report_requested: {
    allowedIn: ['under_investigation', 'in_court'],
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || !BEFORE_THE_VERDICT.includes(person.status)) {
        return refusal('missing-prerequisite', 'a pre-sentence report is requested on a suspect or accused before the verdict: this person is neither', 'personId');
      }
      const pending = pendingRequest(person);
      if (pending) return refusal('already-done', `a pre-sentence report on this person is already requested (step ${pending}) and not received yet`);
      return notBefore(step, person.since, `the person became ${person.status} (step ${person.sinceStepId})`);
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => ({ ...(person as PersonState), reports: { ...person?.reports, [step.stepId]: { requestedAt: step.occurredAt } } })),
  },

  // The answer to a request this journal holds: recorded whatever happened to the case or the person meanwhile.
  pre_sentence_report_received: {
    allowedIn: CASE_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => {
      const request = requestOf(personOf(state, step), step.details.requestStepId);
      if (!request) return refusal('missing-prerequisite', 'details.requestStepId must be a pre-sentence report requested on this person in this case', 'details.requestStepId');
      if (request.receivedStepId) return refusal('already-done', `the report this request asked for was already received (step ${request.receivedStepId})`, 'details.requestStepId');
      return notBefore(step, request.requestedAt, 'the report was requested');
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => {
        const requestStepId = String(step.details.requestStepId);
        const reports = person?.reports ?? {};
        return { ...(person as PersonState), reports: { ...reports, [requestStepId]: { ...reports[requestStepId], receivedStepId: step.stepId } } };
      }),
  },
};
