import { CONTACT_OUTCOMES } from '@icjims/contracts';
import { addMonths } from './probation-rules';
import { codeRefusal, countRefusal, dateRefusal, dayOf, idRefusal, instantRefusal, textRefusal } from './checks';
import type { DecisionContext, LogCommunityWork, RecordAssessment, RecordContact, ScheduleContact, SetPlan } from './commands';
import { accept, Decision, refuse, unless } from './decision';
import { entry } from './entries';
import { MAX_COMMUNITY_WORK_HOURS } from './intake';
import { firstRefusal, Refusal, refusal } from './refusal';
import { instrumentFor, isRefusal, score } from './risk-scoring';
import type { ProbationCaseState } from './stream-state';

/** The officer's work on an allocated case: the plan, contacts, community work, assessments. */

const MAX_PLAN_ITEMS = 50;
/** Most hours of community work one day takes. */
const MAX_HOURS_A_DAY = 24;

export function decideSetPlan(state: ProbationCaseState, command: SetPlan, context: DecisionContext): Decision {
  const { items } = command;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_PLAN_ITEMS) {
    return refuse(refusal('invalid-command', `items must list 1 to ${MAX_PLAN_ITEMS} plan items`, 'items'));
  }
  const refused = firstRefusal(...items.map((item, index) => () => planItemRefusal(state, item, `items.${index}`, context)), () =>
    new Set(items.map((item) => item.obligation)).size === items.length ? undefined : refusal('invalid-command', 'items name an obligation twice', 'items'),
  );
  const plan = items.map(({ obligation, everyDays, dueOn, hours }) => ({ obligation, ...(everyDays !== undefined && { everyDays }), ...(dueOn !== undefined && { dueOn }), ...(hours !== undefined && { hours }) }));
  return unless(refused, () => accept(entry('plan_set', command.occurredAt, { items: plan })));
}

/** A plan item measures what its obligation's `measure` says, and nothing else. */
function planItemRefusal(state: ProbationCaseState, item: SetPlan['items'][number], field: string, { pack }: DecisionContext): Refusal | undefined {
  const obligation = pack.obligations.find((candidate) => candidate.code === item.obligation);
  if (!obligation) return codeRefusal(pack.obligations, item.obligation, 'obligations', `${field}.obligation`);
  const measures = { every_days: 'everyDays', due_date: 'dueOn', hours: 'hours', none: undefined } as const;
  const wanted = measures[obligation.measure];
  const stray = (['everyDays', 'dueOn', 'hours'] as const).find((name) => name !== wanted && item[name] !== undefined);
  if (stray) return refusal('invalid-command', `a plan item for ${obligation.code} (${obligation.measure}) has no ${stray}`, `${field}.${stray}`);
  if (wanted === 'everyDays') return countRefusal(item.everyDays, `${field}.everyDays`, 366);
  if (wanted === 'dueOn') return dateRefusal(item.dueOn, `${field}.dueOn`, { notBefore: { date: state.startsOn, what: 'the start of the term' } });
  // Hours of community work within those ordered; hours of anything else within the most any order sets.
  if (wanted === 'hours') return countRefusal(item.hours, `${field}.hours`, state.communityWork?.ordered ?? MAX_COMMUNITY_WORK_HOURS);
  return undefined;
}

export function decideScheduleContact(state: ProbationCaseState, command: ScheduleContact, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => idRefusal(command.contactId, 'contactId'),
    () => (state.contacts[command.contactId] ? refusal('already-done', `contact ${command.contactId} is already scheduled`, 'contactId') : undefined),
    () => codeRefusal(context.pack.contactKinds, command.contactKind, 'contact kinds', 'contactKind'),
    () => instantRefusal(command.scheduledFor, 'scheduledFor'),
    () => (Date.parse(command.scheduledFor) < Date.parse(state.openedAt) ? refusal('occurred-too-early', `scheduledFor must not be before the case was opened (${state.openedAt})`, 'scheduledFor') : undefined),
  );
  return unless(refused, () => accept(entry('contact_scheduled', command.occurredAt, { contactId: command.contactId, contactKind: command.contactKind, scheduledFor: command.scheduledFor })));
}

/**
 * A contact happened: attended or missed. A scheduled one (contactId) is recorded once, not
 * before its time has come, as the kind it was scheduled as. A missed one names the pack's
 * reason, which says whether it is excused.
 */
export function decideRecordContact(state: ProbationCaseState, command: RecordContact, context: DecisionContext): Decision {
  const scheduled = command.contactId === undefined ? undefined : state.contacts[command.contactId];
  const reason = context.pack.missedReasons.find((candidate) => candidate.code === command.missedReason);
  const refused = firstRefusal(
    () => codeRefusal(context.pack.contactKinds, command.contactKind, 'contact kinds', 'contactKind'),
    () => ((CONTACT_OUTCOMES as readonly string[]).includes(command.outcome) ? undefined : refusal('invalid-command', `outcome must be one of ${CONTACT_OUTCOMES.join(', ')}`, 'outcome')),
    () => (command.contactId !== undefined && !scheduled ? refusal('missing-prerequisite', `no contact ${command.contactId} was scheduled`, 'contactId') : undefined),
    () => (scheduled?.outcome ? refusal('already-done', `contact ${command.contactId} is already recorded (${scheduled.outcome})`, 'contactId') : undefined),
    () => (scheduled && scheduled.contactKind !== command.contactKind ? refusal('invalid-command', `contact ${command.contactId} was scheduled as ${scheduled.contactKind}`, 'contactKind') : undefined),
    () => (scheduled && Date.parse(scheduled.scheduledFor) > context.now.getTime() ? refusal('future-date', `contact ${command.contactId} is scheduled for ${scheduled.scheduledFor}, which has not come yet`, 'contactId') : undefined),
    () => {
      if (command.outcome === 'attended') return command.missedReason === undefined ? undefined : refusal('invalid-command', 'an attended contact has no missedReason', 'missedReason');
      return command.missedReason === undefined ? refusal('invalid-command', 'a missed contact needs a missedReason', 'missedReason') : codeRefusal(context.pack.missedReasons, command.missedReason, 'missed reasons', 'missedReason');
    },
    () => textRefusal(command.note, 'note', 2000),
  );
  return unless(refused, () =>
    accept(
      entry('contact_recorded', command.occurredAt, {
        ...(command.contactId !== undefined && { contactId: command.contactId }),
        contactKind: command.contactKind,
        outcome: command.outcome,
        ...(reason && { excused: reason.excused, missedReason: reason.code }),
        ...(command.note !== undefined && { note: command.note }),
      }),
    ),
  );
}

/** Hours of community work, on a community-work case only, never beyond the hours ordered. */
export function decideLogCommunityWork(state: ProbationCaseState, command: LogCommunityWork, context: DecisionContext): Decision {
  const work = state.communityWork;
  const refused = firstRefusal(
    () => (work ? undefined : refusal('wrong-case-type', `a ${state.caseType} case orders no community work`)),
    () => dateRefusal(command.workedOn, 'workedOn', { notAfter: dayOf(command.occurredAt, context), notBefore: { date: state.startsOn, what: 'the start of the term' } }),
    () => countRefusal(command.hours, 'hours', MAX_HOURS_A_DAY),
    () => (work && work.worked + command.hours > work.ordered ? refusal('hours-exceeded', `${work.worked} of ${work.ordered} hours are worked: ${command.hours} more would exceed the order`, 'hours') : undefined),
  );
  return unless(refused, () => accept(entry('community_work_logged', command.occurredAt, { workedOn: command.workedOn, hours: command.hours })));
}

/**
 * A risk and needs assessment: the instrument version valid on its date scores the answers; the
 * band sets when the next is due. The first is the intake assessment, the others reassessments.
 */
export function decideRecordAssessment(state: ProbationCaseState, command: RecordAssessment, context: DecisionContext): Decision {
  const purposeRefused =
    command.purpose === 'intake'
      ? state.lastAssessment && refusal('already-done', 'the intake assessment is recorded: this is a reassessment', 'purpose')
      : command.purpose === 'reassessment'
        ? !state.lastAssessment && refusal('missing-prerequisite', 'no intake assessment yet', 'purpose')
        : refusal('invalid-command', 'purpose must be intake or reassessment', 'purpose');
  if (purposeRefused) return refuse(purposeRefused);
  const on = dayOf(command.occurredAt, context);
  const instrument = instrumentFor(context.pack, command.instrument, command.instrumentVersion, on);
  if (isRefusal(instrument)) return refuse(instrument);
  if (typeof command.answers !== 'object' || command.answers === null) return refuse(refusal('invalid-answers', 'answers must map item codes to answer codes', 'answers'));
  const scored = score(instrument, command.answers);
  if (isRefusal(scored)) return refuse(scored);
  const { reassessEveryMonths } = scored.band;
  return accept(
    entry('assessment_recorded', command.occurredAt, {
      instrument: instrument.code,
      instrumentVersion: instrument.version,
      purpose: command.purpose,
      score: scored.score,
      band: scored.band.code,
      ...(reassessEveryMonths > 0 && { nextDueOn: addMonths(on, reassessEveryMonths) }),
      answers: { ...command.answers },
    }),
  );
}
