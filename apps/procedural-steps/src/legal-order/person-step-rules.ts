import type { CaseStatus } from '@icjims/contracts';
import type { LeavingReason } from '../step-types/step-catalogue';
import { JUDGED, OPEN_STATUSES, PersonState } from './journal-state';
import type { RuleStep } from './journal-step';
import { notBefore, refusal } from './refusal';
import { decidedWhenAllJudged, newPerson, personOf, StepRule, updatePerson, withPersonStatus } from './step-rule';

/** The kind and term of the sentence a step imposes (the catalogue has checked their types). */
function sentenceOf(step: RuleStep): PersonState['sentence'] {
  const { sentenceType, termMonths } = step.details;
  return typeof termMonths === 'number' ? { type: String(sentenceType), termMonths } : { type: String(sentenceType) };
}

/**
 * Leaving and returning concern persons with standing, so not before the investigation; they
 * follow case-registry in a terminated case too, which may be resumed.
 */
const PRESENCE_STATUSES: readonly CaseStatus[] = [...OPEN_STATUSES.filter((status) => status !== 'registered'), 'terminated'];

/** Rules of the steps that give one person their procedural standing, and take them out of the case and back. */
export const PERSON_STEP_RULES: Readonly<Record<string, StepRule>> = {
  suspicion_notified: {
    allowedIn: ['under_investigation'],
    followsCaseStatus: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person) return undefined;
      if (person.status !== 'suspect') return refusal('already-done', `the person is already ${person.status}`);
      if (person.suspicionNotified) return refusal('already-done', 'the suspicion has already been notified to this person');
      return notBefore(step, person.since, `the person became a suspect (step ${person.sinceStepId})`);
    },
    apply: (state, step) => updatePerson(state, step, (person) => ({ ...(person ?? newPerson('suspect', step)), suspicionNotified: true })),
  },

  plea_agreement: {
    allowedIn: ['under_investigation', 'in_court'],
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person) return refusal('missing-prerequisite', 'a plea agreement is concluded with a suspect or accused: this person is neither');
      if (JUDGED.includes(person.status)) return refusal('wrong-stage', `the person is already ${person.status}`);
      if (person.pleaAgreement) return refusal('already-done', 'a plea agreement with this person is already recorded');
      return notBefore(step, person.since, `the person became ${person.status} (step ${person.sinceStepId})`);
    },
    apply: (state, step) => updatePerson(state, step, (person) => ({ ...(person ?? newPerson('suspect', step)), pleaAgreement: true })),
  },

  verdict: {
    allowedIn: ['in_court', 'under_appeal'],
    followsCaseStatus: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || person.status === 'suspect') return refusal('missing-prerequisite', 'a verdict is given on an accused: this person has not been indicted');
      // On appeal the appeal court's verdict replaces the earlier one, once per appeal.
      if (person.verdict && person.verdict.round >= state.appealRound && state.status === 'under_appeal') {
        return refusal('already-done', 'the appeal court’s verdict on this person is already recorded');
      }
      if (person.verdict && state.status === 'in_court') return refusal('already-done', 'a verdict on this person is already recorded');
      return notBefore(step, person.since, `the person became ${person.status} (step ${person.sinceStepId})`);
    },
    apply: (state, step) => {
      const acquitted = step.details.outcome === 'acquittal';
      const judged = updatePerson(state, step, (person) => {
        const base = person ?? newPerson('accused', step);
        const sentenced = !acquitted && base.sentenceRound !== undefined;
        return {
          ...withPersonStatus(base, acquitted ? 'acquitted' : sentenced ? 'sentenced' : 'convicted', step),
          verdict: { outcome: acquitted ? 'acquittal' : 'conviction', round: state.appealRound },
          sentenceRound: acquitted ? undefined : base.sentenceRound,
        };
      });
      return decidedWhenAllJudged(judged, step);
    },
  },

  sentence: {
    allowedIn: ['in_court', 'decided', 'under_appeal'],
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || (person.status !== 'convicted' && person.status !== 'sentenced')) {
        return refusal('missing-prerequisite', 'a sentence is imposed on a convicted person: this person is not convicted');
      }
      const appealed = state.status === 'under_appeal' && (person.sentenceRound ?? -1) < state.appealRound;
      if (person.status === 'sentenced' && !appealed) return refusal('already-done', 'a sentence on this person is already recorded');
      return notBefore(step, person.since, `the person became ${person.status} (step ${person.sinceStepId})`);
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => ({
        ...withPersonStatus(person ?? newPerson('convicted', step), 'sentenced', step),
        sentenceRound: state.appealRound,
        sentence: sentenceOf(step),
      })),
  },

  // A person no effective step names is not the journal's concern: the system records neither step
  // about them, and one recorded before a correction annulled what named them changes nothing.
  person_left: {
    allowedIn: PRESENCE_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => (personOf(state, step)?.left ? refusal('already-done', 'the person has already left the case') : undefined),
    apply: (state, step) => {
      const person = personOf(state, step);
      if (!person) return state;
      const left = { since: step.occurredAt, stepId: step.stepId, reason: step.details.reason as LeavingReason };
      return decidedWhenAllJudged(updatePerson(state, step, () => ({ ...person, left })), step);
    },
  },

  person_returned: {
    allowedIn: PRESENCE_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person) return undefined;
      if (!person.left) return refusal('already-done', 'the person has not left the case');
      // The court decided the case without them: an accused is not brought back to a trial that is over.
      if (person.status === 'accused' && (state.status === 'decided' || state.status === 'under_appeal')) {
        return refusal('wrong-stage', `the case was decided while the accused was away (${state.status}): they cannot be tried in it any more`);
      }
      return undefined;
    },
    apply: (state, step) => {
      const person = personOf(state, step);
      if (!person) return state;
      const { left: _left, ...back } = person;
      return decidedWhenAllJudged(updatePerson(state, step, () => back), step);
    },
  },
};
