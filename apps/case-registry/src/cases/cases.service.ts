import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { CaseRegistered } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { invalidInput } from '../field-problems';
import { jurisdictionProblems } from '../reference/jurisdiction';
import { Offence } from '../reference/offence.entity';
import { findAccessibleCase } from './case-access';
import { CriminalCase } from './case.entity';
import { formatCaseNumber, isRegisteredLate, registrationTimeProblems } from './case-rules';
import { toCaseDto } from './case-view';
import { CaseDto } from './dto/case.dto';
import { RegisterCaseDto } from './dto/register-case.dto';

@Injectable()
export class CasesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
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
      const problems = [...registrationTimeProblems(times, new Date()), ...(await jurisdictionProblems(manager, command, JURISDICTION_FIELDS))];
      // Locked like the jurisdiction, so that an admin cannot remove the article before this commits.
      const offence = await manager.findOne(Offence, { where: { article: command.offenceArticle }, lock: { mode: 'for_key_share' } });
      if (!offence) problems.push({ field: 'offenceArticle', reason: 'offenceArticle must be an article from GET /api/v1/reference/offences' });
      if (!offence || problems.length) throw invalidInput(problems);

      const year = times.registeredAt.getUTCFullYear();
      const sequence = await this.nextSequence(manager, command.region, year);
      const registered = manager.create(CriminalCase, {
        id: randomUUID(),
        caseNumber: formatCaseNumber(command.region, year, sequence),
        region: command.region,
        district: command.district,
        agency: command.agency,
        source: command.source,
        offenceArticle: offence.article,
        offenceTitle: offence.title,
        offenceSeverity: offence.severity,
        iccsCode: offence.iccsCode,
        iccsSection: offence.iccsSection,
        offenceCommittedAt: times.offenceCommittedAt ?? null,
        description: command.description,
        receivedAt: times.receivedAt,
        registeredAt: times.registeredAt,
        registeredLate: isRegisteredLate(times),
        registeredBy: principal.sub,
        status: 'registered',
        statusChangedAt: times.registeredAt,
        statusRecordedAt: null,
        responsibleProsecutor: null,
        responsibleInvestigator: null,
      });
      await manager.insert(CriminalCase, registered);
      // Categories only: the description and anything about persons stay here.
      await this.outbox.record(manager, CaseRegistered, registered.id, {
        caseId: registered.id,
        caseNumber: registered.caseNumber,
        region: registered.region,
        district: command.district,
        agency: command.agency,
        source: command.source,
        offence: { article: registered.offenceArticle, iccsCode: registered.iccsCode, severity: registered.offenceSeverity },
        receivedAt: registered.receivedAt.toISOString(),
        registeredAt: registered.registeredAt.toISOString(),
        registeredLate: registered.registeredLate,
        registeredBy: principal.sub,
      });
      return toCaseDto(registered);
    });
  }

  async get(caseId: string, principal: Principal): Promise<CaseDto> {
    return this.unitOfWork.run(async (manager) => toCaseDto(await findAccessibleCase(manager, caseId, principal)));
  }

  /**
   * The counter row of (region, year) is locked until the registration commits, so
   * concurrent registrations queue for it and a rolled-back one leaves no gap.
   */
  private async nextSequence(manager: EntityManager, region: string, year: number): Promise<number> {
    const rows: { last_sequence: number }[] = await manager.query(
      `INSERT INTO case_number_counters (region, year, last_sequence) VALUES ($1, $2, 1)
       ON CONFLICT (region, year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1
       RETURNING last_sequence`,
      [region, year],
    );
    return rows[0].last_sequence;
  }
}

const JURISDICTION_FIELDS = { region: 'region', district: 'district', agency: 'agency' };

