import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { PersonAddedToCase, PersonRemovedFromCase, PersonRemovedFromCaseV1, PersonRole } from '@icjims/contracts';
import { EventOutbox } from '@icjims/messaging';
import { Jurisdiction } from '@icjims/jurisdiction';
import { entitiesFromRows, entityColumns, Statement } from '@icjims/persistence';
import { JURISDICTION } from '@icjims/platform';
import { CasePersonRole } from './case-person-role.entity';
import { Person } from './person.entity';
import { statisticalCategories } from './person-rules';
import { assertLive, CaseFacts } from './persons.store';

/** How a role ended, kept with its row; the reason is free text and never published. */
export interface RoleEnding {
  by: string;
  at: Date;
  reason: string;
}

/**
 * Giving a person a role in a case and ending it, each with its event, inside the caller's
 * transaction: what adding a person, joining cases and splitting a case share.
 */
@Injectable()
export class CaseRoles {
  constructor(
    private readonly outbox: EventOutbox,
    @Inject(JURISDICTION) private readonly config: Jurisdiction,
  ) {}

  /**
   * The roles held in a case now and the records of the persons holding them, as two statements
   * to send with others (queryTogether); `rolesAndPersonsFrom` reads their rows.
   */
  static inCaseStatements(manager: EntityManager, caseId: string): Statement[] {
    const held = `r.case_id = $1 AND r.removed_at IS NULL`;
    return [
      { text: `SELECT ${entityColumns(manager, CasePersonRole, 'r')} FROM case_person_roles r WHERE ${held} ORDER BY r.added_at, r.id`, values: [caseId] },
      { text: `SELECT ${entityColumns(manager, Person, 'p')} FROM persons p WHERE p.id IN (SELECT r.person_id FROM case_person_roles r WHERE ${held})`, values: [caseId] },
    ];
  }

  static rolesAndPersonsFrom(manager: EntityManager, roleRows: unknown[], personRows: unknown[]): { roles: CasePersonRole[]; persons: Person[] } {
    return { roles: entitiesFromRows(manager, CasePersonRole, roleRows), persons: entitiesFromRows(manager, Person, personRows) };
  }

  /** The roles held in a case now (by one person only, if given), in the order they were added. */
  held(manager: EntityManager, caseId: string, personId?: string): Promise<CasePersonRole[]> {
    return manager.find(CasePersonRole, {
      where: { caseId, removedAt: IsNull(), ...(personId ? { personId } : {}) },
      order: { addedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The live records of the persons holding `roles`, each held FOR SHARE so that none is
   * merged meanwhile; locked in id order, as merges lock them, and in one query.
   */
  async personsOf(manager: EntityManager, roles: CasePersonRole[]): Promise<Map<string, Person>> {
    const ids = [...new Set(roles.map((role) => role.personId))].sort();
    const found = ids.length
      ? await manager.createQueryBuilder(Person, 'p').where('p.id IN (:...ids)', { ids }).orderBy('p.id').setLock('pessimistic_read').getMany()
      : [];
    const persons = new Map(found.map((person) => [person.id, person]));
    // Roles are moved off a record when it is merged, so a record holding one is live.
    for (const person of found) await assertLive(manager, person);
    return persons;
  }

  /**
   * Gives `person` the role in the case and announces it with the person's categories
   * only; false (and nothing written) when they already hold it there.
   */
  async add(manager: EntityManager, found: CaseFacts, person: Person, role: PersonRole, addedBy: string, splitFromCaseId?: string): Promise<boolean> {
    const [held]: { id: string }[] = await manager.query(
      `INSERT INTO case_person_roles (id, case_id, person_id, role, added_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, person_id, role) WHERE removed_at IS NULL DO NOTHING
       RETURNING id`,
      [randomUUID(), found.id, person.id, role, addedBy],
    );
    if (!held) return false;
    await this.outbox.record(manager, PersonAddedToCase, found.id, {
      caseId: found.id,
      region: found.region,
      personId: person.id,
      role,
      ...statisticalCategories(person, found.offenceAt, this.config),
      ...(splitFromCaseId && { splitFromCaseId }),
    });
    return true;
  }

  /** Ends a held role (the row stays, with who, when and why) and announces it; false when it is not held. */
  async end(
    manager: EntityManager,
    found: CaseFacts,
    personId: string,
    role: PersonRole,
    ending: RoleEnding,
    announced: PersonRemovedFromCaseV1['reason'],
    splitIntoCaseId?: string,
  ): Promise<boolean> {
    const removed = await manager.update(
      CasePersonRole,
      { caseId: found.id, personId, role, removedAt: IsNull() },
      { removedAt: ending.at, removedBy: ending.by, removalReason: ending.reason },
    );
    if (!removed.affected) return false;
    await this.outbox.record(manager, PersonRemovedFromCase, found.id, {
      caseId: found.id,
      region: found.region,
      personId,
      role,
      reason: announced,
      ...(splitIntoCaseId && { toCaseId: splitIntoCaseId }),
    });
    return true;
  }
}
