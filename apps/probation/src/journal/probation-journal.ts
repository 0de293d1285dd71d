import type { ProbationEntryType, ProbationStream } from '@icjims/contracts';
import { Json, MerkleLog } from '@icjims/integrity';
import { ChainableEntry, defineJournal, JournalEntry } from '@icjims/journal';

/** An entry of the probation journal as stored: its stream, what it records, its full details (free text included) and its link. */
export interface StoredProbationEntry extends JournalEntry {
  stream: ProbationStream;
  streamId: string;
  entryType: ProbationEntryType;
  caseId: string;
  /** The stream's region after the entry (a transfer moves it). */
  region: string;
  personId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: string;
  details: { [key: string]: Json };
}

/**
 * The entry codec: what an entry's hash (and its leaf) covers — every stored field but the
 * hashes, times ISO 8601 UTC with milliseconds. Stored hashes depend on it: never change it.
 */
export function probationChainFields(entry: ChainableEntry<StoredProbationEntry>) {
  return {
    seq: entry.sequence,
    entryId: entry.id,
    stream: entry.stream,
    streamId: entry.streamId,
    entryType: entry.entryType,
    caseId: entry.caseId,
    region: entry.region,
    personId: entry.personId,
    occurredAt: entry.occurredAt.toISOString(),
    recordedAt: entry.recordedAt.toISOString(),
    recordedBy: entry.recordedBy,
    details: entry.details,
  };
}

/** The probation journal on libs/journal: a stream per probation case and per pre-sentence report, one tree over all. */
export const probationJournal = defineJournal<StoredProbationEntry>({
  log: 'probation-journal',
  names: { entry: 'entry', stream: 'stream' },
  entries: {
    table: 'probation_entries',
    streamColumn: 'stream_id',
    columns: ['id', 'stream', 'stream_id', 'sequence', 'entry_type', 'case_id', 'region', 'person_id', 'occurred_at', 'recorded_at', 'recorded_by', 'details', 'prev_hash', 'hash'],
    toRow: (entry) => ({
      id: entry.id,
      stream: entry.stream,
      stream_id: entry.streamId,
      sequence: entry.sequence,
      entry_type: entry.entryType,
      case_id: entry.caseId,
      region: entry.region,
      person_id: entry.personId,
      occurred_at: entry.occurredAt,
      recorded_at: entry.recordedAt,
      recorded_by: entry.recordedBy,
      details: entry.details,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    }),
    fromRow: (row) => ({
      id: row.id as string,
      stream: row.stream as ProbationStream,
      streamId: row.stream_id as string,
      sequence: row.sequence as number,
      entryType: row.entry_type as ProbationEntryType,
      caseId: row.case_id as string,
      region: row.region as string,
      personId: row.person_id as string | null,
      occurredAt: row.occurred_at as Date,
      recordedAt: row.recorded_at as Date,
      recordedBy: row.recorded_by as string,
      details: row.details as StoredProbationEntry['details'],
      prevHash: row.prev_hash as string,
      hash: row.hash as string,
    }),
  },
  heads: { table: 'probation_streams', streamColumn: 'stream_id' },
  leaves: { table: 'probation_leaves', entryColumn: 'entry_id' },
  tree: new MerkleLog('probation_tree'),
  chainFields: probationChainFields,
});
