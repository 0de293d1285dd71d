import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { applyEntries, caseTypeOf, decide, DecisionContext, newProbationCase, ProbationCaseState, SYSTEM_ACTOR } from '../domain';
import { probationJournalStore } from '../journal/probation-journal.store';

interface OldRow {
  id: string;
  case_id: string;
  region: string;
  source_step_id: string;
  person_id: string | null;
  term_months: number;
  starts_on: string;
  ends_on: string;
  opened_at: Date;
  annulled_at: Date | null;
  annulled_by_step_id: string | null;
  annulment_ground: 'sentence_annulled' | 'sentence_no_longer_probation' | null;
}

/**
 * Probation cases live in the probation journal only: one source of truth.
 *
 * - `probation_streams.source_step_id`: the court decision (or report request) a stream comes
 *   from, generated from the head's state, so a replayed step finds its stream by one indexed
 *   lookup; of one step's probation cases at most one stands (is not annulled).
 * - `probation_streams.started_at`: when this service started the stream (lists are newest first).
 * - Every row of `probation_cases` becomes a stream with the same id, its `opened` entry (and its
 *   `annulled` entry) decided by the domain and hashed as the store appends them, then the table
 *   goes. Their events were published when they were opened and annulled; none is published again.
 */
export class ProbationCasesOnJournal1763900000330 implements MigrationInterface {
  name = 'ProbationCasesOnJournal1763900000330';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE probation_streams
        ADD COLUMN source_step_id uuid GENERATED ALWAYS AS (NULLIF(state->>'sourceStepId', '')::uuid) STORED,
        ADD COLUMN started_at timestamptz NOT NULL DEFAULT now()`);
    await db.query(`CREATE INDEX probation_streams_source_step ON probation_streams (source_step_id) WHERE source_step_id IS NOT NULL`);
    await db.query(
      `CREATE UNIQUE INDEX probation_streams_one_standing_case_per_step ON probation_streams (source_step_id) WHERE stream = 'probation_case' AND status <> 'annulled'`,
    );
    await db.query(`CREATE INDEX probation_streams_region_started ON probation_streams (region, stream, started_at DESC)`);

    const rows: OldRow[] = await db.query(
      `SELECT id, case_id, region, source_step_id, person_id, term_months, starts_on::text AS starts_on, ends_on::text AS ends_on, opened_at, annulled_at, annulled_by_step_id, annulment_ground
         FROM probation_cases ORDER BY opened_at, id`,
    );
    if (rows.length) await moveIntoJournal(db, rows);
    await db.query(`DROP TABLE probation_cases`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE probation_cases (
        id                  uuid PRIMARY KEY,
        case_id             uuid NOT NULL,
        region              text NOT NULL,
        source_step_id      uuid NOT NULL,
        person_id           uuid,
        term_months         int  NOT NULL CHECK (term_months BETWEEN 1 AND 600),
        starts_on           date NOT NULL,
        ends_on             date NOT NULL CHECK (ends_on > starts_on),
        status              text NOT NULL CONSTRAINT probation_cases_status_check CHECK (status IN ('active', 'completed', 'revoked', 'annulled')),
        opened_at           timestamptz NOT NULL,
        annulled_at         timestamptz,
        annulled_by_step_id uuid,
        annulment_ground    text CHECK (annulment_ground IN ('sentence_annulled', 'sentence_no_longer_probation')),
        CONSTRAINT probation_cases_annulment_complete
          CHECK (num_nonnulls(annulled_at, annulled_by_step_id, annulment_ground) = CASE WHEN status = 'annulled' THEN 3 ELSE 0 END)
      )`);
    await db.query(`CREATE UNIQUE INDEX probation_cases_one_standing_per_step ON probation_cases (source_step_id) WHERE status <> 'annulled'`);
    await db.query(`CREATE INDEX probation_cases_source_step ON probation_cases (source_step_id)`);
    await db.query(`CREATE INDEX probation_cases_region_opened ON probation_cases (region, opened_at DESC)`);
    await db.query(`CREATE INDEX probation_cases_case ON probation_cases (case_id)`);
    // The older table knows opened, annulled, completed and revoked cases; the journal keeps the rest.
    await db.query(`
      INSERT INTO probation_cases
      SELECT s.stream_id, s.case_id, s.region, s.source_step_id, s.person_id, (s.state->>'termMonths')::int, (s.state->>'startsOn')::date,
             (s.state->>'endsOn')::date, CASE WHEN s.status IN ('completed', 'revoked', 'annulled') THEN s.status ELSE 'active' END, s.started_at,
             a.occurred_at, (s.state->'annulment'->>'correctionStepId')::uuid, s.state->'annulment'->>'ground'
        FROM probation_streams s LEFT JOIN probation_entries a ON a.stream_id = s.stream_id AND a.entry_type = 'annulled'
       WHERE s.stream = 'probation_case' AND s.version > 0`);
    await db.query(`DROP INDEX probation_streams_region_started`);
    await db.query(`DROP INDEX probation_streams_one_standing_case_per_step`);
    await db.query(`DROP INDEX probation_streams_source_step`);
    await db.query(`ALTER TABLE probation_streams DROP COLUMN started_at, DROP COLUMN source_step_id`);
  }
}

/** Each old row as a stream of the journal: opened (by the pack's case type of a probation sentence), then annulled when it was. */
async function moveIntoJournal(db: QueryRunner, rows: OldRow[]): Promise<void> {
  const jurisdiction = loadJurisdiction(process.env);
  const pack = jurisdiction.pack.probation;
  const caseType = caseTypeOf({ stepType: 'sentence', details: { sentenceType: 'probation' } }, pack);
  if (!caseType) throw new Error(`the ${jurisdiction.code} pack has no probation case type opened by a probation sentence: its probation cases cannot move into the journal`);
  const manager = db.manager;
  for (const row of rows) {
    const context: DecisionContext = { pack, timeZone: jurisdiction.timeZone, now: new Date(), actor: SYSTEM_ACTOR };
    const facts = { caseId: row.case_id, region: row.region, ...(row.person_id && { personId: row.person_id }) };
    let state: ProbationCaseState = newProbationCase(facts);
    let head = await probationJournalStore.create<ProbationCaseState>(manager, {
      streamId: row.id,
      stream: 'probation_case',
      caseId: row.case_id,
      region: row.region,
      office: null,
      personId: row.person_id,
      status: state.status,
      state,
    });
    const commands = [
      {
        type: 'open' as const,
        occurredAt: row.opened_at.toISOString(),
        intake: {
          sourceStepId: row.source_step_id,
          caseType: caseType.code,
          personId: row.person_id,
          termMonths: row.term_months,
          startsOn: row.starts_on,
          endsOn: row.ends_on,
          obligations: [],
        },
      },
      ...(row.annulled_at && row.annulled_by_step_id && row.annulment_ground
        ? [{ type: 'annul' as const, occurredAt: row.annulled_at.toISOString(), sourceStepId: row.source_step_id, correctionStepId: row.annulled_by_step_id, ground: row.annulment_ground }]
        : []),
    ];
    for (const command of commands) {
      const decision = decide(state, command, context);
      if (!decision.ok) throw new Error(`probation case ${row.id} cannot move into the journal: ${decision.refusal.reason}`);
      state = applyEntries(state, decision.entries, context);
      ({ head } = await probationJournalStore.append(manager, head, decision.entries, SYSTEM_ACTOR.sub, { status: state.status, state, personId: state.personId }));
    }
    await db.query(`UPDATE probation_streams SET started_at = $2 WHERE stream_id = $1`, [row.id, row.opened_at]);
  }
}
