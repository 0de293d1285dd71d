import type { ProbationCaseType, ProbationPack } from '@icjims/jurisdiction';
import { matches } from './deadlines';
import { Conditions, Sentence, Supervision, supervisionOf } from './probation-rules';

/** A court decision as procedural-steps records it (a `StepRecorded`'s step, or what a corrected one stands as). */
export interface RecordedStep {
  stepId: string;
  stepType: string;
  occurredAt: string;
  personId?: string;
  details: Record<string, unknown>;
}

/** What a court decision places under supervision: the `opened` entry's facts. */
export interface Intake extends Supervision, Conditions {
  sourceStepId: string;
}

export type IntakeDecision = { opens: false } | { opens: true; intake: Intake } | { opens: false; problem: { reason: string; field: string } };

/** Most hours of community work one decision orders; the contract's bound, the law's is lower. */
export const MAX_COMMUNITY_WORK_HOURS = 10_000;

/** The case type a recorded step opens: the first of the pack whose `opensOn` matches it. */
export function caseTypeOf(step: Pick<RecordedStep, 'stepType' | 'details'>, pack: ProbationPack): ProbationCaseType | undefined {
  return pack.caseTypes.find((caseType) => caseType.opensOn.some((match) => matches(match, step.stepType, step.details)));
}

/** `intakeOf` under one pack and zone, for decideOnCorrection: a corrected step is read as a new one. */
export const intakeUnder =
  (pack: ProbationPack, timeZone: string) =>
  (step: RecordedStep): IntakeDecision =>
    intakeOf(step, pack, timeZone);

/**
 * Whether a recorded step opens a probation case, and with what: the case type by the pack's
 * `caseTypes[].opensOn`, the term from `termMonths` starting on the step's date in `timeZone`,
 * the court's obligations (`obligations`: pack obligation codes; none when absent) and, for a
 * community-work case, the hours ordered (`communityWorkHours`). Or why the step cannot be used.
 */
export function intakeOf(step: RecordedStep, pack: ProbationPack, timeZone: string): IntakeDecision {
  const caseType = caseTypeOf(step, pack);
  if (!caseType) return { opens: false };
  const sentence: Sentence = { occurredAt: step.occurredAt, personId: step.personId, details: step.details };
  const supervision = supervisionOf(sentence, timeZone);
  if ('problem' in supervision) return { opens: false, problem: { reason: supervision.problem, field: 'details.termMonths' } };
  const obligations = obligationsOf(step.details.obligations, pack);
  if ('problem' in obligations) return { opens: false, problem: { reason: obligations.problem, field: 'details.obligations' } };
  const hours = step.details.communityWorkHours;
  if (caseType.communityWork && (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > MAX_COMMUNITY_WORK_HOURS)) {
    return { opens: false, problem: { reason: `a ${caseType.code} case needs details.communityWorkHours, an integer from 1 to ${MAX_COMMUNITY_WORK_HOURS}`, field: 'details.communityWorkHours' } };
  }
  return {
    opens: true,
    intake: {
      sourceStepId: step.stepId,
      caseType: caseType.code,
      ...supervision,
      obligations: obligations.codes,
      ...(caseType.communityWork && { communityWorkHours: hours as number }),
    },
  };
}

function obligationsOf(value: unknown, pack: ProbationPack): { codes: string[] } | { problem: string } {
  if (value === undefined) return { codes: [] };
  if (!Array.isArray(value) || value.some((code) => typeof code !== 'string')) return { problem: 'details.obligations must be an array of obligation codes' };
  const known = new Set(pack.obligations.map((obligation) => obligation.code));
  const unknown = value.find((code: string) => !known.has(code));
  if (unknown !== undefined) return { problem: `${unknown} is not an obligation of the pack` };
  if (new Set(value).size !== value.length) return { problem: 'details.obligations names an obligation twice' };
  return { codes: [...value] };
}
