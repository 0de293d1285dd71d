import type { PreventiveMeasure } from '../step-types/step-catalogue';
import { isDetained, OPEN_STATUSES, PersonState } from './journal-state';
import type { RuleStep } from './journal-step';
import { refusal } from './refusal';
import { instantDetail, personOf, StepRule, updatePerson } from './step-rule';

/**
 * The standing a person brings from another case (joined into this one, or split off into it),
 * as the system records it here: it counts from the source case's dates, not from the transfer.
 * A person who has standing here already keeps it, gaining what the source adds (a notified
 * suspicion, a plea agreement, an open detention).
 */
function receiveStanding(person: PersonState | undefined, step: RuleStep): PersonState {
  const detainedSince = instantDetail(step, 'detainedSince');
  const detention = detainedSince && { stepId: step.stepId, since: detainedSince };
  if (!person) {
    return {
      status: step.details.status as PersonState['status'],
      since: instantDetail(step, 'since') as Date,
      sinceStepId: step.stepId,
      suspicionNotified: step.details.suspicionNotified === true,
      pleaAgreement: step.details.pleaAgreement === true,
      measures: {},
      ...(detention && { detention }),
    };
  }
  return {
    ...person,
    suspicionNotified: person.suspicionNotified || step.details.suspicionNotified === true,
    pleaAgreement: person.pleaAgreement || step.details.pleaAgreement === true,
    ...(detention && !isDetained(person) && { detention }),
  };
}

/** Rules of the system steps that carry a person's standing, measures and clocks into this case. */
export const RECEIVED_STANDING_RULES: Readonly<Record<string, StepRule>> = {
  standing_received: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    apply: (state, step) => updatePerson(state, step, (person) => receiveStanding(person, step)),
  },

  measure_received: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person) return refusal('missing-prerequisite', 'a measure is received with the person’s standing: standing_received comes first');
      const measure = step.details.measure as PreventiveMeasure;
      return person.measures[measure] ? refusal('already-done', `${measure} is already running for this person`, 'details.measure') : undefined;
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => {
        const base = person as PersonState;
        const until = instantDetail(step, 'until');
        const running = { stepId: step.stepId, decidedAt: instantDetail(step, 'decidedAt') as Date, ...(until && { until }) };
        const measures = { ...base.measures, [step.details.measure as PreventiveMeasure]: running };
        // Custody takes over from a detention, as when it is applied here.
        return step.details.measure === 'custody' ? { ...base, measures, detention: undefined } : { ...base, measures };
      }),
  },

  // The clock itself is the deadline rules' business; the procedure's state does not change.
  deadline_received: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => (personOf(state, step) ? undefined : refusal('missing-prerequisite', 'a deadline is received with the person’s standing: standing_received comes first')),
    apply: (state) => state,
  },
};
