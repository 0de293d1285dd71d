import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '@icjims/auth';
import { InvalidInputError, PersonMerged } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { noteConsultedPersons } from '@icjims/platform';
import { MergePersonsDto, PersonMergeDto } from './dto/person-merge.dto';
import { Person } from './person.entity';
import { assertMayConsult } from './person-access';
import { assertMergeable } from './person-rules';
import { findPerson, liveIdOf, personNotFound, visibleLiveIds } from './persons.store';
import { isRestricted } from './restriction-rules';
import { appendRestrictionChange } from './restrictions.store';

/** Why a merged record's role was closed instead of moved: the surviving record already held it. */
const DUPLICATE_REASON = 'merge: the surviving person record already holds this role';

/** Merging two records of the same person. */
@Injectable()
export class PersonMergesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  /**
   * Merges two records the caller may both see, in one transaction. A record out of the
   * caller's reach is the 404 of an unknown one, before any other rule is applied.
   */
  async merge(survivingPersonId: string, command: MergePersonsDto, principal: Principal): Promise<PersonMergeDto> {
    const mergedPersonId = command.mergedPersonId.toLowerCase();
    if (mergedPersonId === survivingPersonId) {
      throw new InvalidInputError('The request has 1 invalid field', [{ field: 'mergedPersonId', reason: 'mergedPersonId must be another record than the surviving one' }]);
    }
    return this.unitOfWork.run(async (manager) => {
      const [surviving, merged] = await this.lockPair(manager, survivingPersonId, mergedPersonId);
      const liveIds = [await liveIdOf(manager, surviving), await liveIdOf(manager, merged)];
      const visible = await visibleLiveIds(manager, liveIds, principal);
      if (!liveIds.every((id) => visible.has(id))) throw personNotFound();
      assertMayConsult([surviving, merged], principal);
      return this.mergeIn(manager, surviving, merged, command.reason, principal.sub);
    });
  }

  /**
   * Both rows of a merge, locked FOR UPDATE in id order so that two opposite merges cannot
   * deadlock; either unknown is a 404.
   */
  async lockPair(manager: EntityManager, survivingPersonId: string, mergedPersonId: string): Promise<[Person, Person]> {
    const locked = new Map<string, Person>();
    for (const id of [survivingPersonId, mergedPersonId].sort()) locked.set(id, await findPerson(manager, id, 'update'));
    return [locked.get(survivingPersonId) as Person, locked.get(mergedPersonId) as Person];
  }

  /**
   * Moves the merged record's roles to the surviving one (closing those it already holds),
   * keeps the merged record with a pointer to the survivor, and announces the merge once per
   * case it touched — inside the caller's transaction, with both rows locked.
   */
  async mergeIn(manager: EntityManager, surviving: Person, merged: Person, reason: string, mergedBy: string): Promise<PersonMergeDto> {
    assertMergeable(surviving, merged);
    const mergedAt = new Date();
    const affected: { case_id: string; region: string }[] = await manager.query(
      `SELECT DISTINCT r.case_id, c.region FROM case_person_roles r JOIN cases c ON c.id = r.case_id
       WHERE r.person_id = $1 AND r.removed_at IS NULL ORDER BY r.case_id`,
      [merged.id],
    );
    await manager.query(
      `UPDATE case_person_roles m SET removed_at = $3, removed_by = $4, removal_reason = $5
       WHERE m.person_id = $1 AND m.removed_at IS NULL
         AND EXISTS (SELECT 1 FROM case_person_roles s
                     WHERE s.person_id = $2 AND s.case_id = m.case_id AND s.role = m.role AND s.removed_at IS NULL)`,
      [merged.id, surviving.id, mergedAt, mergedBy, DUPLICATE_REASON],
    );
    await manager.query(`UPDATE case_person_roles SET person_id = $2, merged_from = $1 WHERE person_id = $1 AND removed_at IS NULL`, [merged.id, surviving.id]);
    await manager.update(Person, { id: merged.id }, { mergedInto: surviving.id, mergedAt, mergedBy, mergeReason: reason });
    await this.carryRestriction(manager, surviving, merged, mergedBy, mergedAt);
    for (const { case_id: caseId, region } of affected) {
      await this.outbox.record(manager, PersonMerged, caseId, { caseId, region, survivingPersonId: surviving.id, mergedPersonId: merged.id });
    }
    noteConsultedPersons([surviving.id, merged.id]);
    return { survivingPersonId: surviving.id, mergedPersonId: merged.id, reason, mergedAt: mergedAt.toISOString(), mergedBy, caseIds: affected.map((row) => row.case_id) };
  }

  /**
   * A restriction protects the person, not the row: when the merged record is restricted and
   * the surviving one is not, the survivor takes it over (a change in its history, naming why).
   * When both are, the survivor's stays.
   */
  private async carryRestriction(manager: EntityManager, surviving: Person, merged: Person, mergedBy: string, at: Date): Promise<void> {
    if (!isRestricted(merged, at) || isRestricted(surviving, at)) return;
    const { restrictedUntil, restrictedToSubs, restrictedToRoles } = merged;
    await manager.update(Person, { id: surviving.id }, { restrictedUntil, restrictedToSubs, restrictedToRoles });
    await appendRestrictionChange(manager, {
      person_id: surviving.id,
      change: 'set',
      subs: restrictedToSubs,
      roles: restrictedToRoles,
      until: restrictedUntil,
      reason: `carried over from person ${merged.id}, merged into this record`,
      changed_by: mergedBy,
    });
  }
}
