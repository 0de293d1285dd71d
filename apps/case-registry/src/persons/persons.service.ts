import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '@icjims/auth';
import { InvalidInputError } from '@icjims/contracts';
import { UnitOfWork } from '@icjims/messaging';
import { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, noteConsultedPersons } from '@icjims/platform';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor';
import { PageQuery } from './dto/page-query.dto';
import { PersonCasePageDto, PersonDto } from './dto/person.dto';
import { Person } from './person.entity';
import { assertMayConsult } from './person-access';
import { personCaseView, personRecordView } from './person-views';
import { assertLive, findPerson, personCases, personHoldingId, personNotFound, visiblePerson } from './persons.store';

/** How many of a person's cases GET /persons/{id} shows; the cases endpoint pages through the rest. */
const CASES_SHOWN = 100;

/** Reading person records: by id, by national ID, and a person's cases. */
@Injectable()
export class PersonsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(JURISDICTION) private readonly config: Jurisdiction,
  ) {}

  /**
   * A record with its newest cases. A merged record answers with its history and a pointer
   * to the live record (`mergedInto`), readable by whoever may read the live one.
   */
  async get(personId: string, principal: Principal): Promise<PersonDto> {
    return this.unitOfWork.run(async (manager) => {
      const { person, liveId } = await visiblePerson(manager, personId, principal);
      // A merged record speaks for the live one: a restriction on either refuses both.
      assertMayConsult(liveId === person.id ? [person] : [person, await findPerson(manager, liveId)], principal);
      return this.view(manager, person, liveId, principal);
    });
  }

  /** The record the caller may see for a national ID; the ID comes in a body, never a URL. */
  async lookup(nationalId: string, principal: Principal): Promise<PersonDto> {
    const { problems } = this.config.checkNationalId(nationalId);
    if (problems.length) throw new InvalidInputError('The request has 1 invalid field', problems);
    return this.unitOfWork.run(async (manager) => {
      const found = await personHoldingId(manager, nationalId, principal);
      if (!found) throw personNotFound();
      assertMayConsult([found], principal);
      return this.view(manager, found, found.id, principal);
    });
  }

  /** A live person's cases, a page at a time; a regional caller sees only those of their region. */
  async cases(personId: string, query: PageQuery, principal: Principal): Promise<PersonCasePageDto> {
    const after = query.cursor === undefined ? undefined : decodeCaseCursor(query.cursor);
    return this.unitOfWork.run(async (manager) => {
      const { person } = await visiblePerson(manager, personId, principal, 'share');
      await assertLive(manager, person);
      assertMayConsult([person], principal);
      noteConsultedPersons([person.id]);
      const rows = await personCases(manager, person.id, { limit: query.limit + 1, principal, after });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((found) => personCaseView(person, found, this.config)),
        nextCursor: rows.length > query.limit ? encodeCaseCursor({ registeredAt: last.cursorAt, caseId: last.id }) : null,
      };
    });
  }

  private async view(manager: EntityManager, person: Person, liveId: string, principal: Principal): Promise<PersonDto> {
    noteConsultedPersons([person.id]);
    // A merged record holds no roles: they moved to the live one.
    const cases = person.mergedInto === null ? await personCases(manager, person.id, { limit: CASES_SHOWN, principal }) : [];
    return {
      ...personRecordView(person, this.config, person.mergedInto === null ? null : liveId),
      cases: cases.map((found) => personCaseView(person, found, this.config)),
    };
  }
}
