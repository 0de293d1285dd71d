import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Principal } from '@icjims/auth';
import { ConflictError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { UnitOfWork } from '@icjims/messaging';
import { assertCaseOpen } from '../cases/case-rules';
import { CriminalCase } from '../cases/case.entity';
import { calendarDateIn } from './age-rules';
import { CasePersonRole } from './case-person-role.entity';
import { CaseRoles } from './case-roles';
import { AddCasePersonDto } from './dto/add-case-person.dto';
import { CasePersonDto, CasePersonListDto } from './dto/person.dto';
import { RemoveRoleDto, RoleRemovalDto } from './dto/role-removal.dto';
import { Person } from './person.entity';
import { differingFields, PersonFacts, preparePerson } from './person-rules';
import { casePersonView } from './person-views';
import { PERSONS_CONFIG, PersonsConfig } from './persons-config';
import { CaseFacts, caseFactsOf, caseForCaller, livePerson } from './persons.store';

/** The persons of a case: adding them in a role, removing a role, listing them. */
@Injectable()
export class CasePersonsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly roles: CaseRoles,
    @Inject(PERSONS_CONFIG) private readonly config: PersonsConfig,
  ) {}

  /**
   * Adds an existing record, or a described person (reusing the record of their national
   * ID), to a case in a role, and announces it with the person's categories only.
   */
  async add(caseId: string, command: AddCasePersonDto, principal: Principal): Promise<CasePersonDto> {
    const facts = this.factsOf(command);
    return this.unitOfWork.run(async (manager) => {
      const found = await caseForCaller(manager, caseId, principal, true);
      // A closed case's parties are history; a joined one's persons belong to the case it went into.
      assertCaseOpen(found.status, 'given another person');
      const person = facts ? await this.recordOf(manager, facts, principal) : await livePerson(manager, command.personId as string);
      if (!(await this.roles.add(manager, found, person, command.role, principal.sub))) {
        throw new ConflictError(`person ${person.id} already holds the role ${command.role} in case ${found.id}`);
      }
      const [view] = await this.views(manager, found, person.id);
      return view;
    });
  }

  /** Ends a role (the row stays, with who, when and why) and announces it. */
  async removeRole(caseId: string, personId: string, command: RemoveRoleDto, principal: Principal): Promise<RoleRemovalDto> {
    return this.unitOfWork.run(async (manager) => {
      const found = await caseForCaller(manager, caseId, principal, true);
      assertCaseOpen(found.status, 'changed');
      const ending = { by: principal.sub, at: new Date(), reason: command.reason };
      if (!(await this.roles.end(manager, found, personId, command.role, ending, 'removed'))) {
        throw new NotFoundError(`person ${personId} holds no role ${command.role} in case ${found.id}`);
      }
      return { caseId: found.id, personId, role: command.role, reason: command.reason, removedAt: ending.at.toISOString(), removedBy: principal.sub };
    });
  }

  async list(caseId: string, principal: Principal): Promise<CasePersonListDto> {
    return this.unitOfWork.run(async (manager) => ({ items: await this.views(manager, await caseForCaller(manager, caseId, principal)) }));
  }

  /** The persons of a case its caller has already loaded, inside the caller's unit of work (the case view shows them too). */
  inCase(manager: EntityManager, found: CriminalCase): Promise<CasePersonDto[]> {
    return this.views(manager, caseFactsOf(found));
  }

  /** Checks a described person before anything is written; problems are named under `person.`. */
  private factsOf(command: AddCasePersonDto): PersonFacts | undefined {
    if (command.personId !== undefined && command.person !== undefined) {
      throw new InvalidInputError('The request has 1 invalid field', [{ field: 'personId', reason: 'give either personId or person, not both' }]);
    }
    if (command.person === undefined) return undefined;
    const prepared = preparePerson(command.person, calendarDateIn(new Date(), this.config.timeZone));
    if (prepared.facts) return prepared.facts;
    const fields = prepared.problems.map(({ field, reason }) => ({ field: `person.${field}`, reason }));
    throw new InvalidInputError(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`, fields);
  }

  /**
   * The record for `facts`: a new one, or the one that holds their national ID if every
   * fact given agrees with it. Two requests with the same new ID meet at the unique index:
   * the second waits for the first to commit and then reuses its record.
   */
  private async recordOf(manager: EntityManager, facts: PersonFacts, principal: Principal): Promise<Person> {
    const id = randomUUID();
    await manager.createQueryBuilder().insert().into(Person).values({ id, ...facts, createdBy: principal.sub }).orIgnore().execute();
    const stored = await manager.findOneOrFail(Person, {
      where: facts.nationalId === null ? { id } : { nationalId: facts.nationalId },
      lock: { mode: 'pessimistic_read' },
    });
    const differing = stored.id === id ? [] : differingFields(stored, facts);
    if (differing.length) {
      // Field names and the pseudonymous id only: this detail goes to the access log.
      throw new ConflictError(
        `person ${stored.id} holds this national ID with a different ${differing.join(', ')}; add that record by personId, or correct the input — the record is not changed`,
      );
    }
    return stored;
  }

  /** The persons of a case (or just one of them) with the roles they hold there, in the order first added. */
  private async views(manager: EntityManager, found: CaseFacts, personId?: string): Promise<CasePersonDto[]> {
    const roles = await this.roles.held(manager, found.id, personId);
    if (!roles.length) return [];
    const rolesByPerson = new Map<string, CasePersonRole[]>();
    for (const role of roles) rolesByPerson.set(role.personId, [...(rolesByPerson.get(role.personId) ?? []), role]);
    const persons = await manager.findBy(Person, { id: In([...rolesByPerson.keys()]) });
    const byId = new Map(persons.map((person) => [person.id, person]));
    return [...rolesByPerson].map(([id, held]) => casePersonView(byId.get(id) as Person, found, held, this.config));
  }
}
