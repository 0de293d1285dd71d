import { EntityManager } from 'typeorm';
import { queryTogether } from '@icjims/persistence';
import type { CaseStatus } from '@icjims/contracts';
import { KnownCase } from '../known-cases/known-case.entity';
import type { HeadState } from './head-state';

interface HeadRow {
  case_id: string;
  case_number: string;
  region: string;
  district: string | null;
  agency: string | null;
  received_at: Date;
  registered_at: Date;
  version: number;
  last_hash: string;
  status: CaseStatus;
  responsible_prosecutor: string | null;
  responsible_investigator: string | null;
  joined_into: string | null;
  journal_state: HeadState | null;
  rules_revision: string;
  member: boolean | null;
}

/** A person whose membership of the case is checked in the statement that locks it. */
export interface MembershipAsked {
  personId: string;
  /** A role once held counts too (a step that ends a restriction may name a person who left). */
  formerMembersToo: boolean;
}

/**
 * Prepared once per connection: planning it took longer than running it (0.09 of 0.14 ms). Its
 * columns are named, so that a column a later migration adds does not change the result of a plan
 * a connection keeps.
 */
const LOCK_HEAD = {
  name: 'case-head-lock',
  text: `SELECT k.case_id, k.case_number, k.region, k.district, k.agency, k.received_at, k.registered_at, k.version, k.last_hash, k.status,
                k.responsible_prosecutor, k.responsible_investigator, k.joined_into, k.journal_state,
                r.revision AS rules_revision, CASE WHEN $2::uuid IS NULL THEN NULL ELSE m.member IS NOT NULL END AS member
           FROM known_cases k
           CROSS JOIN deadline_rules_revision r
           LEFT JOIN LATERAL (SELECT true AS member FROM case_persons p WHERE p.case_id = k.case_id AND p.person_id = $2::uuid AND (p.active OR $3::boolean) LIMIT 1) m ON true
          WHERE k.case_id = $1
            FOR UPDATE OF k`,
};

/**
 * Locks the case's journal head for the caller's transaction (appends to one case take turns)
 * and reads, in the same statement, what an append decides with: the head and the state kept
 * with it, the revision of the deadline rules in force, and whether `asked` is a person of the
 * case. Undefined when the case is not known.
 */
export async function lockCaseHead(manager: EntityManager, caseId: string, asked?: MembershipAsked): Promise<{ known: KnownCase; member?: boolean } | undefined> {
  const [[row]] = (await queryTogether(manager, [{ ...LOCK_HEAD, values: [caseId, asked?.personId ?? null, asked?.formerMembersToo ?? false] }])) as HeadRow[][];
  if (!row) return undefined;
  const known = Object.assign(new KnownCase(), {
    caseId: row.case_id,
    caseNumber: row.case_number,
    region: row.region,
    district: row.district,
    agency: row.agency,
    receivedAt: row.received_at,
    registeredAt: row.registered_at,
    version: row.version,
    lastHash: row.last_hash,
    status: row.status,
    responsibleProsecutor: row.responsible_prosecutor,
    responsibleInvestigator: row.responsible_investigator,
    joinedInto: row.joined_into,
    journalState: row.journal_state,
    rulesRevision: row.rules_revision,
  });
  return { known, ...(row.member !== null && { member: row.member }) };
}
