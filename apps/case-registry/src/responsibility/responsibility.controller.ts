import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { RESPONSIBILITIES, Responsibility } from '@icjims/contracts';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { AssignResponsibleDto } from './dto/assign-responsible.dto';
import { AssignmentDto } from './dto/assignment.dto';
import { ResponsibilityParam } from './responsibility-param';
import { ResponsibilityService } from './responsibility.service';

@ApiTags('responsibility')
@Controller('cases/:caseId')
export class ResponsibilityController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  @Put('responsible/:responsibility')
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'assign', resourceType: 'case', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Assign or reassign the responsible prosecutor or investigator of a case',
    description:
      'A prosecutor of the case’s region, or an admin. Repeating the current assignment changes nothing. Refused (422) for a closed or joined case. Announced as case.responsibility-assigned, without the reason.',
  })
  @ApiParam({ name: 'responsibility', enum: RESPONSIBILITIES })
  @ApiOkResponse({ type: AssignmentDto, description: 'The assignment now in force' })
  @ApiProblems(400, 404, 413, 415, 422)
  assign(
    @UuidParam('caseId') caseId: string,
    @ResponsibilityParam() responsibility: Responsibility,
    @Body() body: AssignResponsibleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AssignmentDto> {
    return this.responsibility.assign(caseId, responsibility, body, principal);
  }

  @Get('assignments')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'read', resourceType: 'case-assignment', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'Who was made responsible for a case, when, by whom and why, oldest first' })
  @ApiOkResponse({ type: [AssignmentDto] })
  @ApiProblems(400, 404)
  history(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<AssignmentDto[]> {
    return this.responsibility.history(caseId, principal);
  }
}
