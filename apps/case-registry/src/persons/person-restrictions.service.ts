import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isNational, Principal } from '@icjims/auth';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { UnitOfWork } from '@icjims/messaging';
import { noteConsultedPersons } from '@icjims/platform';
import { LiftRestrictionDto, RestrictionChangeDto, RestrictionHistoryDto, RestrictionListDto, RestrictPersonDto } from './dto/restriction.dto';
import { Person } from './person.entity';
import { assertLive, findPerson } from './persons.store';
import { decodeTimeCursor, encodeTimeCursor } from './case-cursor';
import { PageQuery } from './dto/page-query.dto';
import { appendRestrictionChange, changeView, restrictionHistory, restrictionsInForce } from './restrictions.store';
import { isRestricted, restrictionProblems } from './restriction-rules';

/**
 * Restricting person records to named users and roles (a protected witness, a juvenile
 * victim, a public figure): set by the data-protection officer or a national admin, the
 * current restriction kept on the record, every change appended to its history.
 */
@Injectable()
export class PersonRestrictionsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Sets or replaces a live record's restriction. */
  async restrict(personId: string, command: RestrictPersonDto, principal: Principal): Promise<RestrictionChangeDto> {
    assertNationalCaller(principal);
    const problems = restrictionProblems(command, new Date());
    if (problems.length) throw new InvalidInputError(`The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}`, problems);
    const subs = [...new Set(command.subs ?? [])];
    const roles = [...new Set(command.roles ?? [])];
    return this.unitOfWork.run(async (manager) => {
      const person = await this.liveRecord(manager, personId);
      await manager.update(Person, { id: person.id }, { restrictedUntil: new Date(command.until), restrictedToSubs: subs, restrictedToRoles: roles });
      return appendRestrictionChange(manager, { person_id: person.id, change: 'set', subs, roles, until: new Date(command.until), reason: command.reason, changed_by: principal.sub });
    });
  }

  /** Lifts the restriction in force; 404 when there is none. */
  async lift(personId: string, command: LiftRestrictionDto, principal: Principal): Promise<RestrictionChangeDto> {
    assertNationalCaller(principal);
    return this.unitOfWork.run(async (manager) => {
      const person = await this.liveRecord(manager, personId);
      if (!isRestricted(person, new Date())) throw new NotFoundError(`person ${person.id} has no restriction in force`);
      await manager.update(Person, { id: person.id }, { restrictedUntil: null, restrictedToSubs: [], restrictedToRoles: [] });
      return appendRestrictionChange(manager, { person_id: person.id, change: 'lifted', subs: [], roles: [], until: null, reason: command.reason, changed_by: principal.sub });
    });
  }

  /** The restrictions in force, each as it was last set, soonest to lapse first, a page at a time. */
  async inForce(query: PageQuery, principal: Principal): Promise<RestrictionListDto> {
    assertNationalCaller(principal);
    const after = query.cursor === undefined ? undefined : decodeTimeCursor(query.cursor);
    return this.unitOfWork.run(async (manager) => {
      const rows = await restrictionsInForce(manager, { limit: query.limit + 1, after });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      noteConsultedPersons(page.map((row) => row.person_id));
      return {
        items: page.map(changeView),
        nextCursor: rows.length > query.limit ? encodeTimeCursor({ at: last.cursor_at, id: last.person_id }) : null,
      };
    });
  }

  /** A record's restriction in force and every change of it, oldest first. */
  async history(personId: string, principal: Principal): Promise<RestrictionHistoryDto> {
    assertNationalCaller(principal);
    return this.unitOfWork.run(async (manager) => {
      const person = await findPerson(manager, personId);
      const changes = await restrictionHistory(manager, person.id);
      noteConsultedPersons([person.id]);
      return { current: isRestricted(person, new Date()) ? (changes[changes.length - 1] ?? null) : null, changes };
    });
  }

  /** The live record, locked until the change commits so that two changes queue. */
  private async liveRecord(manager: EntityManager, personId: string): Promise<Person> {
    const person = await findPerson(manager, personId, 'update');
    await assertLive(manager, person);
    return person;
  }
}

/** Restrictions cover every region, so only national callers manage them. */
function assertNationalCaller(principal: Principal): void {
  if (!isNational(principal)) throw new ForbiddenError('restrictions are national: only the data-protection officer or an admin without a region may manage them');
}
