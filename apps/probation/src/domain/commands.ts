import type { AllocationKind, ContactOutcome, CourtRequest, ProbationAnnulmentGround, Role } from '@icjims/contracts';
import type { ProbationPack } from '@icjims/jurisdiction';
import type { Intake } from './intake';
import type { Conditions, Supervision } from './probation-rules';
import type { Answers } from './risk-scoring';

/**
 * Who gives a command. `system` for what the service does by itself (intake, corrections, the
 * term's end, deadline breaches); an officer's `office` keeps them to that office's cases.
 */
export interface Actor {
  sub: string;
  roles: readonly Role[];
  office?: string;
  system?: boolean;
}

export const SYSTEM_ACTOR: Actor = { sub: 'system', roles: [], system: true };

/** What decide needs besides the state and the command: the pack's probation law, its zone, the clock and the actor. */
export interface DecisionContext {
  pack: ProbationPack;
  timeZone: string;
  now: Date;
  actor: Actor;
}

/** Every command says when what it records happened (an ISO instant, never after `now`). */
interface At {
  occurredAt: string;
}

// A probation case.
export type OpenCase = At & { type: 'open'; intake: Intake };
/** The court decision as corrected: its term, start and person, and its case type, obligations and hours (what intake reads of it). */
export type AmendCase = At & { type: 'amend'; sourceStepId: string; correctionStepId: string; supervision: Supervision & Conditions };
export type AnnulCase = At & { type: 'annul'; sourceStepId: string; correctionStepId: string; ground: ProbationAnnulmentGround };
export type Allocate = At & { type: 'allocate'; kind: AllocationKind; office: string; officerId: string };
export type SetPlan = At & { type: 'setPlan'; items: { obligation: string; everyDays?: number; dueOn?: string; hours?: number }[] };
export type ScheduleContact = At & { type: 'scheduleContact'; contactId: string; contactKind: string; scheduledFor: string };
export type RecordContact = At & { type: 'recordContact'; contactId?: string; contactKind: string; outcome: ContactOutcome; missedReason?: string; note?: string };
export type LogCommunityWork = At & { type: 'logCommunityWork'; workedOn: string; hours: number };
export type RecordAssessment = At & { type: 'recordAssessment'; instrument: string; instrumentVersion: number; purpose: 'intake' | 'reassessment'; answers: Answers };
export type RecordViolation = At & { type: 'recordViolation'; violationId: string; obligation: string; violationType: string; occurredOn: string; evidence?: string };
export type RespondToViolation = At & { type: 'respondToViolation'; violationId: string; response: string };
export type SubmitToCourt = At & { type: 'submitToCourt'; submissionId: string; request: CourtRequest; violationId?: string };
export type RecordCourtDecision = At & { type: 'recordCourtDecision'; submissionId: string; granted: boolean; extensionMonths?: number };
export type RecordAbsconding = At & { type: 'recordAbsconding'; since: string };
export type RecordFound = At & { type: 'recordFound'; on: string };
export type RecordDeath = At & { type: 'recordDeath'; diedOn: string };
export type CompleteAtTermEnd = At & { type: 'completeAtTermEnd' };
export type BreachDeadline = At & { type: 'breachDeadline'; rule: string; dueOn: string };

export type CaseCommand =
  | OpenCase | AmendCase | AnnulCase | Allocate | SetPlan | ScheduleContact | RecordContact | LogCommunityWork | RecordAssessment | RecordViolation
  | RespondToViolation | SubmitToCourt | RecordCourtDecision | RecordAbsconding | RecordFound | RecordDeath | CompleteAtTermEnd | BreachDeadline;

// A pre-sentence report.
export type RequestReport = At & { type: 'requestReport'; sourceStepId: string; requestedBy: string; dueOn: string };
export type AssignReport = At & { type: 'assignReport'; office: string; officerId: string };
export type DraftReportSection = At & { type: 'draftReportSection'; section: string; text?: string };
export type SubmitReport = At & { type: 'submitReport'; recommendation: string };
export type WithdrawReport = At & { type: 'withdrawReport' };
/** The request step as a correction leaves it: its due date. */
export type AmendReport = At & { type: 'amendReport'; correctionStepId: string; dueOn: string };

export type ReportCommand = RequestReport | AmendReport | AssignReport | DraftReportSection | SubmitReport | WithdrawReport | BreachDeadline;

/** Commands only the system gives: from procedural-steps' events (intake, corrections, a report's request) and its own clock. */
export const SYSTEM_COMMANDS: ReadonlySet<string> = new Set(['open', 'amend', 'annul', 'completeAtTermEnd', 'breachDeadline', 'requestReport', 'amendReport']);
