import type { ProbationPack } from '@icjims/jurisdiction';
import { codeRefusal, countRefusal, dateRefusal, endOfTerm, idRefusal } from './checks';
import type { Allocate, AmendCase, AnnulCase, DecisionContext, OpenCase } from './commands';
import { accept, Decision, refuse, unless } from './decision';
import { entry } from './entries';
import { MAX_COMMUNITY_WORK_HOURS } from './intake';
import { MAX_TERM_MONTHS, sameConditions } from './probation-rules';
import { firstRefusal, Refusal, refusal } from './refusal';
import type { PreSentenceReportState, ProbationCaseState } from './stream-state';

/** Intake and corrections (system), and allocation to an office and an officer. */

export function decideOpen(_state: ProbationCaseState, command: OpenCase, { pack }: DecisionContext): Decision {
  const { intake } = command;
  const refused = firstRefusal(
    () => idRefusal(intake.sourceStepId, 'intake.sourceStepId'),
    () => codeRefusal(pack.caseTypes, intake.caseType, 'case types', 'intake.caseType'),
    () => countRefusal(intake.termMonths, 'intake.termMonths', MAX_TERM_MONTHS),
    () => dateRefusal(intake.startsOn, 'intake.startsOn'),
    () => {
      const endsOn = endOfTerm(intake.startsOn, intake.termMonths, 'intake.termMonths');
      if (typeof endsOn !== 'string') return endsOn;
      return intake.endsOn === endsOn ? undefined : refusal('invalid-command', 'intake.endsOn must be the start plus the term', 'intake.endsOn');
    },
    () => obligationsRefusal(pack, intake.obligations, 'intake.obligations'),
    () => hoursRefusal(pack, intake.caseType, intake.communityWorkHours, 'intake.communityWorkHours'),
  );
  return unless(refused, () =>
    accept(
      entry('opened', command.occurredAt, {
        sourceStepId: intake.sourceStepId,
        caseType: intake.caseType,
        termMonths: intake.termMonths,
        startsOn: intake.startsOn,
        endsOn: intake.endsOn,
        obligations: [...intake.obligations],
        ...(intake.communityWorkHours !== undefined && { communityWorkHours: intake.communityWorkHours }),
      }),
    ),
  );
}

function obligationsRefusal(pack: ProbationPack, obligations: unknown, field: string): Refusal | undefined {
  if (!Array.isArray(obligations)) return refusal('invalid-command', `${field} must be an array of obligation codes`, field);
  if (new Set(obligations).size !== obligations.length) return refusal('invalid-command', `${field} names an obligation twice`, field);
  return firstRefusal(...obligations.map((code, index) => () => codeRefusal(pack.obligations, code, 'obligations', `${field}.${index}`)));
}

/** A community-work case orders its hours; no other case does. */
function hoursRefusal(pack: ProbationPack, caseType: string, hours: number | undefined, field: string): Refusal | undefined {
  const communityWork = pack.caseTypes.find((type) => type.code === caseType)?.communityWork;
  if (!communityWork) return hours === undefined ? undefined : refusal('wrong-case-type', `a ${caseType} case orders no community work`, field);
  return countRefusal(hours, field, MAX_COMMUNITY_WORK_HOURS);
}

function sameSource(state: ProbationCaseState, sourceStepId: string): Refusal | undefined {
  return sourceStepId === state.sourceStepId ? undefined : refusal('invalid-command', `the case was opened by step ${state.sourceStepId}, not ${sourceStepId}`, 'sourceStepId');
}

/**
 * A correction of the sentence moves the term — months a court added since stay added — and
 * may change the case type, the obligations and the hours ordered. Hours already worked stay
 * worked: an order corrected to no more than them is served, and the round completes the case
 * as it does any community work whose hours are worked. The court's correction is the law, so
 * it is never refused for the work done under the order before it.
 */
export function decideAmend(state: ProbationCaseState, command: AmendCase, { pack }: DecisionContext): Decision {
  const { supervision } = command;
  const refused = firstRefusal(
    () => sameSource(state, command.sourceStepId),
    () => idRefusal(command.correctionStepId, 'correctionStepId'),
    () => countRefusal(supervision.termMonths, 'supervision.termMonths', MAX_TERM_MONTHS),
    () => dateRefusal(supervision.startsOn, 'supervision.startsOn'),
    () => codeRefusal(pack.caseTypes, supervision.caseType, 'case types', 'supervision.caseType'),
    () => obligationsRefusal(pack, supervision.obligations, 'supervision.obligations'),
    () => hoursRefusal(pack, supervision.caseType, supervision.communityWorkHours, 'supervision.communityWorkHours'),
  );
  if (refused) return refuse(refused);
  // The end is the start plus the term, and the months a court added since: the command's own endsOn does not count.
  const endsOn = endOfTerm(supervision.startsOn, supervision.termMonths + state.extensionMonths, 'supervision.termMonths');
  if (typeof endsOn !== 'string') return refuse(endsOn);
  const personId = supervision.personId ?? state.personId;
  const conditions = { caseType: supervision.caseType, obligations: [...supervision.obligations], ...(supervision.communityWorkHours !== undefined && { communityWorkHours: supervision.communityWorkHours }) };
  const standing = { caseType: state.caseType, obligations: state.obligations, ...(state.communityWork && { communityWorkHours: state.communityWork.ordered }) };
  if (supervision.termMonths === state.termMonths && supervision.startsOn === state.startsOn && endsOn === state.endsOn && personId === state.personId && sameConditions(conditions, standing)) {
    return refuse(refusal('already-done', 'the case already stands as the correction says'));
  }
  return accept(
    entry('amended', command.occurredAt, {
      sourceStepId: state.sourceStepId,
      correctionStepId: command.correctionStepId,
      termMonths: supervision.termMonths,
      startsOn: supervision.startsOn,
      endsOn,
      ...(personId !== null && { personId }),
      ...conditions,
    }),
  );
}

export function decideAnnul(state: ProbationCaseState, command: AnnulCase): Decision {
  const refused = firstRefusal(
    () => sameSource(state, command.sourceStepId),
    () => idRefusal(command.correctionStepId, 'correctionStepId'),
  );
  return unless(refused, () => accept(entry('annulled', command.occurredAt, { sourceStepId: state.sourceStepId, correctionStepId: command.correctionStepId, ground: command.ground })));
}

/**
 * A case (or a report) goes to an office and an officer: first `initial`, then a `reallocation`
 * to another officer of the same office or a `transfer` to another office, which takes the case to
 * the office's region. An officer of an office allocates only to it until the case is theirs.
 */
export function decideAllocate(state: ProbationCaseState | PreSentenceReportState, command: Omit<Allocate, 'type'>, context: DecisionContext): Decision {
  const office = context.pack.offices.find((candidate) => candidate.code === command.office);
  const refused = firstRefusal(
    () => codeRefusal(context.pack.offices, command.office, 'probation offices', 'office'),
    () => idRefusal(command.officerId, 'officerId'),
    () => allocationKindRefusal(state, command),
    () => (!state.office && context.actor.office !== undefined && context.actor.office !== command.office ? refusal('other-office', `an officer of ${context.actor.office} allocates only to that office`, 'office') : undefined),
  );
  if (refused || !office) return refuse(refused as Refusal);
  return accept(entry('allocated', command.occurredAt, { office: office.code, officerId: command.officerId, kind: command.kind, region: office.region }));
}

function allocationKindRefusal(state: ProbationCaseState | PreSentenceReportState, command: Omit<Allocate, 'type'>): Refusal | undefined {
  switch (command.kind) {
    case 'initial':
      return state.office ? refusal('already-done', `already allocated to ${state.office}: reallocate or transfer`, 'kind') : undefined;
    case 'reallocation':
      if (!state.office) return refusal('missing-prerequisite', 'not allocated yet: the first allocation is initial', 'kind');
      if (command.office !== state.office) return refusal('invalid-command', `a reallocation stays in ${state.office}; a transfer moves to another office`, 'office');
      return command.officerId === state.officerId ? refusal('already-done', `${command.officerId} already has it`, 'officerId') : undefined;
    case 'transfer':
      if (!state.office) return refusal('missing-prerequisite', 'not allocated yet: the first allocation is initial', 'kind');
      return command.office === state.office ? refusal('invalid-command', `already in ${state.office}: a transfer moves to another office`, 'office') : undefined;
    default:
      return refusal('invalid-command', `${String(command.kind)} is not an allocation kind (initial, reallocation, transfer)`, 'kind');
  }
}
