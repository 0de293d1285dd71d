import { Injectable } from '@nestjs/common';
import { isNational, Principal } from '@icjims/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '@icjims/contracts';
import { UnitOfWork } from '@icjims/messaging';
import { noteConsultedPersons } from '@icjims/platform';
import { decodeTimeCursor, encodeTimeCursor } from './case-cursor';
import { IdentityReviewDto, IdentityReviewListDto, IdentityReviewResolutionDto, ResolveIdentityReviewDto } from './dto/identity-review.dto';
import { PageQuery } from './dto/page-query.dto';
import { PersonMergeDto } from './dto/person-merge.dto';
import { Person } from './person.entity';
import { assertMayConsult } from './person-access';
import { PersonMergesService } from './person-merges.service';
import { findPerson } from './persons.store';

/**
 * Provisional records — made when a regional caller described a person whose national ID is
 * held by a record out of their reach — and a national admin's decision on each: the same
 * person (merged into the holder, whose record then shows in the caller's region) or not.
 */
@Injectable()
export class IdentityReviewsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly merges: PersonMergesService,
  ) {}

  /** The pending reviews, oldest first, a page at a time. */
  async pending(query: PageQuery, principal: Principal): Promise<IdentityReviewListDto> {
    assertNationalAdmin(principal);
    const after = query.cursor === undefined ? undefined : decodeTimeCursor(query.cursor);
    return this.unitOfWork.run(async (manager) => {
      const rows: { person_id: string; holder_id: string | null; opened_at: Date; opened_by: string; cursor_at: string }[] = await manager.query(
        `SELECT r.person_id, h.id AS holder_id, r.opened_at, r.opened_by,
                to_char(r.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM identity_reviews r
         JOIN persons p ON p.id = r.person_id
         LEFT JOIN persons h ON h.national_id = p.claimed_national_id
         WHERE r.resolution IS NULL AND p.merged_into IS NULL
           AND ($1::timestamptz IS NULL OR (r.opened_at, r.person_id) > ($1::timestamptz, $2::uuid))
         ORDER BY r.opened_at, r.person_id
         LIMIT $3`,
        [after?.at ?? null, after?.id ?? null, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const items: IdentityReviewDto[] = page.map((row) => ({
        personId: row.person_id,
        nationalIdHolderId: row.holder_id,
        openedAt: row.opened_at.toISOString(),
        openedBy: row.opened_by,
      }));
      noteConsultedPersons(items.flatMap((item) => (item.nationalIdHolderId ? [item.personId, item.nationalIdHolderId] : [item.personId])));
      return { items, nextCursor: rows.length > query.limit ? encodeTimeCursor({ at: last.cursor_at, id: last.person_id }) : null };
    });
  }

  /** Merges the provisional record into the national ID's holder, or dismisses the review; once only. */
  async resolve(personId: string, command: ResolveIdentityReviewDto, principal: Principal): Promise<IdentityReviewResolutionDto> {
    assertNationalAdmin(principal);
    return this.unitOfWork.run(async (manager) => {
      // The review row first: two resolutions of one review queue here, the second sees it resolved.
      const [review]: { resolution: string | null }[] = await manager.query(`SELECT resolution FROM identity_reviews WHERE person_id = $1 FOR UPDATE`, [personId]);
      if (!review) throw new NotFoundError(`no identity review concerns person ${personId}`);
      if (review.resolution !== null) throw new ConflictError(`the identity review of person ${personId} was already resolved (${review.resolution})`);

      let merge: PersonMergeDto | null = null;
      if (command.resolution === 'merge') {
        const provisional = await findPerson(manager, personId);
        const holder = provisional.claimedNationalId === null ? null : await manager.findOneBy(Person, { nationalId: provisional.claimedNationalId });
        if (!holder) throw new ConflictError(`no record holds the national ID that person ${personId} claims; dismiss the review instead`);
        const [surviving, merged] = await this.merges.lockPair(manager, holder.id, provisional.id);
        assertMayConsult([surviving, merged], principal);
        merge = await this.merges.mergeIn(manager, surviving, merged, command.reason, principal.sub);
      }
      const resolution = command.resolution === 'merge' ? 'merged' : 'dismissed';
      // An UPDATE answers its rows and its count.
      const [[resolved]]: [{ resolved_at: Date }[], number] = await manager.query(
        `UPDATE identity_reviews SET resolution = $2, resolved_at = now(), resolved_by = $3, resolution_reason = $4 WHERE person_id = $1 RETURNING resolved_at`,
        [personId, resolution, principal.sub, command.reason],
      );
      noteConsultedPersons([personId]);
      return { personId, resolution, reason: command.reason, resolvedAt: resolved.resolved_at.toISOString(), resolvedBy: principal.sub, merge };
    });
  }
}

/** Provisional records may stand for persons of any region: only a national admin sees and resolves them. */
function assertNationalAdmin(principal: Principal): void {
  if (!isNational(principal)) throw new ForbiddenError('identity reviews are national: only an admin without a region may see or resolve them');
}
