import { EntityManager } from 'typeorm';
import { Role } from '@icjims/contracts';
import { noteConsultedPersons } from '@icjims/platform';
import { TimeCursor } from './case-cursor';
import { RestrictionChangeDto } from './dto/restriction.dto';

/** The history of restrictions: person_restriction_changes, append-only in the database. */

export interface ChangeRow {
  person_id: string;
  change: 'set' | 'lifted';
  subs: string[];
  roles: Role[];
  until: Date | null;
  reason: string;
  changed_by: string;
  changed_at: Date;
}

const CHANGE_COLUMNS = 'c.person_id, c.change, c.subs, c.roles, c.until, c.reason, c.changed_by, c.changed_at';

export function changeView(row: ChangeRow): RestrictionChangeDto {
  return {
    personId: row.person_id,
    change: row.change,
    subs: row.subs,
    roles: row.roles,
    until: row.until?.toISOString() ?? null,
    reason: row.reason,
    changedBy: row.changed_by,
    changedAt: row.changed_at.toISOString(),
  };
}

/** Appends a change to a record's restriction history (the caller has updated the record's current restriction in the same transaction). */
export async function appendRestrictionChange(manager: EntityManager, change: Omit<ChangeRow, 'changed_at'>): Promise<RestrictionChangeDto> {
  const [row]: ChangeRow[] = await manager.query(
    `INSERT INTO person_restriction_changes AS c (person_id, change, subs, roles, until, reason, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${CHANGE_COLUMNS}`,
    [change.person_id, change.change, change.subs, change.roles, change.until, change.reason, change.changed_by],
  );
  noteConsultedPersons([row.person_id]);
  return changeView(row);
}

/** Every change of a record's restriction, oldest first. */
export async function restrictionHistory(manager: EntityManager, personId: string): Promise<RestrictionChangeDto[]> {
  const rows: ChangeRow[] = await manager.query(`SELECT ${CHANGE_COLUMNS} FROM person_restriction_changes c WHERE c.person_id = $1 ORDER BY c.id`, [personId]);
  return rows.map(changeView);
}

/** The restrictions in force, each as last set, soonest to lapse first (then by person id), after `after`. */
export async function restrictionsInForce(
  manager: EntityManager,
  page: { limit: number; after?: TimeCursor },
): Promise<(ChangeRow & { cursor_at: string })[]> {
  return manager.query(
    `SELECT ${CHANGE_COLUMNS},
            to_char(p.restricted_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM persons p
     CROSS JOIN LATERAL (SELECT * FROM person_restriction_changes c WHERE c.person_id = p.id ORDER BY c.id DESC LIMIT 1) c
     WHERE p.restricted_until > now()
       AND ($1::timestamptz IS NULL OR (p.restricted_until, p.id) > ($1::timestamptz, $2::uuid))
     ORDER BY p.restricted_until, p.id
     LIMIT $3`,
    [page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
}
