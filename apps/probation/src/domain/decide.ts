import { notBefore, occurredAtRefusal } from './checks';
import type { CaseCommand, DecisionContext, ReportCommand } from './commands';
import { SYSTEM_COMMANDS } from './commands';
import { decideAllocate, decideAmend, decideAnnul, decideOpen } from './decide-intake';
import { decideBreachDeadline, decideCompleteAtTermEnd, decideRecordAbsconding, decideRecordDeath, decideRecordFound } from './decide-ends';
import { decideAmendReport, decideAssignReport, decideDraftReportSection, decideRequestReport, decideSubmitReport, decideWithdrawReport } from './decide-report';
import { decideLogCommunityWork, decideRecordAssessment, decideRecordContact, decideScheduleContact, decideSetPlan } from './decide-supervision';
import { decideRecordCourtDecision, decideRecordViolation, decideRespondToViolation, decideSubmitToCourt } from './decide-violations';
import { Decision, refuse } from './decision';
import type { ProbationEntry } from './entries';
import { evolve } from './evolve';
import { trackDeadlines } from './deadlines';
import { firstRefusal, Refusal, refusal } from './refusal';
import { FINAL_CASE_STATUSES, FINAL_REPORT_STATUSES, PreSentenceReportState, ProbationCaseState, ProbationStreamState } from './stream-state';

type Rules<S, C extends { type: string }> = { [T in C['type']]: (state: S, command: Extract<C, { type: T }>, context: DecisionContext) => Decision };
/** A rule looked up by a command's type, which then takes that command. */
type Rule<S> = (state: S, command: never, context: DecisionContext) => Decision;

const CASE_RULES: Rules<ProbationCaseState, CaseCommand> = {
  open: decideOpen,
  amend: decideAmend,
  annul: decideAnnul,
  allocate: decideAllocate,
  setPlan: decideSetPlan,
  scheduleContact: decideScheduleContact,
  recordContact: decideRecordContact,
  logCommunityWork: decideLogCommunityWork,
  recordAssessment: decideRecordAssessment,
  recordViolation: decideRecordViolation,
  respondToViolation: decideRespondToViolation,
  submitToCourt: decideSubmitToCourt,
  recordCourtDecision: decideRecordCourtDecision,
  recordAbsconding: decideRecordAbsconding,
  recordFound: decideRecordFound,
  recordDeath: decideRecordDeath,
  completeAtTermEnd: decideCompleteAtTermEnd,
  breachDeadline: decideBreachDeadline,
};

const REPORT_RULES: Rules<PreSentenceReportState, ReportCommand> = {
  requestReport: decideRequestReport,
  amendReport: decideAmendReport,
  assignReport: decideAssignReport,
  draftReportSection: decideDraftReportSection,
  submitReport: decideSubmitReport,
  withdrawReport: decideWithdrawReport,
  breachDeadline: decideBreachDeadline,
};

/** The commands of each stream, for tables that try each. */
export const CASE_COMMANDS = Object.keys(CASE_RULES) as CaseCommand['type'][];
export const REPORT_COMMANDS = Object.keys(REPORT_RULES) as ReportCommand['type'][];

/** After an end only the system's corrections of the sentence. */
const AFTER_AN_END: ReadonlySet<string> = new Set(['amend', 'annul']);
/** The officer's work presupposes an office and an officer. */
const NEEDS_ALLOCATION: ReadonlySet<string> = new Set([
  'setPlan', 'scheduleContact', 'recordContact', 'logCommunityWork', 'recordAssessment', 'recordViolation', 'respondToViolation', 'submitToCourt', 'recordAbsconding',
]);
/** While the person is wanted, nothing that needs them present. */
const NOT_WHILE_ABSCONDED: ReadonlySet<string> = new Set(['setPlan', 'scheduleContact', 'recordContact', 'logCommunityWork', 'recordAssessment']);

/**
 * The entries a command appends to a stream, or why the legal order refuses it. Never throws:
 * every field a client sends is checked before it is used.
 */
export function decide(state: ProbationStreamState, command: CaseCommand | ReportCommand, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => (SYSTEM_COMMANDS.has(command.type) && !context.actor.system ? refusal('system-only', `${command.type} is recorded by the system only`) : undefined),
    () => occurredAtRefusal(command.occurredAt, context),
  );
  if (refused) return refuse(refused);
  if (state.stream === 'probation_case') {
    const rule: Rule<ProbationCaseState> | undefined = (CASE_RULES as Record<string, Rule<ProbationCaseState>>)[command.type];
    if (!rule) return refuse(refusal('invalid-command', `${command.type} is no command of a probation case`, 'type'));
    const guard = caseGuard(state, command as CaseCommand, context);
    return guard ? refuse(guard) : rule(state, command as never, context);
  }
  const rule: Rule<PreSentenceReportState> | undefined = (REPORT_RULES as Record<string, Rule<PreSentenceReportState>>)[command.type];
  if (!rule) return refuse(refusal('invalid-command', `${command.type} is no command of a pre-sentence report`, 'type'));
  const guard = reportGuard(state, command as ReportCommand, context);
  return guard ? refuse(guard) : rule(state, command as never, context);
}

/** An officer of an office acts on that office's cases and reports only. */
function officeRefusal(office: string | null, context: DecisionContext): Refusal | undefined {
  const own = context.actor.office;
  return !context.actor.system && own !== undefined && office !== null && office !== own ? refusal('other-office', `this is a matter of ${office}, not ${own}`) : undefined;
}

/** What every command of a case must pass before its own rule: opened, not ended, the actor's office, its time, allocation, presence. */
function caseGuard(state: ProbationCaseState, command: CaseCommand, context: DecisionContext): Refusal | undefined {
  if (command.type === 'open') return state.version > 0 ? refusal('already-done', `the case is already opened (by step ${state.sourceStepId})`) : undefined;
  if (state.version === 0) return refusal('missing-prerequisite', 'the case is not opened yet');
  if (state.status === 'annulled') return refusal('stream-ended', `the case was annulled (correction ${state.annulment?.correctionStepId}): nothing more is recorded`);
  if (FINAL_CASE_STATUSES.includes(state.status) && !AFTER_AN_END.has(command.type)) return refusal('stream-ended', `the case ended (${state.status}): ${command.type} is not allowed any more`);
  return firstRefusal(
    () => officeRefusal(state.office, context),
    () => notBefore(command.occurredAt, state.openedAt, 'the case was opened'),
    () => (NEEDS_ALLOCATION.has(command.type) && !state.office ? refusal('missing-prerequisite', 'the case is not allocated to an office and an officer yet') : undefined),
    () => (state.status === 'absconded' && NOT_WHILE_ABSCONDED.has(command.type) ? refusal('wrong-status', `the person is absconding since ${state.abscondedSince}: record them found first`) : undefined),
  );
}

function reportGuard(state: PreSentenceReportState, command: ReportCommand, context: DecisionContext): Refusal | undefined {
  if (command.type === 'requestReport') return state.version > 0 ? refusal('already-done', `the report is already requested (by step ${state.sourceStepId})`) : undefined;
  if (state.version === 0) return refusal('missing-prerequisite', 'the report is not requested yet');
  if (FINAL_REPORT_STATUSES.includes(state.status)) return refusal('stream-ended', `the report is ${state.status}: ${command.type} is not allowed any more`);
  return firstRefusal(
    () => officeRefusal(state.office, context),
    () => notBefore(command.occurredAt, state.requestedAt, 'the report was requested'),
    () => (command.type === 'draftReportSection' || command.type === 'submitReport') && !state.office ? refusal('missing-prerequisite', 'the report is not assigned to an officer yet') : undefined,
  );
}

/**
 * The state after appended entries: evolve, and the pack's deadlines folded alongside. The write
 * path stores this beside the journal's head in the same transaction.
 */
export function applyEntries<S extends ProbationStreamState>(state: S, entries: readonly ProbationEntry[], context: Pick<DecisionContext, 'pack' | 'timeZone'>): S {
  return entries.reduce<S>(
    (current, recorded) => ({ ...evolve(current, recorded), deadlines: trackDeadlines(current.deadlines, recorded, current.stream, context.pack.deadlineRules, context.timeZone) }),
    state,
  );
}
