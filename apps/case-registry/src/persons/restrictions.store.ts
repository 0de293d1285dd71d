import { EntityManager } from 'typeorm';
import { Role } from '@icjims/contracts';
import { noteConsultedPersons } from '@icjims/platform';
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

export const CHANGE_COLUMNS = 'c.person_id, c.change, c.subs, c.roles, c.until, c.reason, c.changed_by, c.changed_at';

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
