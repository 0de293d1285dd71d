import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Principal } from '@icjims/auth';
import { ConflictError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { UnitOfWork } from '@icjims/messaging';
import { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, noteAccessFlag, noteConsultedPersons } from '@icjims/platform';
import { assertCaseOpen } from '../cases/case-rules';
import { CriminalCase } from '../cases/case.entity';
import { calendarDateIn } from './age-rules';
import { CasePersonRole } from './case-person-role.entity';
import { CaseRoles } from './case-roles';
import { AddCasePersonDto } from './dto/add-case-person.dto';
import { CasePersonDto, CasePersonItem, CasePersonListDto } from './dto/person.dto';
import { RemoveRoleDto, RoleRemovalDto } from './dto/role-removal.dto';
import { Person } from './person.entity';
import { differingFields, PersonFacts, preparePerson } from './person-rules';
import { assertMayConsult } from './person-access';
import { casePersonView, restrictedCasePersonView } from './person-views';
import {
  assertLive,
  CaseFacts,
  caseFactsOf,
  caseForCaller,
  findPerson,
  personHoldingId,
  visibleLiveIds,
  visiblePerson,
} from './persons.store';
import { mayConsult } from './restriction-rules';

/** The persons of a case: adding them in a role, removing a role, listing them. */
@Injectable()
export class CasePersonsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly roles: CaseRoles,
    @Inject(JURISDICTION) private readonly config: Jurisdiction,
  ) {}

  /**
   * Adds a record the caller may see, or a described person (reusing the record of their
   * national ID), to a case in a role, and announces it with the person's categories only.
   */
  async add(caseId: string, command: AddCasePersonDto, principal: Principal): Promise<CasePersonDto> {
    const facts = this.factsOf(command);
    return this.unitOfWork.run(async (manager) => {
      const found = await caseForCaller(manager, caseId, principal, true);
      // A closed case's parties are history; a joined one's persons belong to the case it went into.
      assertCaseOpen(found.status, 'given another person');
      const person = facts ? await this.recordOf(manager, facts, principal) : await this.visibleLive(manager, command.personId as string, principal);
      if (!(await this.roles.add(manager, found, person, command.role, principal.sub))) {
        throw new ConflictError(`person ${person.id} already holds the role ${command.role} in case ${found.id}`);
      }
      noteConsultedPersons([person.id]);
      return casePersonView(person, found, await this.roles.held(manager, found.id, person.id), this.config);
    });
  }

  /** Ends a role (the row stays, with who, when and why) and announces it. */
  async removeRole(caseId: string, personId: string, command: RemoveRoleDto, principal: Principal): Promise<RoleRemovalDto> {
    return this.unitOfWork.run(async (manager) => {
      const found = await caseForCaller(manager, caseId, principal, true);
      assertCaseOpen(found.status, 'changed');
      const { person } = await visiblePerson(manager, personId, principal);
      assertMayConsult([person], principal);
      const ending = { by: principal.sub, at: new Date(), reason: command.reason };
      if (!(await this.roles.end(manager, found, person.id, command.role, ending, 'removed'))) {
        throw new NotFoundError(`person ${person.id} holds no role ${command.role} in case ${found.id}`);
      }
      noteConsultedPersons([person.id]);
      return { caseId: found.id, personId: person.id, role: command.role, reason: command.reason, removedAt: ending.at.toISOString(), removedBy: principal.sub };
    });
  }

  async list(caseId: string, principal: Principal): Promise<CasePersonListDto> {
    return this.unitOfWork.run(async (manager) => ({ items: await this.views(manager, await caseForCaller(manager, caseId, principal), principal) }));
  }

  /** The persons of a case its caller has already loaded, inside the caller's unit of work (a split's answer shows them too). */
  inCase(manager: EntityManager, found: CriminalCase, principal: Principal): Promise<CasePersonItem[]> {
    return this.views(manager, caseFactsOf(found), principal);
  }

  /** A live record the caller may see and consult, held FOR SHARE so that it is not merged meanwhile. */
  private async visibleLive(manager: EntityManager, personId: string, principal: Principal): Promise<Person> {
    const { person } = await visiblePerson(manager, personId, principal, 'share');
    await assertLive(manager, person);
    assertMayConsult([person], principal);
    return person;
  }

  /** Checks a described person before anything is written; problems are named under `person.`. */
  private factsOf(command: AddCasePersonDto): PersonFacts | undefined {
    if (command.personId !== undefined && command.person !== undefined) {
      throw new InvalidInputError('The request has 1 invalid field', [{ field: 'personId', reason: 'give either personId or person, not both' }]);
    }
    if (command.person === undefined) return undefined;
    const prepared = preparePerson(command.person, calendarDateIn(new Date(), this.config.timeZone), this.config);
    if (prepared.facts) return prepared.facts;
    const fields = prepared.problems.map(({ field, reason }) => ({ field: `person.${field}`, reason }));
    throw new InvalidInputError(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`, fields);
  }

  /**
   * The record for `facts`: a new one, or the one that holds their national ID if the caller
   * may see it and every fact given agrees with it. Two requests with the same new ID meet at
   * the unique index: the second waits for the first to commit and then reuses its record.
   *
   * An ID held by a record out of the caller's reach must not show: their facts become a
   * provisional record (the ID kept as claimed, not in the unique column) answered exactly
   * as a new record, with an identity review for a national admin. Their next add of the ID
   * reuses it, as it would a new record of theirs.
   */
  private async recordOf(manager: EntityManager, facts: PersonFacts, principal: Principal): Promise<Person> {
    const id = randomUUID();
    await manager.createQueryBuilder().insert().into(Person).values({ id, ...facts, createdBy: principal.sub }).orIgnore().execute();
    if (facts.nationalId === null) return findPerson(manager, id);
    const holder = await manager.findOneOrFail(Person, { where: { nationalId: facts.nationalId }, lock: { mode: 'pessimistic_read' } });
    if (holder.id === id) return holder;
    if ((await visibleLiveIds(manager, [holder.id], principal)).has(holder.id)) return this.reused(holder, facts, principal);

    // One claim of an ID at a time, so that concurrent adds of it in a region meet at one provisional record.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`claimed-national-id:${facts.nationalId}`]);
    const claimant = await personHoldingId(manager, facts.nationalId, principal, 'share');
    if (claimant) {
      await assertLive(manager, claimant);
      return this.reused(claimant, facts, principal);
    }
    await manager.insert(Person, { id, ...facts, nationalId: null, claimedNationalId: facts.nationalId, createdBy: principal.sub });
    await manager.query(`INSERT INTO identity_reviews (person_id, opened_by) VALUES ($1, $2)`, [id, principal.sub]);
    return findPerson(manager, id);
  }

  /** A visible record reused for the facts given: refused if it is restricted to others or any fact differs. */
  private reused(stored: Person, facts: PersonFacts, principal: Principal): Person {
    assertMayConsult([stored], principal);
    const differing = differingFields(stored, facts);
    if (differing.length) {
      // Field names and the pseudonymous id only: this detail goes to the access log.
      throw new ConflictError(
        `person ${stored.id} holds this national ID with a different ${differing.join(', ')}; add that record by personId, or correct the input — the record is not changed`,
      );
    }
    return stored;
  }

  /**
   * The persons of a case with the roles they hold there, in the order first added. A person
   * restricted to others shows as their id and roles only, and flags the access.
   */
  private async views(manager: EntityManager, found: CaseFacts, principal: Principal): Promise<CasePersonItem[]> {
    const roles = await this.roles.held(manager, found.id);
    if (!roles.length) return [];
    return this.viewsOf(found, roles, await manager.findBy(Person, { id: In([...new Set(roles.map((role) => role.personId))]) }), principal);
  }

  /**
   * The persons of a case as its caller may see them, from the roles held in it (in order) and
   * the records of the persons holding them — read with the case (`CaseRoles.inCaseStatements`).
   */
  viewsOf(found: CaseFacts, roles: readonly CasePersonRole[], persons: readonly Person[], principal: Principal): CasePersonItem[] {
    if (!roles.length) return [];
    const rolesByPerson = new Map<string, CasePersonRole[]>();
    for (const role of roles) rolesByPerson.set(role.personId, [...(rolesByPerson.get(role.personId) ?? []), role]);
    const byId = new Map(persons.map((person) => [person.id, person]));
    noteConsultedPersons(rolesByPerson.keys());
    const now = new Date();
    const items = [...rolesByPerson].map(([id, held]) => {
      const person = byId.get(id) as Person;
      return mayConsult(person, principal, now) ? casePersonView(person, found, held, this.config) : restrictedCasePersonView(person, found, held);
    });
    if (items.some((item) => item.restricted)) noteAccessFlag('restricted-record');
    return items;
  }
}
