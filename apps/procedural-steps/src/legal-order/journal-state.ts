import type { CaseStatus } from '@icjims/contracts';
import { STANDING_STATUSES } from '../step-types/step-catalogue';
import type { LeavingReason, PreventiveMeasure, VerdictOutcome } from '../step-types/step-catalogue';
import type { JournalFacts, JournalStep } from './journal-step';

/** A person's procedural standing in the case. A person no step has named yet counts as `none`. */
export const PERSON_STATUSES = ['none', ...STANDING_STATUSES] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** A preventive measure that has been applied and not lifted, changed or ended. */
export interface RunningMeasure {
  /** The step that last set it (applied, extended, or changed into it) and when that happened. */
  stepId: string;
  decidedAt: Date;
  until?: Date;
}

export interface PersonState {
  status: Exclude<PersonStatus, 'none'>;
  /** When, and by which step, the person reached that status. */
  since: Date;
  sinceStepId: string;
  /** Suspicion formally notified (a detained person is a suspect before it is). */
  suspicionNotified: boolean;
  /** An open detention as a suspect (the 48-hour kind); custody is a measure. */
  detention?: { stepId: string; since: Date };
  /** When the person last regained liberty (release, or the end of custody). */
  releasedAt?: Date;
  measures: Partial<Record<PreventiveMeasure, RunningMeasure>>;
  pleaAgreement: boolean;
  /** The latest verdict and the appeal round it was given in (0 = first instance). */
  verdict?: { outcome: VerdictOutcome; round: number };
  /** The appeal round the latest sentence was given in. */
  sentenceRound?: number;
  /** The latest sentence: its kind and term (parole presupposes imprisonment, and supervises at most its term). */
  sentence?: { type: string; termMonths?: number };
  /** The conditional early release that set the person free on parole. */
  releasedOnParole?: { stepId: string; at: Date };
  /** Pre-sentence reports requested on the person, by request step; `receivedStepId` once the report came in. */
  reports?: Readonly<Record<string, PreSentenceReport>>;
  /**
   * Set while the person is out of the case (removed, or split off into another): the case
   * proceeds without them, and only their release or the lifting of a measure is recorded.
   */
  left?: { since: Date; stepId: string; reason: LeavingReason };
}

/** A pre-sentence report requested on a person: when, and the step that recorded its receipt. */
export interface PreSentenceReport {
  requestedAt: Date;
  receivedStepId?: string;
}

/** What the effective journal establishes about the case. */
export interface ProcedureState {
  status: CaseStatus;
  /** When, and by which step, the case reached its status (receipt of the report for `registered`). */
  statusSince: Date;
  statusStepId?: string;
  /** Effective steps applied so far (corrections are not steps of the effective journal). */
  stepCount: number;
  /** While suspended: the status that resumption returns to. */
  resumeTo?: CaseStatus;
  /** Appeals filed so far. */
  appealRound: number;
  /** End of the investigation term as last extended. */
  investigationUntil?: Date;
  persons: Readonly<Record<string, PersonState>>;
}

/** The state decide/evolve work on: the procedure, the facts, and every accepted step as recorded. */
export interface JournalState extends ProcedureState {
  facts: JournalFacts;
  journal: readonly JournalStep[];
}

export function initialJournalState(facts: JournalFacts): JournalState {
  return { facts, journal: [], status: 'registered', statusSince: facts.receivedAt, stepCount: 0, appealRound: 0, persons: {} };
}

export function personStatus(state: ProcedureState, personId: string | undefined): PersonStatus {
  return (personId !== undefined && state.persons[personId]?.status) || 'none';
}

/** The standings of a person the court has judged. */
export const JUDGED: readonly PersonStatus[] = ['convicted', 'acquitted', 'sentenced'];

/** The persons the case proceeds against: named by a step and not since gone from it. */
export function personsInCase(state: ProcedureState): PersonState[] {
  return Object.values(state.persons).filter((person) => !person.left);
}

/** Deprived of liberty: detained as a suspect, or held in custody. */
export function isDetained(person: PersonState | undefined): boolean {
  return Boolean(person?.detention || person?.measures.custody);
}

/** Statuses after which the journal takes no step but a correction (and, after termination, resumption or closure). */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['terminated', 'closed', 'joined'];

/** Statuses in which proceedings are open. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['registered', 'under_investigation', 'suspended', 'in_court', 'decided', 'under_appeal'];
