import { JOURNAL_STEP_TYPES } from '../step-types/step-types';
import { detailProblems, personProblems } from '../steps/step-rules';
import { CASE_STEP_RULES } from './case-step-rules';
import { FINISHED_STATUSES, JournalState, ProcedureState } from './journal-state';
import type { JournalFacts, RuleStep } from './journal-step';
import { LIBERTY_STEP_RULES } from './liberty-step-rules';
import { PERSON_STEP_RULES } from './person-step-rules';
import { RECEIVED_STANDING_RULES } from './received-standing-rules';
import { notBefore, Refusal, refusal } from './refusal';
import type { StepRule } from './step-rule';
import { SUPERVISION_STEP_RULES } from './supervision-step-rules';

/** The legal order of every step type but `correction`, which is decided against the whole journal. */
export const STEP_RULES: Readonly<Record<string, StepRule>> = {
  ...CASE_STEP_RULES,
  ...PERSON_STEP_RULES,
  ...LIBERTY_STEP_RULES,
  ...RECEIVED_STANDING_RULES,
  ...SUPERVISION_STEP_RULES,
};

/** A step fits the catalogue: known type, its person where one belongs, valid details, not before the report. */
export function shapeRefusal(facts: JournalFacts, step: RuleStep): Refusal | undefined {
  const spec = (facts.stepTypes ?? JOURNAL_STEP_TYPES).spec(step.stepType);
  if (!spec) return refusal('invalid-step', `${step.stepType} is not a step type`, 'stepType');
  const [problem] = [...personProblems(spec, step.personId), ...detailProblems(spec, step.details)];
  if (problem) return refusal('invalid-step', problem.reason, problem.field);
  return notBefore(step, facts.receivedAt, 'the report of the crime was received');
}

/** Whether the legal order allows a (non-correction) step in this state. */
export function procedureRefusal(state: ProcedureState, step: RuleStep): Refusal | undefined {
  const rule = STEP_RULES[step.stepType];
  if (!rule) return refusal('invalid-step', `${step.stepType} is decided against the whole journal, not a state`, 'stepType');
  if (!rule.allowedIn.includes(state.status)) {
    if (FINISHED_STATUSES.includes(state.status)) return refusal('case-finished', `the case is ${state.status}: ${step.stepType} is not allowed any more`);
    if (rule.already?.in.includes(state.status)) return refusal('already-done', rule.already.reason);
    return refusal('wrong-stage', `${step.stepType} is not allowed while the case is ${state.status} (only when ${rule.allowedIn.join(', ')})`);
  }
  const left = step.personId === undefined ? undefined : state.persons[step.personId]?.left;
  if (left && !rule.mayNameLeftPerson) {
    const how = left.reason === 'split' ? 'split off into another case' : 'removed from it';
    return refusal('person-left', `the person has left the case (${how}, step ${left.stepId}): only their release or the lifting of a measure is recorded here`, 'personId');
  }
  const early = rule.followsCaseStatus ? notBefore(step, state.statusSince, `the case became ${state.status}${state.statusStepId ? ` (step ${state.statusStepId})` : ''}`) : undefined;
  return early ?? rule.check?.(state, step);
}

export function checkStep(state: JournalState, step: RuleStep): Refusal | undefined {
  return shapeRefusal(state.facts, step) ?? procedureRefusal(state, step);
}

/** The state after an accepted step; a step type without a rule changes nothing. */
export function applyStep<S extends ProcedureState>(state: S, step: RuleStep): S {
  const rule = STEP_RULES[step.stepType];
  return { ...state, ...(rule ? rule.apply(state, step) : {}), stepCount: state.stepCount + 1 };
}
