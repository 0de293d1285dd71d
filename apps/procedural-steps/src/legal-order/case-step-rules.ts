import { OPEN_STATUSES, PersonState, ProcedureState } from './journal-state';
import { notBefore, refusal } from './refusal';
import { decidedWhenAllJudged, endLiberty, instantDetail, laterTerm, mapPersons, StepRule, withPersonStatus, withStatus } from './step-rule';

/** Statuses in which the investigation has started and is not finished. */
const STARTED = ['under_investigation', 'suspended', 'in_court', 'decided', 'under_appeal'] as const;

/** Rules of the steps that concern the whole case. */
export const CASE_STEP_RULES: Readonly<Record<string, StepRule>> = {
  registration: {
    allowedIn: ['registered'],
    already: { in: STARTED, reason: 'the case is registered already' },
    followsCaseStatus: false,
    check: (state) => (state.stepCount > 0 ? refusal('already-done', 'the registration is the first step of a journal') : undefined),
    apply: (state) => state,
  },

  investigation_started: {
    allowedIn: ['registered'],
    already: { in: STARTED, reason: 'the investigation has already started' },
    followsCaseStatus: true,
    apply: (state, step) => withStatus(state, 'under_investigation', step),
  },

  investigation_term_extended: {
    allowedIn: ['under_investigation'],
    followsCaseStatus: true,
    check: (state, step) => laterTerm(step.occurredAt, state.investigationUntil, instantDetail(step, 'until'), 'the investigation term'),
    apply: (state, step) => ({ ...state, investigationUntil: instantDetail(step, 'until') }),
  },

  proceedings_suspended: {
    allowedIn: ['under_investigation', 'in_court'],
    already: { in: ['suspended'], reason: 'the proceedings are already suspended' },
    followsCaseStatus: true,
    apply: (state, step) => ({ ...withStatus(state, 'suspended', step), resumeTo: state.status }),
  },

  proceedings_resumed: {
    allowedIn: ['suspended', 'terminated'],
    already: { in: OPEN_STATUSES.filter((status) => status !== 'suspended'), reason: 'the proceedings are neither suspended nor terminated' },
    followsCaseStatus: true,
    // Suspended proceedings continue where they stopped; quashed termination reopens the investigation.
    // Back in court, the case is decided if the last accused awaiting a verdict left meanwhile.
    apply: (state, step) =>
      decidedWhenAllJudged({ ...withStatus(state, state.status === 'suspended' ? (state.resumeTo ?? 'under_investigation') : 'under_investigation', step), resumeTo: undefined }, step),
  },

  proceedings_terminated: {
    allowedIn: ['registered', 'under_investigation', 'suspended', 'in_court'],
    followsCaseStatus: true,
    apply: (state, step) => ({ ...mapPersons(withStatus(state, 'terminated', step), (person) => endLiberty(person, step.occurredAt)), resumeTo: undefined }),
  },

  indictment: {
    allowedIn: ['under_investigation'],
    already: { in: ['in_court', 'decided', 'under_appeal'], reason: 'the case has already been sent to court' },
    followsCaseStatus: true,
    check: (state, step) => {
      const defendants = Object.values(state.persons).filter(isDefendant);
      if (defendants.length === 0) return refusal('missing-prerequisite', 'there is no suspect to indict: notify a suspicion first');
      const latest = defendants.reduce((a, b) => (a.since.getTime() >= b.since.getTime() ? a : b));
      return notBefore(step, latest.since, `a suspect became one (step ${latest.sinceStepId})`);
    },
    apply: (state, step) => mapPersons(withStatus(state, 'in_court', step), (person) => (isDefendant(person) ? withPersonStatus(person, 'accused', step) : person)),
  },

  court_hearing: {
    allowedIn: ['in_court', 'under_appeal'],
    followsCaseStatus: true,
    apply: (state) => state,
  },

  appeal_filed: {
    allowedIn: ['decided'],
    already: { in: ['under_appeal'], reason: 'an appeal is already pending' },
    followsCaseStatus: true,
    apply: (state, step) => ({ ...withStatus(state, 'under_appeal', step), appealRound: state.appealRound + 1 }),
  },

  appeal_decided: {
    allowedIn: ['under_appeal'],
    followsCaseStatus: true,
    apply: (state, step) => (step.details.outcome === 'returned_for_retrial' ? retrial(state, step) : withStatus(state, 'decided', step)),
  },

  case_closed: {
    allowedIn: ['decided', 'terminated'],
    followsCaseStatus: true,
    check: (state) => {
      if (state.status !== 'decided') return undefined;
      // A convicted person who has left the case is not sentenced in it.
      const unsentenced = Object.entries(state.persons).find(([, person]) => person.status === 'convicted' && !person.left);
      return unsentenced && refusal('missing-prerequisite', `person ${unsentenced[0]} is convicted but not sentenced`);
    },
    apply: (state, step) => mapPersons(withStatus(state, 'closed', step), (person) => endLiberty(person, step.occurredAt)),
  },

  case_joined: {
    allowedIn: OPEN_STATUSES,
    followsCaseStatus: true,
    apply: (state, step) => withStatus(state, 'joined', step),
  },
};

/** Suspects still in the case are indicted; an accused whose terminated case was reopened is indicted again. */
function isDefendant(person: PersonState): boolean {
  return (person.status === 'suspect' || person.status === 'accused') && !person.left;
}

/** The first instance tries the case again: every judged person still in the case is an accused again. */
function retrial(state: ProcedureState, step: Parameters<StepRule['apply']>[1]): ProcedureState {
  return mapPersons(withStatus(state, 'in_court', step), (person) =>
    person.verdict && !person.left ? { ...withPersonStatus(person, 'accused', step), verdict: undefined, sentenceRound: undefined, sentence: undefined } : person,
  );
}
