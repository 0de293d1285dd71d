import { EntityManager } from 'typeorm';
import { assertRegionAccess, isNational, Principal } from '@icjims/auth';
import { CaseStatus, ConflictError, ForbiddenError, NotFoundError, PersonRole } from '@icjims/contracts';
import { CriminalCase } from '../cases/case.entity';
import { CaseCursor } from './case-cursor';
import { Person } from './person.entity';

/** The SQL the persons services share, including all they read of `cases` (a table of the cases feature). */

/** When the offence happened, which juvenile status and age band are measured at: when committed if known, else when reported. */
const OFFENCE_AT = 'COALESCE(c.offence_committed_at, c.received_at)';

/** The columns of a case that persons need. */
export interface CaseFacts {
  id: string;
  caseNumber: string;
  region: string;
  status: CaseStatus;
  registeredAt: Date;
  offenceAt: Date;
}

interface CaseRow {
  id: string;
  case_number: string;
  region: string;
  status: CaseStatus;
  registered_at: Date;
  offence_at: Date;
}

const CASE_COLUMNS = `c.id, c.case_number, c.region, c.status, c.registered_at, ${OFFENCE_AT} AS offence_at`;

/** The same facts of a case already loaded (OFFENCE_AT's rule, in code). */
export function caseFactsOf(found: CriminalCase): CaseFacts {
  const { id, caseNumber, region, status, registeredAt } = found;
  return { id, caseNumber, region, status, registeredAt, offenceAt: found.offenceCommittedAt ?? found.receivedAt };
}

function caseFromRow(row: CaseRow): CaseFacts {
  return { id: row.id, caseNumber: row.case_number, region: row.region, status: row.status, registeredAt: row.registered_at, offenceAt: row.offence_at };
}

/**
 * A case the caller may work on. `lock` holds it (FOR SHARE) until the transaction ends,
 * so that it cannot move to another region while a person is added to it.
 */
export async function caseForCaller(manager: EntityManager, caseId: string, principal: Principal, lock = false): Promise<CaseFacts> {
  const [row]: CaseRow[] = await manager.query(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 ${lock ? 'FOR SHARE' : ''}`, [caseId]);
  if (!row) throw new NotFoundError(`case ${caseId} does not exist`);
  assertRegionAccess(principal, row.region);
  return caseFromRow(row);
}

/** A person record, merged or not. `lock` FOR SHARE keeps it from being merged meanwhile; 'update' is for merging it. */
export async function findPerson(manager: EntityManager, personId: string, lock?: 'share' | 'update'): Promise<Person> {
  const found = await manager.findOne(Person, {
    where: { id: personId },
    lock: lock ? { mode: lock === 'share' ? 'pessimistic_read' : 'pessimistic_write' } : undefined,
  });
  if (!found) throw new NotFoundError(`person ${personId} does not exist`);
  return found;
}

/** The id of the live record that stands for `person`: its own, or the end of its chain of merges. */
export async function liveIdOf(manager: EntityManager, person: Person): Promise<string> {
  if (person.mergedInto === null) return person.id;
  const [row]: { id: string }[] = await manager.query(
    `WITH RECURSIVE chain (id, merged_into) AS (
       SELECT id, merged_into FROM persons WHERE id = $1
       UNION ALL
       SELECT p.id, p.merged_into FROM persons p JOIN chain ON p.id = chain.merged_into
     )
     SELECT id FROM chain WHERE merged_into IS NULL`,
    [person.mergedInto],
  );
  return row.id;
}

/** A live (not merged) record, held FOR SHARE; a merged one is a 409 naming the record to use instead. */
export async function livePerson(manager: EntityManager, personId: string): Promise<Person> {
  const person = await findPerson(manager, personId, 'share');
  if (person.mergedInto !== null) {
    throw new ConflictError(`person ${personId} was merged into person ${await liveIdOf(manager, person)}; use that record`);
  }
  return person;
}

/**
 * A regional caller may see a person who holds a role in at least one case of their region;
 * a merged record is visible to whoever may see its live record (`personId` is the live id).
 */
export async function assertPersonVisible(manager: EntityManager, personId: string, principal: Principal): Promise<void> {
  if (isNational(principal)) return;
  const [row]: { visible: boolean }[] = await manager.query(
    `SELECT EXISTS (
       SELECT 1 FROM case_person_roles r JOIN cases c ON c.id = r.case_id
       WHERE r.person_id = $1 AND r.removed_at IS NULL AND c.region = $2
     ) AS visible`,
    [personId, principal.region],
  );
  if (!row.visible) throw new ForbiddenError(`region ${principal.region} may not access person ${personId}: they hold no role in a case of the region`);
}

/** One case of a person, with the roles they hold in it. */
export interface PersonCase extends CaseFacts {
  roles: PersonRole[];
  /** registered_at to the microsecond, for the cursor. */
  cursorAt: string;
}

/**
 * A person's cases, newest registration first (ties by case id, descending), after
 * `cursor`; only cases of `region` when given.
 */
export async function personCases(
  manager: EntityManager,
  personId: string,
  page: { limit: number; region?: string; after?: CaseCursor },
): Promise<PersonCase[]> {
  const params: unknown[] = [personId];
  const conditions = ['r.person_id = $1', 'r.removed_at IS NULL'];
  if (page.region !== undefined) {
    params.push(page.region);
    conditions.push(`c.region = $${params.length}`);
  }
  if (page.after) {
    params.push(page.after.registeredAt, page.after.caseId);
    conditions.push(`(c.registered_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit);
  const rows: (CaseRow & { roles: PersonRole[]; cursor_at: string })[] = await manager.query(
    `SELECT ${CASE_COLUMNS}, array_agg(r.role) AS roles,
            to_char(c.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM case_person_roles r JOIN cases c ON c.id = r.case_id
     WHERE ${conditions.join(' AND ')}
     GROUP BY c.id
     ORDER BY c.registered_at DESC, c.id DESC
     LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({ ...caseFromRow(row), roles: row.roles, cursorAt: row.cursor_at }));
}
