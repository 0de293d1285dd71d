import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { CaseloadService } from './caseload.service';
import { CaseloadDto, DueListDto, OfficeCaseloadDto } from './dto/caseload.dto';
import { DueListQuery } from './dto/due-list.query';

const WHAT_IS_DUE =
  'Due items are scheduled contacts not yet recorded, the plan’s items (reporting every N days from the last attended contact, items with a due date) and the pack’s running deadlines (first meeting, initial assessment and reassessment, report due, term end), each with its day in the pack’s zone; overdue items and breached deadlines are listed whatever the window, until done. An office’s lists also hold the pre-sentence reports not yet assigned that the office would get (the office serving the criminal case’s district; every office of the region when none serves it or the district is not known), with office and officerId null; another office never sees them.';

/** Caseloads and due lists of probation offices, from the heads of the probation journal. */
@ApiTags('caseload')
@Controller()
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @Get('caseload')
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'list', resourceType: 'caseload' })
  @ApiOperation({
    summary: 'The caller’s own caseload, with what is due this week',
    description: `The running probation cases and open pre-sentence reports allocated to the caller (their token subject), in their region and office (for an admin, usually none). ${WHAT_IS_DUE}`,
  })
  @ApiOkResponse({ type: CaseloadDto })
  @ApiProblems(400, 403)
  own(@CurrentPrincipal() principal: Principal): Promise<CaseloadDto> {
    return this.caseload.own(principal);
  }

  @Get('offices/:office/caseload')
  @Roles('probation_supervisor', 'admin')
  @AccessTo({ action: 'list', resourceType: 'office-caseload', resourceIdParam: 'office' })
  @ApiOperation({
    summary: 'An office’s caseload per officer, and its due list for the week',
    description: `For the supervisor of that office (the token’s office) and admins of its region or national ones; another office or region is a 403, an office the pack does not know a 404. ${WHAT_IS_DUE}`,
  })
  @ApiParam({ name: 'office', example: 'PR-KG-GB-LENINSKY', description: 'A probation office of the pack' })
  @ApiOkResponse({ type: OfficeCaseloadDto })
  @ApiProblems(400, 403, 404)
  office(@Param('office') office: string, @CurrentPrincipal() principal: Principal): Promise<OfficeCaseloadDto> {
    return this.caseload.office(office, principal);
  }

  @Get('due')
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'list', resourceType: 'due-list' })
  @ApiOperation({
    summary: 'What falls due in an office from one day to another (at most 31 days), for the office or one officer',
    description: `A caller bound to an office lists that office (naming another is a 403); others name the office, of their region. ${WHAT_IS_DUE}`,
  })
  @ApiOkResponse({ type: DueListDto })
  @ApiProblems(400, 403)
  due(@Query() query: DueListQuery, @CurrentPrincipal() principal: Principal): Promise<DueListDto> {
    return this.caseload.dueList(query, principal);
  }
}
