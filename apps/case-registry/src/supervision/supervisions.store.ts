import { EntityManager } from 'typeorm';
import { SupervisionChange } from './supervision-rules';

/** The SQL of probation_supervisions (migration 1763900000170): applying an entry, and what the person-visibility rule asks of it. */

/**
 * Applies one entry's change in one statement: the first entry of a case makes its row, a later
 * one updates it; an entry at or below the last sequence applied (a replay, under whatever event
 * id) changes nothing. Once ended, a supervision stays ended (only corrections follow an end).
 */
export async function applySupervisionChange(manager: EntityManager, change: SupervisionChange): Promise<void> {
  await manager.query(
    `INSERT INTO probation_supervisions AS s (probation_case_id, case_id, person_id, office, officer_id, region, ended_at, sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (probation_case_id) DO UPDATE SET
       person_id  = COALESCE(EXCLUDED.person_id, s.person_id),
       office     = CASE WHEN $9 THEN EXCLUDED.office ELSE s.office END,
       officer_id = CASE WHEN $9 THEN EXCLUDED.officer_id ELSE s.officer_id END,
       region     = CASE WHEN $9 THEN EXCLUDED.region ELSE s.region END,
       ended_at   = COALESCE(s.ended_at, EXCLUDED.ended_at),
       sequence   = EXCLUDED.sequence,
       updated_at = now()
     WHERE s.sequence < EXCLUDED.sequence`,
    [change.probationCaseId, change.caseId, change.personId, change.office, change.officerId, change.region, change.endedAt, change.sequence, change.allocates],
  );
}

/**
 * SQL selecting the criminal cases in which a person among `personIdsSql` (a SELECT of person ids)
 * is under a supervision that has not ended, allocated to office `officeSql` of region `regionSql`.
 */
export function supervisedCaseIdsSql(personIdsSql: string, officeSql: string, regionSql: string): string {
  return `SELECT s.case_id FROM probation_supervisions s
    WHERE s.person_id IN (${personIdsSql}) AND s.ended_at IS NULL AND s.office = ${officeSql} AND s.region = ${regionSql}`;
}

/** SQL true when a person among `personIdsSql` is under such a supervision of office `officeSql` of region `regionSql`. */
export function supervisedInOfficeSql(personIdsSql: string, officeSql: string, regionSql: string): string {
  return `EXISTS (${supervisedCaseIdsSql(personIdsSql, officeSql, regionSql)})`;
}
