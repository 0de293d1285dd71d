import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Principal } from '@icjims/auth';
import { CaseJoined, NotFoundError } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { noteConsultedPersons } from '@icjims/platform';
import { findAccessibleCase } from '../cases/case-access';
import { CriminalCase } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { toCaseDto } from '../cases/case-view';
import { CaseWithPersonsDto } from '../cases/dto/case.dto';
import { invalidInput } from '../field-problems';
import { CasePersonsService } from '../persons/case-persons.service';
import { CaseRoles } from '../persons/case-roles';
import { assertMayConsult } from '../persons/person-access';
import { Person } from '../persons/person.entity';
import { caseFactsOf } from '../persons/persons.store';
import { Classification, lockedOffence, unknownOffence } from '../reference/classification';
import { CaseLink } from './case-link.entity';
import { assertJoinable, assertJoinsAnother, rolesToSplit, splitDescription, splitRemovalReason } from './case-link-rules';
import { linksOf, linkView } from './case-links.store';
import { CaseLinkDto } from './dto/case-link.dto';
import { JoinCaseDto } from './dto/join-case.dto';
import { SplitCaseDto } from './dto/split-case.dto';

/** Joining a case into another, splitting a new case off one, and the history of both. */
@Injectable()
export class CaseLinksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    private readonly cases: CasesService,
    private readonly roles: CaseRoles,
    private readonly persons: CasePersonsService,
  ) {}

  /**
   * Joins the case into another: it is `joined` here at once, the receiving case gains the
   * roles its persons held (those it holds already stay as they are), and the joined case
   * keeps its own roles as history.
   */
  join(caseId: string, command: JoinCaseDto, principal: Principal): Promise<CaseLinkDto> {
    const intoCaseId = command.intoCaseId.toLowerCase();
    assertJoinsAnother(caseId, intoCaseId);
    return this.unitOfWork.run(async (manager) => {
      const [joined, into] = await lockPair(manager, caseId, intoCaseId, principal);
      assertJoinable(joined, into);
      const linkedAt = new Date();
      // Shown at once, so that nothing else is done to the case meanwhile; procedural-steps confirms it later.
      await manager.update(CriminalCase, { id: joined.id }, { status: 'joined', statusChangedAt: linkedAt, statusRecordedAt: linkedAt });
      const receiving = caseFactsOf(into);
      const held = await this.roles.held(manager, joined.id);
      const persons = await this.roles.personsOf(manager, held);
      const gained = new Set<string>();
      for (const { personId, role } of held) {
        if (await this.roles.add(manager, receiving, persons.get(personId) as Person, role, principal.sub)) gained.add(personId);
      }
      noteConsultedPersons(gained);
      // The reason stays here: it is free text.
      await this.outbox.record(manager, CaseJoined, joined.id, { caseId: joined.id, region: joined.region, intoCaseId: into.id });
      return insertLink(manager, { kind: 'join', personIds: [...gained], reason: command.reason, linkedBy: principal.sub, linkedAt }, joined, into);
    });
  }

  /**
   * Registers a new case for part of this one: the next number of the region and year, the
   * same jurisdiction and receipt, and the named persons' roles, which end here.
   */
  split(caseId: string, command: SplitCaseDto, principal: Principal): Promise<CaseWithPersonsDto> {
    const personIds = command.personIds.map((personId) => personId.toLowerCase());
    return this.unitOfWork.run(async (manager) => {
      const source = await findAccessibleCase(manager, caseId, principal, true);
      const offence = command.offenceArticle === undefined ? classificationOf(source) : await lockedOffence(manager, command.offenceArticle);
      if (!offence) throw invalidInput([unknownOffence('offenceArticle')]);
      const moving = rolesToSplit(source, await this.roles.held(manager, source.id), personIds);
      const persons = await this.roles.personsOf(manager, moving);
      // Naming a person restricted to others is acting on their record: refused, as a removal is.
      assertMayConsult([...persons.values()], principal);
      const linkedAt = new Date();
      const created = await this.cases.registerIn(manager, {
        region: source.region,
        district: source.district,
        agency: source.agency,
        source: source.source,
        offence,
        offenceCommittedAt: source.offenceCommittedAt,
        description: command.description ?? splitDescription(source.caseNumber),
        receivedAt: source.receivedAt,
        registeredAt: linkedAt,
        // Its report was registered with the source case, and as late as that was.
        registeredLate: source.registeredLate,
        registeredBy: principal.sub,
        splitFromCaseId: source.id,
      });
      const [from, to] = [caseFactsOf(source), caseFactsOf(created)];
      const ending = { by: principal.sub, at: linkedAt, reason: splitRemovalReason(created.caseNumber) };
      for (const { personId, role } of moving) {
        await this.roles.end(manager, from, personId, role, ending, 'split', created.id);
        await this.roles.add(manager, to, persons.get(personId) as Person, role, principal.sub, source.id);
      }
      const link = await insertLink(manager, { kind: 'split', personIds, reason: command.reason, linkedBy: principal.sub, linkedAt }, source, created);
      return { ...toCaseDto(created, { joinedInto: null, splitFrom: link.fromCase }), persons: await this.persons.inCase(manager, created, principal) };
    });
  }

  history(caseId: string, principal: Principal): Promise<CaseLinkDto[]> {
    return this.unitOfWork.run(async (manager) => {
      await findAccessibleCase(manager, caseId, principal);
      return linksOf(manager, caseId);
    });
  }
}

async function insertLink(
  manager: EntityManager,
  link: Omit<CaseLink, 'id' | 'fromCaseId' | 'toCaseId'>,
  from: CriminalCase,
  to: CriminalCase,
): Promise<CaseLinkDto> {
  const id = randomUUID();
  await manager.insert(CaseLink, { id, ...link, fromCaseId: from.id, toCaseId: to.id });
  return linkView({ id, ...link }, { id: from.id, caseNumber: from.caseNumber }, { id: to.id, caseNumber: to.caseNumber });
}

/**
 * The case joined and the case it goes into, both locked until the transaction ends. The
 * path's case is checked first, so that a caller of another region learns nothing about the
 * other one; the locks are taken in id order, so that a join of A into B and one of B into A
 * at the same time queue instead of deadlocking.
 */
async function lockPair(manager: EntityManager, caseId: string, intoCaseId: string, principal: Principal): Promise<[CriminalCase, CriminalCase]> {
  await findAccessibleCase(manager, caseId, principal);
  const locked = new Map<string, CriminalCase>();
  for (const id of [caseId, intoCaseId].sort()) {
    const found = findAccessibleCase(manager, id, principal, true);
    locked.set(id, await (id === intoCaseId ? found.catch(intoCaseMissing) : found));
  }
  return [locked.get(caseId) as CriminalCase, locked.get(intoCaseId) as CriminalCase];
}

function intoCaseMissing(error: unknown): never {
  if (error instanceof NotFoundError) throw new NotFoundError(error.message, [{ field: 'intoCaseId', reason: 'intoCaseId must be a registered case' }]);
  throw error;
}

/** The classification the source case was registered with, as recorded then. */
function classificationOf(source: CriminalCase): Classification {
  const { offenceArticle: article, offenceTitle: title, offenceSeverity: severity, iccsCode, iccsSection } = source;
  return { article, title, severity, iccsCode, iccsSection };
}
