import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConflictError, ProbationEntryType, ProbationStream } from '@icjims/contracts';
import { GENESIS_HASH, Json } from '@icjims/integrity';
import { JournalHead, journalStore } from '@icjims/journal';
import { probationJournal, StoredProbationEntry } from './probation-journal';

/**
 * A stream's head row: where the stream stands (version, last hash), what lists and access
 * filter by, and the domain's state after its last entry — opaque here, the domain's to read
 * and fold (apps/probation/src/domain), kept current with the head so no append replays.
 */
export interface ProbationStreamHead<State = unknown> extends JournalHead {
  streamId: string;
  stream: ProbationStream;
  caseId: string;
  region: string;
  office: string | null;
  personId: string | null;
  status: string;
  state: State;
}

/** An entry to append, as the domain decided it. */
export interface ProbationEntryInput {
  entryType: ProbationEntryType;
  /** An ISO instant. */
  occurredAt: string;
  details: object;
}

/** The stream after the entries: what the domain's evolve gave, written with the head in the same statement. */
export interface StreamAfter<State = unknown> {
  status: string;
  state: State;
  region?: string;
  office?: string | null;
  personId?: string | null;
  /** The first day the daily round has something to give the stream (scheduling/attention.ts); null for nothing to come. */
  attentionOn?: string | null;
}

interface HeadRow {
  stream_id: string;
  stream: ProbationStream;
  case_id: string;
  region: string;
  office: string | null;
  person_id: string | null;
  status: string;
  state: unknown;
  version: number;
  last_hash: string;
}

const HEAD_COLUMNS = 'stream_id, stream, case_id, region, office, person_id, status, state, version, last_hash';

function headOf<State>(row: HeadRow): ProbationStreamHead<State> {
  return {
    streamId: row.stream_id,
    stream: row.stream,
    caseId: row.case_id,
    region: row.region,
    office: row.office,
    personId: row.person_id,
    status: row.status,
    state: row.state as State,
    version: row.version,
    lastHash: row.last_hash,
  };
}

/** The one place for the probation journal's SQL on the write side (the tree's is libs/journal's). */
export const probationJournalStore = {
  /** A new stream with no entries yet (version 0), in the caller's transaction: its first append follows. 409 if the stream exists. */
  async create<State>(manager: EntityManager, head: Omit<ProbationStreamHead<State>, 'version' | 'lastHash'>): Promise<ProbationStreamHead<State>> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO probation_streams (stream_id, stream, case_id, region, office, person_id, status, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
      [head.streamId, head.stream, head.caseId, head.region, head.office, head.personId, head.status, JSON.stringify(head.state)],
    );
    if (!rows.length) throw new ConflictError(`${head.stream} ${head.streamId} exists already`);
    return { ...head, version: 0, lastHash: GENESIS_HASH };
  },

  /** The stream's head, locked for the caller's transaction (appends to one stream take turns); undefined when there is no such stream. */
  async loadForUpdate<State>(manager: EntityManager, streamId: string): Promise<ProbationStreamHead<State> | undefined> {
    const [row]: HeadRow[] = await manager.query(`SELECT ${HEAD_COLUMNS} FROM probation_streams WHERE stream_id = $1 FOR UPDATE`, [streamId]);
    return row && headOf<State>(row);
  },

  /**
   * Appends the entries to the stream whose head the caller locked, as the next links of its
   * chain, and moves the head with its state to `after` — one statement, however many entries.
   * A stale `expectedVersion` is a 409 and writes nothing. Returns the stored entries and the head after them.
   */
  async append<State>(
    manager: EntityManager,
    head: ProbationStreamHead<State>,
    inputs: readonly ProbationEntryInput[],
    recordedBy: string,
    after: StreamAfter<State>,
    expectedVersion?: number,
  ): Promise<{ head: ProbationStreamHead<State>; entries: StoredProbationEntry[] }> {
    const next: ProbationStreamHead<State> = {
      ...head,
      status: after.status,
      state: after.state,
      ...(after.region !== undefined && { region: after.region }),
      ...(after.office !== undefined && { office: after.office }),
      ...(after.personId !== undefined && { personId: after.personId }),
    };
    const recordedAt = new Date();
    const unlinked = inputs.map((input) => ({
      id: randomUUID(),
      stream: head.stream,
      streamId: head.streamId,
      entryType: input.entryType,
      caseId: head.caseId,
      region: next.region,
      personId: next.personId,
      occurredAt: new Date(input.occurredAt),
      recordedAt,
      recordedBy,
      details: input.details as { [key: string]: Json },
    }));
    const appended = await journalStore.appendEntries(manager, probationJournal, head.streamId, head, unlinked, {
      expectedVersion,
      headColumns: {
        status: next.status,
        state: JSON.stringify(next.state),
        region: next.region,
        office: next.office,
        person_id: next.personId,
        ...(after.attentionOn !== undefined && { attention_on: after.attentionOn }),
      },
    });
    return { head: { ...next, ...appended.head }, entries: appended.entries };
  },
};
