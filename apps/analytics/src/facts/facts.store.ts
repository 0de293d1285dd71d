import { EntityManager } from 'typeorm';
import { sendWithNext } from '@icjims/persistence';
import {
  CaseRegisteredV1, DeadlineBreachedV1, DeadlineBreachWithdrawnV1, PersonAddedToCaseV1, PersonMergedV1, PersonRemovedFromCaseV1, PersonUnmergedV1, StepCorrectedV1,
  StepRecordedV1,
} from '@icjims/contracts';

/*
 * Writes the facts (migration 1763900000430) from the events, one statement each (for cases and
 * steps, one for a whole batch of them), inside the consumer's inbox transaction. Each is
 * idempotent for the thing it records (a step or a case announced again under another event id
 * changes nothing). None needs an answer: each goes with the transaction's next statement
 * (sendWithNext), a batch's writes together with its COMMIT.
 */

/** Cases registered, each known from its event's time; one statement for all. */
export async function recordCases(manager: EntityManager, cases: readonly { data: CaseRegisteredV1; knownFrom: Date }[]): Promise<void> {
  const rows = cases.map(({ data, knownFrom }) => ({
    case_id: data.caseId, region: data.region, district: data.district ?? null, agency: data.agency ?? null, offence_article: data.offence.article,
    iccs_code: data.offence.iccsCode, severity: data.offence.severity, received_at: data.receivedAt, registered_at: data.registeredAt,
    split_from: data.splitFromCaseId ?? null, known_from: knownFrom,
  }));
  await sendWithNext(
    manager,
    `INSERT INTO fact_cases (case_id, region, district, agency, offence_article, iccs_code, severity, received_at, registered_at, split_from, known_from)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, region text, district text, agency text, offence_article text, iccs_code text,
       severity text, received_at timestamptz, registered_at timestamptz, split_from uuid, known_from timestamptz)
     ON CONFLICT (case_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** A role given (again): its categories as announced now, in force from `at`. */
export async function recordRoleGiven(manager: EntityManager, data: PersonAddedToCaseV1, at: Date): Promise<void> {
  await sendWithNext(
    manager,
    `INSERT INTO fact_case_persons (case_id, person_id, role, sex, age_band, juvenile, disability, citizenship_group, known_from, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
     ON CONFLICT (case_id, person_id, role) DO UPDATE SET sex = excluded.sex, age_band = excluded.age_band, juvenile = excluded.juvenile,
       disability = excluded.disability, citizenship_group = excluded.citizenship_group, ended_at = NULL`,
    [data.caseId, data.personId, data.role, data.sex, data.ageBand, data.juvenile, data.disability ?? null, data.citizenshipGroup, at],
  );
}

export async function recordRoleEnded(manager: EntityManager, data: PersonRemovedFromCaseV1, at: Date): Promise<void> {
  await sendWithNext(manager, `UPDATE fact_case_persons SET ended_at = $4 WHERE case_id = $1 AND person_id = $2 AND role = $3 AND ended_at IS NULL`, [
    data.caseId, data.personId, data.role, at,
  ]);
}

/** The merged id stands for the surviving one from `at` (one event per case: the first counts). */
export async function recordMerge(manager: EntityManager, data: PersonMergedV1, at: Date): Promise<void> {
  await sendWithNext(
    manager,
    `INSERT INTO fact_person_aliases (merged_person_id, surviving_person_id, known_from)
     SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM fact_person_aliases WHERE merged_person_id = $1 AND surviving_person_id = $2 AND known_until IS NULL)`,
    [data.mergedPersonId, data.survivingPersonId, at],
  );
}

/** The merge is undone from `at`: the alias's time ends there, its history stays. */
export async function recordUnmerge(manager: EntityManager, data: PersonUnmergedV1, at: Date): Promise<void> {
  await sendWithNext(manager, `UPDATE fact_person_aliases SET known_until = $3 WHERE merged_person_id = $1 AND surviving_person_id = $2 AND known_until IS NULL`, [
    data.restoredPersonId, data.survivingPersonId, at,
  ]);
}

/** Steps as recorded: revision 0, known from when each was recorded; one statement for all. */
export async function recordSteps(manager: EntityManager, steps: readonly StepRecordedV1[]): Promise<void> {
  const rows = steps.map((data) => ({
    step_id: data.stepId, case_id: data.caseId, person_id: data.personId ?? null, step_type: data.stepType, occurred_at: data.occurredAt, details: data.details,
    known_from: data.recordedAt,
  }));
  await sendWithNext(
    manager,
    `INSERT INTO fact_steps (step_id, revision, case_id, person_id, step_type, occurred_at, details, known_from)
     SELECT step_id, 0, case_id, person_id, step_type, occurred_at, details, known_from
     FROM jsonb_to_recordset($1::jsonb) AS r(step_id uuid, case_id uuid, person_id uuid, step_type text, occurred_at timestamptz, details jsonb, known_from timestamptz)
     ON CONFLICT (step_id, revision) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * A correction of a step: the revision in force ends at `at` and the next one starts there —
 * annulled, or with the values the step now stands as. A step analytics never saw (recorded
 * before the facts were kept) has no revision to correct, and nothing changes.
 */
export async function recordCorrection(manager: EntityManager, data: StepCorrectedV1, at: Date): Promise<void> {
  await sendWithNext(
    manager,
    `WITH closed AS (
       UPDATE fact_steps SET known_until = $2 WHERE step_id = $1 AND known_until IS NULL
       RETURNING revision, case_id, person_id, step_type, occurred_at, details
     )
     INSERT INTO fact_steps (step_id, revision, case_id, person_id, step_type, occurred_at, details, annulled, known_from)
     SELECT $1, revision + 1, case_id, CASE WHEN $3 THEN person_id ELSE $4::uuid END, step_type,
            CASE WHEN $3 THEN occurred_at ELSE $5::timestamptz END, CASE WHEN $3 THEN details ELSE $6::jsonb END, $3, $2
     FROM closed`,
    [data.correctedStepId, at, data.action === 'annul', data.standsAs?.personId ?? null, data.standsAs?.occurredAt ?? null, data.standsAs?.details ?? null],
  );
}

export async function recordBreach(manager: EntityManager, data: DeadlineBreachedV1): Promise<void> {
  await sendWithNext(
    manager,
    `INSERT INTO fact_deadline_breaches (deadline_id, case_id, person_id, rule, started_at, due_at, breached_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (deadline_id) DO UPDATE SET breached_at = excluded.breached_at, withdrawn_at = NULL`,
    [data.deadlineId, data.caseId, data.personId ?? null, data.rule, data.startedAt, data.dueAt, data.breachedAt],
  );
}

export async function recordBreachWithdrawn(manager: EntityManager, data: DeadlineBreachWithdrawnV1): Promise<void> {
  await sendWithNext(manager, `UPDATE fact_deadline_breaches SET withdrawn_at = $2 WHERE deadline_id = $1`, [data.deadlineId, data.withdrawnAt]);
}
