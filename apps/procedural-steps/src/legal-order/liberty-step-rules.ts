import type { PreventiveMeasure } from '../step-types/step-catalogue';
import { isDetained, OPEN_STATUSES, PersonState, RunningMeasure } from './journal-state';
import type { RuleStep } from './journal-step';
import { notBefore, Refusal, refusal } from './refusal';
import { instantDetail, laterTerm, newPerson, personOf, StepRule, updatePerson } from './step-rule';

/** Preventive measures are applied to a suspect, accused or convicted person (e.g. custody to secure a sentence). */
const MAY_BE_RESTRAINED: readonly PersonState['status'][] = ['suspect', 'accused', 'convicted', 'sentenced'];

function measureOf(step: RuleStep, name = 'measure'): PreventiveMeasure {
  return step.details[name] as PreventiveMeasure;
}

function running(step: RuleStep, until: Date | undefined): RunningMeasure {
  return until === undefined ? { stepId: step.stepId, decidedAt: step.occurredAt } : { stepId: step.stepId, decidedAt: step.occurredAt, until };
}

/** The measure named by the step must be running; extending or changing one that is not is out of order. */
function requireRunning(person: PersonState | undefined, step: RuleStep): RunningMeasure | Refusal {
  const measure = person?.measures[measureOf(step)];
  return measure ?? refusal('missing-prerequisite', `${measureOf(step)} is not running for this person: apply it anew`, 'details.measure');
}

/** Starts a measure; custody takes over from a detention, and ends nothing else. */
function startMeasure(person: PersonState, measure: PreventiveMeasure, step: RuleStep): PersonState {
  const measures = { ...person.measures, [measure]: running(step, instantDetail(step, 'until')) };
  return measure === 'custody' ? { ...person, measures, detention: undefined } : { ...person, measures };
}

/** Ends a measure; the end of custody without a detention is a regained liberty. */
function endMeasure(person: PersonState, measure: PreventiveMeasure, at: Date): PersonState {
  const measures = { ...person.measures };
  delete measures[measure];
  const ended = { ...person, measures };
  return isDetained(person) && !isDetained(ended) ? { ...ended, releasedAt: at } : ended;
}

/** Rules of detention, release and preventive measures. */
export const LIBERTY_STEP_RULES: Readonly<Record<string, StepRule>> = {
  detention: {
    allowedIn: ['under_investigation'],
    followsCaseStatus: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person) return undefined;
      if (isDetained(person)) return refusal('already-done', 'the person is already detained');
      if (person.status !== 'suspect') return refusal('wrong-stage', `detention as a suspect does not apply to a person who is ${person.status}: apply custody`);
      return notBefore(step, person.since, `the person became a suspect (step ${person.sinceStepId})`) ?? notBefore(step, person.releasedAt, 'the person’s last release');
    },
    apply: (state, step) => updatePerson(state, step, (person) => ({ ...(person ?? newPerson('suspect', step)), detention: { stepId: step.stepId, since: step.occurredAt } })),
  },

  release_from_detention: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || !isDetained(person)) return refusal('already-done', 'the person is not detained');
      return notBefore(step, person.detention?.since, 'the detention it ends') ?? notBefore(step, person.measures.custody?.decidedAt, 'the custody it ends');
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => {
        const released = endMeasure(person ?? newPerson('suspect', step), 'custody', step.occurredAt);
        return { ...released, detention: undefined, releasedAt: step.occurredAt };
      }),
  },

  preventive_measure_applied: {
    allowedIn: ['under_investigation', 'in_court', 'decided', 'under_appeal'],
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      if (!person || !MAY_BE_RESTRAINED.includes(person.status)) {
        return refusal('missing-prerequisite', 'a preventive measure applies to a suspect, accused or convicted person: this person is none of them');
      }
      if (person.measures[measureOf(step)]) return refusal('already-done', `${measureOf(step)} is already running for this person`, 'details.measure');
      return notBefore(step, person.since, `the person became ${person.status} (step ${person.sinceStepId})`) ?? laterTerm(step.occurredAt, undefined, instantDetail(step, 'until'), 'the measure');
    },
    apply: (state, step) => updatePerson(state, step, (person) => startMeasure(person ?? newPerson('suspect', step), measureOf(step), step)),
  },

  preventive_measure_extended: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    check: (state, step) => {
      const measure = requireRunning(personOf(state, step), step);
      if ('code' in measure) return measure;
      return notBefore(step, measure.decidedAt, `the measure was last decided (step ${measure.stepId})`) ?? laterTerm(step.occurredAt, measure.until, instantDetail(step, 'until'), 'the measure');
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => {
        const base = person ?? newPerson('suspect', step);
        return { ...base, measures: { ...base.measures, [measureOf(step)]: running(step, instantDetail(step, 'until')) } };
      }),
  },

  preventive_measure_changed: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    check: (state, step) => {
      const person = personOf(state, step);
      const measure = requireRunning(person, step);
      if ('code' in measure) return measure;
      if (person?.measures[measureOf(step, 'newMeasure')]) return refusal('already-done', `${measureOf(step, 'newMeasure')} is already running for this person`, 'details.newMeasure');
      return notBefore(step, measure.decidedAt, `the measure was last decided (step ${measure.stepId})`) ?? laterTerm(step.occurredAt, undefined, instantDetail(step, 'until'), 'the new measure');
    },
    apply: (state, step) =>
      updatePerson(state, step, (person) => startMeasure(endMeasure(person ?? newPerson('suspect', step), measureOf(step), step.occurredAt), measureOf(step, 'newMeasure'), step)),
  },

  preventive_measure_lifted: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: false,
    mayNameLeftPerson: true,
    check: (state, step) => {
      const measure = personOf(state, step)?.measures[measureOf(step)];
      if (!measure) return refusal('already-done', `${measureOf(step)} is not running for this person`, 'details.measure');
      return notBefore(step, measure.decidedAt, `the measure was last decided (step ${measure.stepId})`);
    },
    apply: (state, step) => updatePerson(state, step, (person) => endMeasure(person ?? newPerson('suspect', step), measureOf(step), step.occurredAt)),
  },
};
