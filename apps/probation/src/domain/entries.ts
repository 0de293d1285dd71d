import type { ProbationEntryDetails, ProbationEntryType } from '@icjims/contracts';

/**
 * What the journal keeps of an entry beyond what is published: free text (evidence, a report
 * section's text, a note on a contact) and an assessment's answers stay in the journal and is never published.
 */
export interface JournalDetails extends ProbationEntryDetails {
  contact_recorded: ProbationEntryDetails['contact_recorded'] & { note?: string };
  violation_recorded: ProbationEntryDetails['violation_recorded'] & { evidence?: string };
  /** The answers given, item code → answer code, from which the score came. */
  assessment_recorded: ProbationEntryDetails['assessment_recorded'] & { answers?: Record<string, string> };
  report_section_drafted: ProbationEntryDetails['report_section_drafted'] & { text?: string };
}

/** The journal-only fields of each entry type, which `publishedDetails` drops. */
const UNPUBLISHED: Partial<Record<ProbationEntryType, readonly string[]>> = {
  contact_recorded: ['note'],
  violation_recorded: ['evidence'],
  assessment_recorded: ['answers'],
  report_section_drafted: ['text'],
};

/**
 * An entry of a probation journal as decide returns it and evolve folds it: its type, when it
 * happened (an ISO instant; the day the law counts is its date in the pack's zone) and its details.
 */
export type ProbationEntry<K extends ProbationEntryType = ProbationEntryType> = {
  [T in K]: { entryType: T; occurredAt: string; details: JournalDetails[T] };
}[K];

export function entry<K extends ProbationEntryType>(entryType: K, occurredAt: string, details: JournalDetails[K]): ProbationEntry<K> {
  return { entryType, occurredAt, details } as ProbationEntry<K>;
}

/** The details an entry publishes (`probation-entry.recorded`): the journal's without its free text. */
export function publishedDetails<K extends ProbationEntryType>(recorded: ProbationEntry<K>): ProbationEntryDetails[K] {
  const hidden: readonly string[] = UNPUBLISHED[recorded.entryType as ProbationEntryType] ?? [];
  return Object.fromEntries(Object.entries(recorded.details).filter(([field]) => !hidden.includes(field))) as ProbationEntryDetails[K];
}
