import { Injectable } from '@nestjs/common';
import { Principal } from '@icjims/auth';
import { InvalidInputError, PersonMerged } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { MergePersonsDto, PersonMergeDto } from './dto/person-merge.dto';
import { Person } from './person.entity';
import { assertMergeable } from './person-rules';
import { assertPersonVisible, findPerson, liveIdOf } from './persons.store';

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
   * Moves the merged record's roles to the surviving one (closing those it already holds),
   * keeps the merged record with a pointer to the survivor, and announces the merge once per
   * case it touched — all in one transaction.
   */
  async merge(survivingPersonId: string, command: MergePersonsDto, principal: Principal): Promise<PersonMergeDto> {
    const mergedPersonId = command.mergedPersonId.toLowerCase();
    if (mergedPersonId === survivingPersonId) {
      throw new InvalidInputError('The request has 1 invalid field', [{ field: 'mergedPersonId', reason: 'mergedPersonId must be another record than the surviving one' }]);
    }
    return this.unitOfWork.run(async (manager) => {
      // Both rows locked, in id order so that two opposite merges cannot deadlock.
      const locked = new Map<string, Person>();
      for (const id of [survivingPersonId, mergedPersonId].sort()) locked.set(id, await findPerson(manager, id, 'update'));
      const [surviving, merged] = [locked.get(survivingPersonId) as Person, locked.get(mergedPersonId) as Person];
      // Visibility first: a caller who may not see a record learns nothing about it.
      for (const person of [surviving, merged]) await assertPersonVisible(manager, await liveIdOf(manager, person), principal);
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
        [merged.id, surviving.id, mergedAt, principal.sub, DUPLICATE_REASON],
      );
      await manager.query(`UPDATE case_person_roles SET person_id = $2, merged_from = $1 WHERE person_id = $1 AND removed_at IS NULL`, [
        merged.id,
        surviving.id,
      ]);
      await manager.update(Person, { id: merged.id }, { mergedInto: surviving.id, mergedAt, mergedBy: principal.sub, mergeReason: command.reason });
      for (const { case_id: caseId, region } of affected) {
        await this.outbox.record(manager, PersonMerged, caseId, { caseId, region, survivingPersonId: surviving.id, mergedPersonId: merged.id });
      }
      return {
        survivingPersonId: surviving.id,
        mergedPersonId: merged.id,
        reason: command.reason,
        mergedAt: mergedAt.toISOString(),
        mergedBy: principal.sub,
        caseIds: affected.map((row) => row.case_id),
      };
    });
  }
}
