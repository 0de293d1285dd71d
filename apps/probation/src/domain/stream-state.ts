import type { ContactOutcome, CourtRequest, PreSentenceReportStatus, ProbationCaseStatus, ProbationEnd } from '@icjims/contracts';

/** One of the pack's probation deadlines as a stream keeps it (deadlines.ts runs them). */
export interface DeadlineClock {
  rule: string;
  startedAt: string;
  dueOn: string;
  warnFrom: string;
  /** The details field the due date comes from, for a term `{ field }`. */
  field?: string;
  metAt?: string;
  /** A `deadline_breached` entry recorded the breach. */
  breached?: boolean;
  /** The stream ended (or the rule restarted) before it was met. */
  stoppedAt?: string;
}

/** What the stream's head knows before its first entry: the criminal case, its region and the person. */
export interface StreamFacts {
  caseId: string;
  region: string;
  personId?: string;
}

export interface PlanItem {
  obligation: string;
  everyDays?: number;
  dueOn?: string;
  hours?: number;
}

export interface ScheduledContact {
  contactKind: string;
  scheduledFor: string;
  /** Once the contact is recorded: what became of it. */
  outcome?: ContactOutcome;
  excused?: boolean;
}

export interface Violation {
  obligation: string;
  violationType: string;
  occurredOn: string;
  /** Response codes in the order given (a submission to court is one too). */
  responses: string[];
}

export interface CourtSubmission {
  request: CourtRequest;
  violationId?: string;
  submittedAt: string;
  /** Absent while pending. */
  decision?: { granted: boolean; decidedAt: string };
}

/**
 * Where a probation case stands, folded from its journal (evolve) and stored as JSON beside the
 * journal's head, so that an append never replays the journal. Dates are YYYY-MM-DD in the pack's
 * zone, instants ISO strings. Version 0 is a stream not yet opened.
 */
export interface ProbationCaseState {
  stream: 'probation_case';
  caseId: string;
  region: string;
  personId: string | null;
  /** Entries in the journal so far. */
  version: number;
  status: ProbationCaseStatus;
  /** The court decision's step; empty until opened. */
  sourceStepId: string;
  /** (pack) caseType; empty until opened. */
  caseType: string;
  openedAt: string;
  termMonths: number;
  startsOn: string;
  /** The end of the term, moved by corrections and granted extensions. */
  endsOn: string;
  /** Months added by granted extensions, which a correction of the term keeps. */
  extensionMonths: number;
  obligations: string[];
  office: string | null;
  officerId: string | null;
  allocatedAt: string | null;
  plan: PlanItem[];
  contacts: Record<string, ScheduledContact>;
  /** The first attended contact: the first meeting. */
  firstMeetingAt: string | null;
  /** The latest attended contact, from which a plan's reporting interval counts. */
  lastAttendedAt: string | null;
  contactsRecorded: number;
  /** Ordered and worked hours of a community-work case; null for other cases. */
  communityWork: { ordered: number; worked: number } | null;
  lastAssessment: { instrument: string; instrumentVersion: number; score: number; band: string; assessedAt: string; nextDueOn?: string } | null;
  violations: Record<string, Violation>;
  submissions: Record<string, CourtSubmission>;
  abscondedSince: string | null;
  /** The end (or the annulment) once there is one. */
  ended: { end: ProbationEnd; endedOn: string } | null;
  annulment: { correctionStepId: string; ground: string } | null;
  /** The pack's deadlines for this case, started, met, breached or stopped (see deadlines.ts). */
  deadlines: DeadlineClock[];
}

export function newProbationCase(facts: StreamFacts): ProbationCaseState {
  return {
    stream: 'probation_case',
    caseId: facts.caseId,
    region: facts.region,
    personId: facts.personId ?? null,
    version: 0,
    status: 'active',
    sourceStepId: '',
    caseType: '',
    openedAt: '',
    termMonths: 0,
    startsOn: '',
    endsOn: '',
    extensionMonths: 0,
    obligations: [],
    office: null,
    officerId: null,
    allocatedAt: null,
    plan: [],
    contacts: {},
    firstMeetingAt: null,
    lastAttendedAt: null,
    contactsRecorded: 0,
    communityWork: null,
    lastAssessment: null,
    violations: {},
    submissions: {},
    abscondedSince: null,
    ended: null,
    annulment: null,
    deadlines: [],
  };
}

/** Statuses after which a case takes nothing but a correction. */
export const FINAL_CASE_STATUSES: readonly ProbationCaseStatus[] = ['completed', 'terminated_early', 'revoked', 'deceased', 'annulled'];

export function pendingSubmissions(state: ProbationCaseState, ...requests: CourtRequest[]): Array<[string, CourtSubmission]> {
  return Object.entries(state.submissions).filter(([, submission]) => !submission.decision && (requests.length === 0 || requests.includes(submission.request)));
}

/**
 * Where a pre-sentence report stands. Version 0 is a report not yet requested.
 */
export interface PreSentenceReportState {
  stream: 'pre_sentence_report';
  caseId: string;
  region: string;
  personId: string | null;
  version: number;
  status: PreSentenceReportStatus;
  sourceStepId: string;
  /** (pack) reportRequesters. */
  requestedBy: string;
  requestedAt: string;
  dueOn: string;
  office: string | null;
  officerId: string | null;
  /** (pack) reportSections drafted so far, each once however often redrafted. */
  sections: string[];
  recommendation: string | null;
  submitted: { submittedAt: string; onTime: boolean } | null;
  /** The corrections of the request step applied (report_amended); absent in states stored before them. */
  corrections?: string[];
  deadlines: DeadlineClock[];
}

export function newPreSentenceReport(facts: StreamFacts): PreSentenceReportState {
  return {
    stream: 'pre_sentence_report',
    caseId: facts.caseId,
    region: facts.region,
    personId: facts.personId ?? null,
    version: 0,
    status: 'requested',
    sourceStepId: '',
    requestedBy: '',
    requestedAt: '',
    dueOn: '',
    office: null,
    officerId: null,
    sections: [],
    recommendation: null,
    submitted: null,
    corrections: [],
    deadlines: [],
  };
}

export const FINAL_REPORT_STATUSES: readonly PreSentenceReportStatus[] = ['submitted', 'withdrawn'];

export type ProbationStreamState = ProbationCaseState | PreSentenceReportState;
