import { EntityManager } from 'typeorm';
import { PersonRole } from '@icjims/contracts';
import { RoleRowState } from './person-rules';
import { visibleInRegionSql } from './persons.store';

/** The SQL of merging and unmerging person records, with the merge log (person_merges, person_merge_roles). */

/** Why a merged record's role was closed instead of moved: the surviving record already held it. */
export const DUPLICATE_REASON = 'merge: the surviving person record already holds this role';

/** A merge as the log holds it. */
export interface MergeRecord {
  id: string;
  survivingPersonId: string;
  mergedPersonId: string;
  mergedAt: Date;
}

/** The facts of one merge for the log. */
export interface MergeFacts {
  id: string;
  survivingPersonId: string;
  mergedPersonId: string;
  reason: string;
  mergedAt: Date;
  mergedBy: string;
}

/**
 * Logs the merge, closes the merged record's active roles the survivor already holds and logs
 * them as 'closed' — one statement — then moves its other active roles to the survivor and
 * logs them as 'moved' — another. Two statements, because the move must not see the rows
 * the close ends.
 */
export async function moveRolesLogged(manager: EntityManager, merge: MergeFacts): Promise<void> {
  await manager.query(
    `WITH merge AS (
       INSERT INTO person_merges (id, surviving_person_id, merged_person_id, reason, merged_at, merged_by)
       VALUES ($1, $2, $3, $4, $5, $6)
     ), closed AS (
       UPDATE case_person_roles m SET removed_at = $5, removed_by = $6, removal_reason = $7
       WHERE m.person_id = $3 AND m.removed_at IS NULL
         AND EXISTS (SELECT 1 FROM case_person_roles s
                     WHERE s.person_id = $2 AND s.case_id = m.case_id AND s.role = m.role AND s.removed_at IS NULL)
       RETURNING m.id
     )
     INSERT INTO person_merge_roles (merge_id, role_row_id, effect) SELECT $1, id, 'closed' FROM closed`,
    [merge.id, merge.survivingPersonId, merge.mergedPersonId, merge.reason, merge.mergedAt, merge.mergedBy, DUPLICATE_REASON],
  );
  await manager.query(
    `WITH moved AS (
       UPDATE case_person_roles SET person_id = $2, merged_from = $3 WHERE person_id = $3 AND removed_at IS NULL RETURNING id
     )
     INSERT INTO person_merge_roles (merge_id, role_row_id, effect) SELECT $1, id, 'moved' FROM moved`,
    [merge.id, merge.survivingPersonId, merge.mergedPersonId],
  );
}

/** The merge of `mergedPersonId` in force (not undone), if any. */
export async function mergeInForce(manager: EntityManager, mergedPersonId: string): Promise<MergeRecord | null> {
  const [row]: { id: string; surviving_person_id: string; merged_person_id: string; merged_at: Date }[] = await manager.query(
    `SELECT id, surviving_person_id, merged_person_id, merged_at FROM person_merges WHERE merged_person_id = $1 AND unmerged_at IS NULL`,
    [mergedPersonId],
  );
  return row ? { id: row.id, survivingPersonId: row.surviving_person_id, mergedPersonId: row.merged_person_id, mergedAt: row.merged_at } : null;
}

/**
 * Whether a regional caller may see the merged record on its own: it (or a record merged
 * into it) holds or held a role in a case of the region, or one of the role rows the merge
 * moved or closed is of such a case. (Seeing the live record it was merged into is the
 * other half of the rule.)
 */
export async function mergedRecordVisibleIn(manager: EntityManager, merge: MergeRecord, region: string): Promise<boolean> {
  const [row]: { visible: boolean }[] = await manager.query(
    `WITH RECURSIVE family (id) AS (
       SELECT $1::uuid
       UNION ALL
       SELECT m.id FROM persons m JOIN family f ON m.merged_into = f.id
     )
     SELECT EXISTS (
       SELECT 1 FROM case_person_roles r JOIN cases c ON c.id = r.case_id
       WHERE c.region = $3
         AND (r.person_id IN (SELECT id FROM family) OR r.id IN (SELECT role_row_id FROM person_merge_roles WHERE merge_id = $2))
     ) AS visible`,
    [merge.mergedPersonId, merge.id, region],
  );
  return row.visible;
}

/**
 * Gives the restored record back what the merge took, in two statements (the second must see
 * the first's rows):
 * - the moved rows, active or ended since, go back to it; `merged_from` becomes the record of
 *   an earlier merge into it still in force that had moved the row there, else null;
 * - the closed rows are reopened where it holds no active row of that case and role.
 * Roles the survivor gained after the merge stay with the survivor.
 */
export async function restoreRoles(manager: EntityManager, merge: MergeRecord): Promise<void> {
  await manager.query(
    `UPDATE case_person_roles r
     SET person_id = $3,
         merged_from = (SELECT e.merged_person_id FROM person_merge_roles er JOIN person_merges e ON e.id = er.merge_id
                        WHERE er.role_row_id = r.id AND er.effect = 'moved' AND e.surviving_person_id = $3 AND e.unmerged_at IS NULL
                        ORDER BY e.merged_at DESC LIMIT 1)
     FROM person_merge_roles l
     WHERE l.merge_id = $1 AND l.effect = 'moved' AND r.id = l.role_row_id AND r.person_id = $2`,
    [merge.id, merge.survivingPersonId, merge.mergedPersonId],
  );
  await manager.query(
    `UPDATE case_person_roles r SET removed_at = NULL, removed_by = NULL, removal_reason = NULL
     FROM person_merge_roles l
     WHERE l.merge_id = $1 AND l.effect = 'closed' AND r.id = l.role_row_id AND r.person_id = $2 AND r.removed_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM case_person_roles h
                       WHERE h.case_id = r.case_id AND h.person_id = $2 AND h.role = r.role AND h.removed_at IS NULL)`,
    [merge.id, merge.mergedPersonId],
  );
}

/** Ends the merge in the log and makes the restored record a record of its own again, in one statement. */
export async function closeMerge(manager: EntityManager, merge: MergeRecord, undone: { reason: string; unmergedAt: Date; unmergedBy: string }): Promise<void> {
  await manager.query(
    `WITH undone AS (
       UPDATE person_merges SET unmerged_at = $2, unmerged_by = $3, unmerge_reason = $4 WHERE id = $1
     )
     UPDATE persons SET merged_into = NULL, merged_at = NULL, merged_by = NULL, merge_reason = NULL WHERE id = $5`,
    [merge.id, undone.unmergedAt, undone.unmergedBy, undone.reason, merge.mergedPersonId],
  );
}

/**
 * The cases the merge touched, each with its region, and every role row both records have
 * in them after the unmerge — one query.
 */
export async function rolesInMergedCases(manager: EntityManager, merge: MergeRecord): Promise<{ cases: { caseId: string; region: string }[]; rows: RoleRowState[] }> {
  const found: { case_id: string; region: string; person_id: string | null; role: PersonRole | null; active: boolean | null }[] = await manager.query(
    `WITH touched AS (
       SELECT DISTINCT r.case_id FROM person_merge_roles l JOIN case_person_roles r ON r.id = l.role_row_id WHERE l.merge_id = $1
     )
     SELECT t.case_id, c.region, r.person_id, r.role, r.removed_at IS NULL AS active
     FROM touched t JOIN cases c ON c.id = t.case_id
     LEFT JOIN case_person_roles r ON r.case_id = t.case_id AND r.person_id IN ($2, $3)
     ORDER BY t.case_id`,
    [merge.id, merge.survivingPersonId, merge.mergedPersonId],
  );
  const cases = new Map<string, string>();
  const rows: RoleRowState[] = [];
  for (const row of found) {
    cases.set(row.case_id, row.region);
    if (row.person_id !== null && row.role !== null) rows.push({ caseId: row.case_id, personId: row.person_id, role: row.role, active: row.active === true });
  }
  return { cases: [...cases].map(([caseId, region]) => ({ caseId, region })), rows };
}

/** A merge as a record's history shows it. */
export interface MergeHistoryEntry extends MergeFacts {
  unmergedAt: Date | null;
  unmergedBy: string | null;
  unmergeReason: string | null;
}

/**
 * The merges `personId` took part in, either way, newest first, at most `limit`. For a regional
 * caller (`region`), an undone merge shows only if the other record is visible in the region
 * by its own roles: once undone, the two records are apart again. A merge in force always
 * shows (the other record is in the same chain of merges).
 */
export async function mergesOf(manager: EntityManager, personId: string, page: { limit: number; region?: string }): Promise<MergeHistoryEntry[]> {
  const other = 'CASE WHEN m.merged_person_id = $1 THEN m.surviving_person_id ELSE m.merged_person_id END';
  const rows: {
    id: string; surviving_person_id: string; merged_person_id: string; reason: string; merged_at: Date; merged_by: string;
    unmerged_at: Date | null; unmerged_by: string | null; unmerge_reason: string | null;
  }[] = await manager.query(
    `SELECT m.id, m.surviving_person_id, m.merged_person_id, m.reason, m.merged_at, m.merged_by, m.unmerged_at, m.unmerged_by, m.unmerge_reason
     FROM person_merges m
     WHERE (m.merged_person_id = $1 OR m.surviving_person_id = $1)
       AND ($2::text IS NULL OR m.unmerged_at IS NULL OR ${visibleInRegionSql(other, '$2')})
     ORDER BY m.merged_at DESC, m.id
     LIMIT $3`,
    [personId, page.region ?? null, page.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    survivingPersonId: row.surviving_person_id,
    mergedPersonId: row.merged_person_id,
    reason: row.reason,
    mergedAt: row.merged_at,
    mergedBy: row.merged_by,
    unmergedAt: row.unmerged_at,
    unmergedBy: row.unmerged_by,
    unmergeReason: row.unmerge_reason,
  }));
}
