import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { CaseRegistered, CaseSource } from '@icjims/contracts';
import { Jurisdiction } from '@icjims/jurisdiction';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { entitiesFromRows, entityColumns, entityInsert, queryTogether, readTogether, runStatement, sendWithNext, Statement, statementName } from '@icjims/persistence';
import { JURISDICTION } from '@icjims/platform';
import { caseViewLinksFrom, caseViewLinksStatement } from '../case-links/case-links.store';
import { invalidInput } from '../field-problems';
import { CasePersonsService } from '../persons/case-persons.service';
import { CaseRoles } from '../persons/case-roles';
import { caseFactsOf } from '../persons/persons.store';
import { Classification, offenceFrom, offenceLookup, unknownOffence } from '../reference/classification';
import { jurisdictionLookup, jurisdictionProblemsIn } from '../reference/jurisdiction';
import { accessibleCase } from './case-access';
import { CriminalCase } from './case.entity';
import { registrationTimeProblems } from './case-rules';
import { NO_LINKS, toCaseDto } from './case-view';
import { CaseDto, CaseWithPersonsDto } from './dto/case.dto';
import { RegisterCaseDto } from './dto/register-case.dto';

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    private readonly persons: CasePersonsService,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Registers a report of a crime under the next national case number of its region and year. */
  async register(command: RegisterCaseDto, principal: Principal): Promise<CaseDto> {
    assertRegionAccess(principal, command.region);
    const times = {
      receivedAt: new Date(command.receivedAt),
      registeredAt: new Date(command.registeredAt),
      offenceCommittedAt: command.offenceCommittedAt === undefined ? undefined : new Date(command.offenceCommittedAt),
    };

    return this.unitOfWork.run(async (manager) => {
      // The place, the offence and the case's sequence number in one round trip: an invalid registration gives its number back when it rolls back.
      const [[place], [offenceRow], [drawn]] = await queryTogether(manager, [
        jurisdictionLookup(command),
        offenceLookup(command.offenceArticle),
        sequenceDraw(command.region, this.jurisdiction.localYear(times.registeredAt)),
      ]);
      const problems = [...registrationTimeProblems(times, new Date()), ...jurisdictionProblemsIn(place, command, JURISDICTION_FIELDS, { districtRequired: true })];
      const offence = offenceFrom(command.offenceArticle, offenceRow);
      if (!offence) problems.push(unknownOffence('offenceArticle'));
      if (!offence || problems.length) throw invalidInput(problems);
      const registered = await this.registerIn(manager, {
        region: command.region,
        district: command.district ?? null,
        agency: command.agency,
        source: command.source,
        offence,
        offenceCommittedAt: times.offenceCommittedAt ?? null,
        description: command.description,
        receivedAt: times.receivedAt,
        registeredAt: times.registeredAt,
        registeredLate: this.jurisdiction.recordedLate('registration', times.receivedAt, times.registeredAt),
        registeredBy: principal.sub,
      }, (drawn as SequenceRow).last_sequence);
      return toCaseDto(registered, NO_LINKS);
    });
  }

  /**
   * Inserts a case, already checked, under the next national case number of its region and
   * the year of its registration in the pack's time zone (`sequence`, when already drawn), written
   * as the pack's scheme says, and announces it: within the caller's transaction.
   */
  async registerIn(manager: EntityManager, newCase: NewCase, sequence?: number): Promise<CriminalCase> {
    const { offence, splitFromCaseId, ...facts } = newCase;
    const year = this.jurisdiction.localYear(newCase.registeredAt);
    const registered: CriminalCase = Object.assign(new CriminalCase(), {
      ...facts,
      id: randomUUID(),
      caseNumber: this.jurisdiction.caseNumber(newCase.region, year, sequence ?? (await this.nextSequence(manager, newCase.region, year))),
      offenceArticle: offence.article,
      offenceTitle: offence.title,
      offenceSeverity: offence.severity,
      iccsCode: offence.iccsCode,
      iccsSection: offence.iccsSection,
      status: 'registered',
      statusChangedAt: newCase.registeredAt,
      statusRecordedAt: null,
      responsibleProsecutor: null,
      responsibleInvestigator: null,
    });
    // Nothing of the INSERT's answer is needed (created_at, the one column the database fills, is not read back): it goes with the next statement.
    const { text, values } = entityInsert(manager, CriminalCase, registered);
    await sendWithNext(manager, text, values ?? [], statementName('case-insert', text));
    // Categories only: the description and anything about persons stay here.
    await this.outbox.record(manager, CaseRegistered, registered.id, {
      caseId: registered.id,
      caseNumber: registered.caseNumber,
      region: registered.region,
      district: registered.district ?? undefined,
      agency: registered.agency ?? undefined,
      source: registered.source ?? undefined,
      offence: { article: registered.offenceArticle, iccsCode: registered.iccsCode, severity: registered.offenceSeverity },
      receivedAt: registered.receivedAt.toISOString(),
      registeredAt: registered.registeredAt.toISOString(),
      registeredLate: registered.registeredLate,
      registeredBy: registered.registeredBy,
      splitFromCaseId,
    });
    return registered;
  }

  /**
   * The case, its links, the roles held in it and the records of their persons: four statements in
   * one message, read from one snapshot (readTogether). The last three are read before the case is known to be
   * the caller's, and nothing of them is used unless it is.
   */
  async get(caseId: string, principal: Principal): Promise<CaseWithPersonsDto> {
    const manager = this.dataSource.manager;
    const [caseRows, linkRows, roleRows, personRows] = await readTogether(manager, [
      { text: `SELECT ${entityColumns(manager, CriminalCase, 'c')} FROM cases c WHERE c.id = $1`, values: [caseId] },
      caseViewLinksStatement(caseId),
      ...CaseRoles.inCaseStatements(manager, caseId),
    ]);
    const found = accessibleCase(entitiesFromRows(manager, CriminalCase, caseRows)[0], caseId, principal);
    const { roles, persons } = CaseRoles.rolesAndPersonsFrom(manager, roleRows, personRows);
    return { ...toCaseDto(found, caseViewLinksFrom(linkRows)), persons: this.persons.viewsOf(caseFactsOf(found), roles, persons, principal) };
  }

  private async nextSequence(manager: EntityManager, region: string, year: number): Promise<number> {
    const [drawn] = await runStatement<SequenceRow>(manager, sequenceDraw(region, year));
    return drawn.last_sequence;
  }
}

type SequenceRow = { last_sequence: number };

/**
 * The next sequence number of (region, year): no row when the region is not in the reference
 * data (the region's own lookup names that problem). The counter row is locked until the
 * registration commits, so concurrent registrations queue for it and a rolled-back one leaves no gap.
 */
function sequenceDraw(region: string, year: number): Statement {
  return {
    name: 'case-number-draw',
    text: `INSERT INTO case_number_counters (region, year, last_sequence) SELECT $1, $2, 1 WHERE EXISTS (SELECT FROM regions WHERE code = $1)
           ON CONFLICT (region, year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1
           RETURNING last_sequence`,
    values: [region, year],
  };
}

const JURISDICTION_FIELDS = { region: 'region', district: 'district', agency: 'agency' };

/** What a new case is registered with; its number, status and responsible officers follow from registering it. */
export interface NewCase {
  region: string;
  district: string | null;
  agency: string | null;
  source: CaseSource | null;
  /** The classification recorded with the case. */
  offence: Classification;
  offenceCommittedAt: Date | null;
  description: string;
  receivedAt: Date;
  registeredAt: Date;
  registeredLate: boolean;
  registeredBy: string;
  splitFromCaseId?: string;
}

