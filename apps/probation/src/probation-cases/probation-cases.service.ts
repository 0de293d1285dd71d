import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { assertRegionAccess, Principal } from '@icjims/auth';
import { NotFoundError } from '@icjims/contracts';
import { ListProbationCasesQuery } from './dto/list-probation-cases.query';
import { ProbationCaseDto } from './dto/probation-case.dto';
import { ProbationCase } from './probation-case.entity';

@Injectable()
export class ProbationCasesService {
  constructor(@InjectRepository(ProbationCase) private readonly probationCases: Repository<ProbationCase>) {}

  /** Newest first; a regional caller sees only their region's probation cases. */
  async list(query: ListProbationCasesQuery, principal: Principal): Promise<ProbationCaseDto[]> {
    const where: FindOptionsWhere<ProbationCase> = {};
    if (principal.region !== undefined) where.region = principal.region;
    if (query.caseId) where.caseId = query.caseId;
    if (query.status) where.status = query.status;
    const found = await this.probationCases.find({ where, order: { openedAt: 'DESC', id: 'ASC' }, take: query.limit });
    return found.map(toDto);
  }

  async get(id: string, principal: Principal): Promise<ProbationCaseDto> {
    const found = await this.probationCases.findOneBy({ id });
    if (!found) throw new NotFoundError(`probation case ${id} does not exist`);
    assertRegionAccess(principal, found.region);
    return toDto(found);
  }
}

function toDto(found: ProbationCase): ProbationCaseDto {
  return {
    id: found.id,
    caseId: found.caseId,
    region: found.region,
    sourceStepId: found.sourceStepId,
    personId: found.personId,
    termMonths: found.termMonths,
    startsOn: found.startsOn,
    endsOn: found.endsOn,
    status: found.status,
    openedAt: found.openedAt.toISOString(),
    annulledAt: found.annulledAt?.toISOString() ?? null,
    annulledByStepId: found.annulledByStepId,
    annulmentGround: found.annulmentGround,
  };
}
