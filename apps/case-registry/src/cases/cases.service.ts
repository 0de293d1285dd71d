import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { CaseRegistered, FieldProblem, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { Offence } from '../reference/offence.entity';
import { Region } from '../reference/region.entity';
import { CriminalCase } from './case.entity';
import { formatCaseNumber, registrationTimeProblems } from './case-rules';
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
    const registeredAt = new Date(command.registeredAt);
    const receivedAt = command.receivedAt ? new Date(command.receivedAt) : registeredAt;
    const problems: FieldProblem[] = registrationTimeProblems({ receivedAt, registeredAt }, new Date());

    return this.unitOfWork.run(async (manager) => {
      const [region, offence] = await Promise.all([
        manager.findOneBy(Region, { code: command.region }),
        manager.findOneBy(Offence, { article: command.offenceArticle }),
      ]);
      if (!region) problems.push({ field: 'region', reason: 'region must be a code from GET /api/v1/reference/regions' });
      if (!offence) problems.push({ field: 'offenceArticle', reason: 'offenceArticle must be an article from GET /api/v1/reference/offences' });
      if (problems.length || !offence) throw new InvalidInputError(`The request has ${problems.length} invalid field(s)`, problems);

      const year = registeredAt.getUTCFullYear();
      const sequence = await this.nextSequence(manager, command.region, year);
      const registered = manager.create(CriminalCase, {
        id: randomUUID(),
        caseNumber: formatCaseNumber(command.region, year, sequence),
        region: command.region,
        offenceArticle: offence.article,
        description: command.description,
        receivedAt,
        registeredAt,
        registeredBy: principal.sub,
        status: 'registered',
      });
      await manager.insert(CriminalCase, registered);
      await this.outbox.record(manager, CaseRegistered, registered.id, {
        caseId: registered.id,
        caseNumber: registered.caseNumber,
        region: registered.region,
        offence: { article: offence.article, iccsCode: offence.iccsCode, severity: offence.severity },
        receivedAt: receivedAt.toISOString(),
        registeredAt: registeredAt.toISOString(),
        registeredBy: principal.sub,
      });
      return toDto(registered, offence);
    });
  }

  async get(caseId: string, principal: Principal): Promise<CaseDto> {
    return this.unitOfWork.run(async (manager) => {
      const found = await manager.findOneBy(CriminalCase, { id: caseId });
      if (!found) throw new NotFoundError(`case ${caseId} does not exist`);
      assertRegionAccess(principal, found.region);
      const offence = await manager.findOneByOrFail(Offence, { article: found.offenceArticle });
      return toDto(found, offence);
    });
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

function toDto(found: CriminalCase, offence: Offence): CaseDto {
  return {
    id: found.id,
    caseNumber: found.caseNumber,
    region: found.region,
    offence: { article: offence.article, title: offence.title, severity: offence.severity, iccsCode: offence.iccsCode, iccsSection: offence.iccsSection },
    description: found.description,
    receivedAt: found.receivedAt.toISOString(),
    registeredAt: found.registeredAt.toISOString(),
    registeredBy: found.registeredBy,
    status: found.status,
  };
}
