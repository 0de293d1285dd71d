import { EntityManager } from 'typeorm';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, DeadlineBreached, DeadlineBreachedV1, DeadlineBreachWithdrawn, DeadlineBreachWithdrawnV1, PersonAddedToCase,
  PersonAddedToCaseV1, PersonMerged, PersonMergedV1, PersonRemovedFromCase, PersonRemovedFromCaseV1, PersonUnmerged, PersonUnmergedV1, ProbationEntryRecorded,
  ProbationEntryRecordedV1, StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1,
} from '@icjims/contracts';
import { officerHash } from '../probation/probation-entries.handler';
import { recordMerge, recordUnmerge } from './facts.store';

/*
 * The facts of many events at once, for loading whole histories (the national-scale seed and
 * the analytics bench): the same rows as facts.store.ts writes event by event, in a handful of
 * multi-row statements (unnest of one array per column) per batch instead of one per event.
 * No inbox and no activity counts: this is a loader of facts, not a consumer; the events are
 * trusted as their producers validated them.
 *
 * Rows are buffered per kind and written in the order of KINDS. That order is the events'
 * own unless one event touches what an earlier one of a later-written kind (or of its own)
 * touched, e.g. a second correction of one step, or a role given again after it ended: then
 * the buffer is written out first, so the result is the one-by-one result.
 */

type Row = unknown[];

interface Kind {
  /** Events that touch the same key of the same space must keep their order. */
  space: 'case' | 'role' | 'step' | 'deadline' | 'entry';
  /** Column types of the unnest, in order. */
  columns: readonly string[];
  sql: (input: string) => string;
}

const KINDS = {
  cases: {
    space: 'case',
    columns: ['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'uuid', 'timestamptz'],
    sql: (input) => `INSERT INTO fact_cases (case_id, region, district, agency, offence_article, iccs_code, severity, received_at, registered_at, split_from, known_from)
      SELECT * FROM ${input} ON CONFLICT (case_id) DO NOTHING`,
  },
  rolesGiven: {
    space: 'role',
    columns: ['uuid', 'uuid', 'text', 'text', 'text', 'boolean', 'boolean', 'text', 'timestamptz'],
    sql: (input) => `INSERT INTO fact_case_persons (case_id, person_id, role, sex, age_band, juvenile, disability, citizenship_group, known_from, ended_at)
      SELECT *, NULL::timestamptz FROM ${input}
      ON CONFLICT (case_id, person_id, role) DO UPDATE SET sex = excluded.sex, age_band = excluded.age_band, juvenile = excluded.juvenile,
        disability = excluded.disability, citizenship_group = excluded.citizenship_group, ended_at = NULL`,
  },
  steps: {
    space: 'step',
    columns: ['uuid', 'uuid', 'uuid', 'text', 'timestamptz', 'jsonb', 'timestamptz'],
    sql: (input) => `INSERT INTO fact_steps (step_id, revision, case_id, person_id, step_type, occurred_at, details, known_from)
      SELECT i.c0, 0, i.c1, i.c2, i.c3, i.c4, i.c5, i.c6 FROM ${input} ON CONFLICT (step_id, revision) DO NOTHING`,
  },
  rolesEnded: {
    space: 'role',
    columns: ['uuid', 'uuid', 'text', 'timestamptz'],
    sql: (input) => `UPDATE fact_case_persons f SET ended_at = i.c3 FROM ${input}
      WHERE f.case_id = i.c0 AND f.person_id = i.c1 AND f.role = i.c2 AND f.ended_at IS NULL`,
  },
  corrections: {
    space: 'step',
    // step, at, annulled, and what an amended step stands as: person, occurred at, details
    columns: ['uuid', 'timestamptz', 'boolean', 'uuid', 'timestamptz', 'jsonb'],
    sql: (input) => `WITH i AS (SELECT * FROM ${input}), closed AS (
        UPDATE fact_steps s SET known_until = i.c1 FROM i WHERE s.step_id = i.c0 AND s.known_until IS NULL
        RETURNING s.step_id, s.revision, s.case_id, s.person_id, s.step_type, s.occurred_at, s.details
      )
      INSERT INTO fact_steps (step_id, revision, case_id, person_id, step_type, occurred_at, details, annulled, known_from)
      SELECT c.step_id, c.revision + 1, c.case_id, CASE WHEN i.c2 THEN c.person_id ELSE i.c3 END, c.step_type,
             CASE WHEN i.c2 THEN c.occurred_at ELSE i.c4 END, CASE WHEN i.c2 THEN c.details ELSE i.c5 END, i.c2, i.c1
      FROM closed c JOIN i ON i.c0 = c.step_id`,
  },
  breaches: {
    space: 'deadline',
    columns: ['uuid', 'uuid', 'uuid', 'text', 'timestamptz', 'timestamptz', 'timestamptz'],
    sql: (input) => `INSERT INTO fact_deadline_breaches (deadline_id, case_id, person_id, rule, started_at, due_at, breached_at)
      SELECT * FROM ${input} ON CONFLICT (deadline_id) DO UPDATE SET breached_at = excluded.breached_at, withdrawn_at = NULL`,
  },
  breachesWithdrawn: {
    space: 'deadline',
    columns: ['uuid', 'timestamptz'],
    sql: (input) => `UPDATE fact_deadline_breaches f SET withdrawn_at = i.c1 FROM ${input} WHERE f.deadline_id = i.c0`,
  },
  probationEntries: {
    space: 'entry',
    // As recordProbationEntry keeps them (probation-entries.handler.ts): the details without an officer's id, an allocation's officer as its hash.
    columns: ['uuid', 'text', 'uuid', 'integer', 'text', 'uuid', 'text', 'text', 'uuid', 'timestamptz', 'timestamptz', 'text', 'jsonb', 'text'],
    sql: (input) => `INSERT INTO fact_probation_entries (entry_id, stream, stream_id, sequence, entry_type, case_id, region, office, person_id, occurred_at, known_from, status, details, officer)
      SELECT * FROM ${input} ON CONFLICT DO NOTHING`,
  },
} satisfies Record<string, Kind>;

type KindName = keyof typeof KINDS;
const ORDER = Object.keys(KINDS) as KindName[];

/** `unnest($1::t0[], $2::t1[], …) AS i(c0, c1, …)`: one array parameter per column. */
function unnestOf(columns: readonly string[]): string {
  return `unnest(${columns.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) AS i(${columns.map((_type, index) => `c${index}`).join(', ')})`;
}

/** Statistics of a load: events taken, statements sent. */
export interface BulkCounts {
  events: number;
  statements: number;
  /** Events of types that have no facts (e.g. status changes), passed over. */
  skipped: number;
}

/**
 * Give it one connection (a QueryRunner's manager, or a pool of one): a batch is sent while the
 * next one is being collected, and the statements' order on the connection is the events' order.
 */
export class FactsBulkWriter {
  readonly counts: BulkCounts = { events: 0, statements: 0, skipped: 0 };
  private readonly rows = new Map<KindName, Row[]>(ORDER.map((kind) => [kind, []]));
  private readonly keys = new Map<KindName, Set<string>>(ORDER.map((kind) => [kind, new Set()]));
  private buffered = 0;
  /** The batch being written, at most one. */
  private writing: Promise<void> = Promise.resolve();

  /** `batchSize`: events buffered before they are written (each kind then one statement). */
  constructor(
    private readonly manager: EntityManager,
    private readonly batchSize = 20_000,
  ) {}

  /** Takes one event; sends the buffer when it is full, or when this event must come after it. */
  async add(event: CloudEvent<unknown>): Promise<void> {
    this.counts.events += 1;
    const time = event.time;
    switch (event.type) {
      case CaseRegistered.type: {
        const data = event.data as CaseRegisteredV1;
        return this.put('cases', data.caseId, [
          data.caseId, data.region, data.district ?? null, data.agency ?? null, data.offence.article, data.offence.iccsCode, data.offence.severity,
          data.receivedAt, data.registeredAt, data.splitFromCaseId ?? null, time,
        ]);
      }
      case PersonAddedToCase.type: {
        const data = event.data as PersonAddedToCaseV1;
        return this.put('rolesGiven', `${data.caseId} ${data.personId} ${data.role}`, [
          data.caseId, data.personId, data.role, data.sex, data.ageBand, data.juvenile, data.disability ?? null, data.citizenshipGroup, time,
        ]);
      }
      case PersonRemovedFromCase.type: {
        const data = event.data as PersonRemovedFromCaseV1;
        return this.put('rolesEnded', `${data.caseId} ${data.personId} ${data.role}`, [data.caseId, data.personId, data.role, time]);
      }
      case StepRecorded.type: {
        const data = event.data as StepRecordedV1;
        return this.put('steps', data.stepId, [data.stepId, data.caseId, data.personId ?? null, data.stepType, data.occurredAt, JSON.stringify(data.details), data.recordedAt]);
      }
      case StepCorrected.type: {
        const data = event.data as StepCorrectedV1;
        const standsAs = data.standsAs;
        return this.put('corrections', data.correctedStepId, [
          data.correctedStepId, time, data.action === 'annul', standsAs?.personId ?? null, standsAs?.occurredAt ?? null, standsAs ? JSON.stringify(standsAs.details) : null,
        ]);
      }
      case DeadlineBreached.type: {
        const data = event.data as DeadlineBreachedV1;
        return this.put('breaches', data.deadlineId, [data.deadlineId, data.caseId, data.personId ?? null, data.rule, data.startedAt, data.dueAt, data.breachedAt]);
      }
      case DeadlineBreachWithdrawn.type: {
        const data = event.data as DeadlineBreachWithdrawnV1;
        return this.put('breachesWithdrawn', data.deadlineId, [data.deadlineId, data.withdrawnAt]);
      }
      case ProbationEntryRecorded.type: {
        const data = event.data as ProbationEntryRecordedV1;
        const { officerId, ...details } = data.details;
        return this.put('probationEntries', data.entryId, [
          data.entryId, data.stream, data.streamId, data.sequence, data.entryType, data.caseId, data.region, data.office ?? null, data.personId ?? null, data.occurredAt,
          data.recordedAt, data.status, JSON.stringify(details), data.entryType === 'allocated' && typeof officerId === 'string' ? officerHash(officerId) : null,
        ]);
      }
      // Merges are rare: written in their place, one statement each, as the handlers do.
      case PersonMerged.type:
        await this.flush();
        this.counts.statements += 1;
        return recordMerge(this.manager, event.data as PersonMergedV1, new Date(time));
      case PersonUnmerged.type:
        await this.flush();
        this.counts.statements += 1;
        return recordUnmerge(this.manager, event.data as PersonUnmergedV1, new Date(time));
      default:
        this.counts.skipped += 1;
    }
  }

  /** Writes everything buffered and waits until it is written. */
  async flush(): Promise<void> {
    await this.send();
    await this.writing;
  }

  /** Sends the buffer, kind after kind, once the batch before it is written; does not wait for this one. */
  private async send(): Promise<void> {
    if (this.buffered === 0) return;
    const statements: [string, unknown[][]][] = [];
    for (const kind of ORDER) {
      const rows = this.rows.get(kind) as Row[];
      if (rows.length === 0) continue;
      const { columns, sql } = KINDS[kind];
      // One array per column: the rows turned on their side.
      statements.push([sql(unnestOf(columns)), columns.map((_type, index) => rows.map((row) => row[index]))]);
      rows.length = 0;
      this.keys.get(kind)?.clear();
    }
    this.buffered = 0;
    this.counts.statements += statements.length;
    await this.writing;
    this.writing = (async () => {
      for (const [sql, arrays] of statements) await this.manager.query(sql, arrays);
    })();
    // Its failure surfaces at the next send or flush, which await it; until then it is not unhandled.
    this.writing.catch(() => undefined);
  }

  private async put(kind: KindName, key: string, row: Row): Promise<void> {
    if (this.mustFollowBuffer(kind, key)) await this.send();
    (this.rows.get(kind) as Row[]).push(row);
    this.keys.get(kind)?.add(key);
    this.buffered += 1;
    if (this.buffered >= this.batchSize) await this.send();
  }

  /** Whether a buffered row of this kind or a later-written one of the same space has the key. */
  private mustFollowBuffer(kind: KindName, key: string): boolean {
    const space = KINDS[kind].space;
    return ORDER.slice(ORDER.indexOf(kind)).some((later) => KINDS[later].space === space && this.keys.get(later)?.has(key));
  }
}
