import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { ListProbationCasesQuery } from './dto/list-probation-cases.query';
import { ProbationCaseDto } from './dto/probation-case.dto';
import { ProbationCasesService } from './probation-cases.service';

/** Probation officers see their region's probation cases; a national admin sees all. */
@ApiTags('probation-cases')
@Controller('probation-cases')
@Roles('probation_officer', 'admin')
export class ProbationCasesController {
  constructor(private readonly probationCases: ProbationCasesService) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'probation-case', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Probation cases of the caller’s region (all regions for a national caller), newest first',
    description:
      'Every status unless `status` is given: `status=active` leaves annulled probation cases out, `status=annulled` lists only them. `caseId` narrows to one criminal case; `limit` (1-100, default 50) caps the list.',
  })
  @ApiOkResponse({ type: [ProbationCaseDto] })
  @ApiProblems(400)
  list(@Query() query: ListProbationCasesQuery, @CurrentPrincipal() principal: Principal): Promise<ProbationCaseDto[]> {
    return this.probationCases.list(query, principal);
  }

  @Get(':probationCaseId')
  @AccessTo({ action: 'read', resourceType: 'probation-case', resourceIdParam: 'probationCaseId' })
  @ApiOperation({ summary: 'One probation case' })
  @ApiOkResponse({ type: ProbationCaseDto })
  @ApiProblems(400, 404)
  get(@UuidParam('probationCaseId') probationCaseId: string, @CurrentPrincipal() principal: Principal): Promise<ProbationCaseDto> {
    return this.probationCases.get(probationCaseId, principal);
  }
}
