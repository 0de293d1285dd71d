import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { ConflictError, InvalidInputError, PersonMerged, PersonUnmerged } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { noteConsultedPersons } from '@icjims/platform';
import { MergePersonsDto, PersonMergeDto, PersonMergeHistoryDto, PersonUnmergeDto, UnmergePersonDto } from './dto/person-merge.dto';
import { Person } from './person.entity';
import { assertMayConsult } from './person-access';
import { assertMergeable, assertUnmergeable, rolesHeld } from './person-rules';
import { closeMerge, MergeRecord, mergedRecordVisibleIn, mergeInForce, mergesOf, moveRolesLogged, restoreRoles, rolesInMergedCases } from './person-merges.store';
import { findPerson, liveIdOf, personNotFound, visibleLiveIds, visiblePerson } from './persons.store';
import { isRestricted } from './restriction-rules';
import { appendRestrictionChange } from './restrictions.store';

/** How many merges a record's history shows: a record takes part in few. */
const HISTORY_SHOWN = 100;

/** Merging two records of the same person, undoing a wrong merge, and the history of both. */
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
    // The log says exactly which rows moved and which closed, so that an unmerge can give them back.
    await moveRolesLogged(manager, { id: randomUUID(), survivingPersonId: surviving.id, mergedPersonId: merged.id, reason, mergedAt, mergedBy });
    await manager.update(Person, { id: merged.id }, { mergedInto: surviving.id, mergedAt, mergedBy, mergeReason: reason });
    await this.carryRestriction(manager, surviving, merged, mergedBy, mergedAt);
    for (const { case_id: caseId, region } of affected) {
      await this.outbox.record(manager, PersonMerged, caseId, { caseId, region, survivingPersonId: surviving.id, mergedPersonId: merged.id });
    }
    noteConsultedPersons([surviving.id, merged.id]);
    return { survivingPersonId: surviving.id, mergedPersonId: merged.id, reason, mergedAt: mergedAt.toISOString(), mergedBy, caseIds: affected.map((row) => row.case_id) };
  }

  /**
   * Undoes the merge of `mergedPersonId` in one transaction: the roles the merge moved go back
   * to it (active or ended since), those it closed are reopened where it holds no such role,
   * it is a record of its own again, and the merge stays in the log with who undid it, when
   * and why. One PersonUnmerged per case the merge touched, stating the roles both records
   * have there now. The caller must see both records (else the 404 of an unknown record); a
   * restricted one is a 403; a record not merged, or whose survivor was merged on since, a 409.
   */
  async unmerge(mergedPersonId: string, command: UnmergePersonDto, principal: Principal): Promise<PersonUnmergeDto> {
    return this.unitOfWork.run(async (manager) => {
      const seen = await findPerson(manager, mergedPersonId);
      const [surviving, restored] =
        seen.mergedInto === null ? [null, await findPerson(manager, mergedPersonId, 'update')] : await this.lockPair(manager, seen.mergedInto, mergedPersonId);
      const merge = restored.mergedInto === null ? null : await mergeInForce(manager, restored.id);
      await this.assertMaySeeBoth(manager, restored, merge, principal);
      assertMayConsult(surviving ? [surviving, restored] : [restored], principal);
      assertUnmergeable(restored, surviving);
      // Between the first read and the lock, another request may have undone the merge and merged the record anew.
      if (restored.mergedInto !== surviving?.id) throw new ConflictError(`person ${restored.id} changed meanwhile; try again`);
      if (!merge || merge.survivingPersonId !== surviving?.id) throw new ConflictError(`no merge of person ${restored.id} into another record is on record to undo`);
      return this.unmergeIn(manager, merge, command.reason, principal.sub);
    });
  }

  /**
   * The 404 rule of merges, for an unmerge: the caller sees the live record that stands for
   * the merged one, and — unless national — the merged record on its own too (its own roles,
   * or those the merge took from it, in a case of their region).
   */
  private async assertMaySeeBoth(manager: EntityManager, restored: Person, merge: MergeRecord | null, principal: Principal): Promise<void> {
    const liveId = await liveIdOf(manager, restored);
    if (!(await visibleLiveIds(manager, [liveId], principal)).has(liveId)) throw personNotFound();
    if (merge && !isNational(principal) && !(await mergedRecordVisibleIn(manager, merge, principal.region as string))) throw personNotFound();
  }

  private async unmergeIn(manager: EntityManager, merge: MergeRecord, reason: string, unmergedBy: string): Promise<PersonUnmergeDto> {
    const unmergedAt = new Date();
    await restoreRoles(manager, merge);
    await closeMerge(manager, merge, { reason, unmergedAt, unmergedBy });
    const { cases, rows } = await rolesInMergedCases(manager, merge);
    const { survivingPersonId, mergedPersonId: restoredPersonId } = merge;
    for (const { caseId, region } of cases) {
      await this.outbox.record(manager, PersonUnmerged, caseId, {
        caseId,
        region,
        survivingPersonId,
        restoredPersonId,
        survivingRoles: rolesHeld(rows, caseId, survivingPersonId),
        restoredRoles: rolesHeld(rows, caseId, restoredPersonId),
      });
    }
    noteConsultedPersons([survivingPersonId, restoredPersonId]);
    return { restoredPersonId, survivingPersonId, reason, unmergedAt: unmergedAt.toISOString(), unmergedBy, caseIds: cases.map((found) => found.caseId) };
  }

  /**
   * The merges a record took part in, merged away or surviving, with their unmerges: visible
   * to whoever may read the record (a merged one through its live record, as GET /persons/{id}).
   */
  async history(personId: string, principal: Principal): Promise<PersonMergeHistoryDto> {
    return this.unitOfWork.run(async (manager) => {
      const { person, liveId } = await visiblePerson(manager, personId, principal);
      assertMayConsult(liveId === person.id ? [person] : [person, await findPerson(manager, liveId)], principal);
      const merges = await mergesOf(manager, person.id, { limit: HISTORY_SHOWN, region: principal.region });
      noteConsultedPersons([person.id, ...merges.flatMap((merge) => [merge.survivingPersonId, merge.mergedPersonId])]);
      return {
        items: merges.map((merge) => ({
          mergeId: merge.id,
          survivingPersonId: merge.survivingPersonId,
          mergedPersonId: merge.mergedPersonId,
          reason: merge.reason,
          mergedAt: merge.mergedAt.toISOString(),
          mergedBy: merge.mergedBy,
          unmergedAt: merge.unmergedAt?.toISOString() ?? null,
          unmergedBy: merge.unmergedBy,
          unmergeReason: merge.unmergeReason,
        })),
      };
    });
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
