import { EntityManager } from 'typeorm';
import { assertRegionAccess, hasAnyRole, isNational, Principal } from '@icjims/auth';
import { CaseStatus, ConflictError, NotFoundError, PersonRole, Role } from '@icjims/contracts';
import { CriminalCase } from '../cases/case.entity';
import { supervisedCaseIdsSql, supervisedInOfficeSql } from '../supervision/supervisions.store';
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

/**
 * What every person endpoint answers for a record the caller may not see, and for one that
 * does not exist: the same problem, word for word, so that no answer tells the two apart.
 */
export function personNotFound(): NotFoundError {
  return new NotFoundError('no such person record');
}

/** A person record, merged or not. `lock` FOR SHARE keeps it from being merged meanwhile; 'update' is for merging it. */
export async function findPerson(manager: EntityManager, personId: string, lock?: 'share' | 'update'): Promise<Person> {
  const found = await manager.findOne(Person, {
    where: { id: personId },
    lock: lock ? { mode: lock === 'share' ? 'pessimistic_read' : 'pessimistic_write' } : undefined,
  });
  if (!found) throw personNotFound();
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

/** A merged record used as a current person: a 409 naming the record to use instead (only ever after the caller was shown to see it). */
export async function assertLive(manager: EntityManager, person: Person): Promise<void> {
  if (person.mergedInto !== null) {
    throw new ConflictError(`person ${person.id} was merged into person ${await liveIdOf(manager, person)}; use that record`);
  }
}

/** A live (not merged) record, held FOR SHARE; a merged one is a 409 naming the record to use instead. For persons already in the caller's case. */
export async function livePerson(manager: EntityManager, personId: string): Promise<Person> {
  const person = await findPerson(manager, personId, 'share');
  await assertLive(manager, person);
  return person;
}

/** SQL selecting the live record `personSql` and every record merged into it, at any depth. */
function familyIdsSql(personSql: string): string {
  return `WITH RECURSIVE family (id) AS (
      SELECT ${personSql}
      UNION ALL
      SELECT m.id FROM persons m JOIN family f ON m.merged_into = f.id
    )
    SELECT id FROM family`;
}

/**
 * SQL true when the live record `personSql` is visible in region `regionSql`: it, or a record
 * merged into it, holds or held a role in a case that is now of that region. Roles ended
 * since keep the record visible: who worked on the person may still answer for it.
 */
export function visibleInRegionSql(personSql: string, regionSql: string): string {
  return `EXISTS (
    SELECT 1 FROM case_person_roles r JOIN cases c ON c.id = r.case_id
    WHERE r.person_id IN (${familyIdsSql(personSql)}) AND c.region = ${regionSql})`;
}

/** Roles that work on criminal cases: a regional holder sees the persons of their region's cases. */
const CASE_WORK_ROLES: readonly Role[] = ['prosecutor', 'investigator', 'admin'];

/**
 * Roles that supervise persons on probation: they see the persons their office (the token's
 * `office`) supervises now, and nobody else — not even the others of the same criminal case.
 */
const SUPERVISION_ROLES: readonly Role[] = ['probation_officer', 'probation_supervisor'];

/** The caller's office when their probation role lets them see the persons it supervises. */
function supervisingOffice(principal: Principal): string | undefined {
  return hasAnyRole(principal, SUPERVISION_ROLES) ? principal.office : undefined;
}

/**
 * SQL true when the caller may see the live record `personSql` (the person-visibility rule), its
 * values appended to `params`: a national caller sees every record; a regional one what each of
 * their roles reaches — a case-working role the records visible in their region, a probation role
 * the records under a supervision not ended, allocated to their office in their region (through
 * any record merged into the live one). A caller whose roles reach nothing sees no record.
 */
function visibleToCallerSql(personSql: string, principal: Principal, params: unknown[]): string {
  if (isNational(principal)) return 'true';
  const param = (value: unknown) => `$${params.push(value)}`;
  const reach: string[] = [];
  if (hasAnyRole(principal, CASE_WORK_ROLES)) reach.push(visibleInRegionSql(personSql, param(principal.region)));
  const office = supervisingOffice(principal);
  if (office !== undefined) reach.push(supervisedInOfficeSql(familyIdsSql(personSql), param(office), param(principal.region)));
  return reach.length ? `(${reach.join(' OR ')})` : 'false';
}

/**
 * The live records among `liveIds` that the caller may see, in one query however many.
 */
export async function visibleLiveIds(manager: EntityManager, liveIds: string[], principal: Principal): Promise<Set<string>> {
  if (isNational(principal)) return new Set(liveIds);
  if (!liveIds.length) return new Set();
  const params: unknown[] = [liveIds];
  const rows: { id: string }[] = await manager.query(`SELECT p.id FROM unnest($1::uuid[]) AS p (id) WHERE ${visibleToCallerSql('p.id', principal, params)}`, params);
  return new Set(rows.map((row) => row.id));
}

/**
 * A person record the caller may see, with the id of the live record that stands for it (a
 * merged record is visible to whoever may see its live record); anything else is the same
 * 404 as an unknown id.
 */
export async function visiblePerson(
  manager: EntityManager,
  personId: string,
  principal: Principal,
  lock?: 'share' | 'update',
): Promise<{ person: Person; liveId: string }> {
  const person = await findPerson(manager, personId, lock);
  const liveId = await liveIdOf(manager, person);
  if (!(await visibleLiveIds(manager, [liveId], principal)).has(liveId)) throw personNotFound();
  return { person, liveId };
}

/**
 * The record the caller may see for a national ID: the record holding it if visible, else
 * the oldest visible live record that claims it (a provisional record the caller's region
 * made because the holder is out of its reach), else null.
 */
export async function personHoldingId(manager: EntityManager, nationalId: string, principal: Principal, lock?: 'share'): Promise<Person | null> {
  const params: unknown[] = [nationalId];
  const rows: { id: string }[] = await manager.query(
    `SELECT p.id FROM persons p
     WHERE (p.national_id = $1 OR (p.claimed_national_id = $1 AND p.merged_into IS NULL))
       AND ${visibleToCallerSql('p.id', principal, params)}
     ORDER BY p.national_id IS NULL, p.created_at, p.id
     LIMIT 1`,
    params,
  );
  return rows.length ? findPerson(manager, rows[0].id, lock) : null;
}

/** One case of a person, with the roles they hold in it. */
export interface PersonCase extends CaseFacts {
  roles: PersonRole[];
  /** registered_at to the microsecond, for the cursor. */
  cursorAt: string;
}

/**
 * SQL true when the caller sees case `c` among the cases of the live record `$1`: every case for
 * a national caller; for a regional one, the cases of their region (case-working roles) and the
 * cases of the supervisions that let them see the person (probation roles); values appended to `params`.
 */
function caseInReachSql(principal: Principal, params: unknown[]): string {
  if (isNational(principal)) return 'true';
  const param = (value: unknown) => `$${params.push(value)}`;
  const reach: string[] = [];
  if (hasAnyRole(principal, CASE_WORK_ROLES)) reach.push(`c.region = ${param(principal.region)}`);
  const office = supervisingOffice(principal);
  if (office !== undefined) reach.push(`c.id IN (${supervisedCaseIdsSql(familyIdsSql('$1::uuid'), param(office), param(principal.region))})`);
  return reach.length ? `(${reach.join(' OR ')})` : 'false';
}

/**
 * A live person's cases that the caller sees (`caseInReachSql`), newest registration first
 * (ties by case id, descending), after `cursor`.
 */
export async function personCases(
  manager: EntityManager,
  personId: string,
  page: { limit: number; principal: Principal; after?: CaseCursor },
): Promise<PersonCase[]> {
  const params: unknown[] = [personId];
  const conditions = ['r.person_id = $1', 'r.removed_at IS NULL', caseInReachSql(page.principal, params)];
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
