import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { journalEtag } from '@icjims/journal';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { AssignReportDto, DraftSectionDto, SubmitReportDto } from './dto/pre-sentence-report-commands.dto';
import { ListPreSentenceReportsQuery } from './dto/list-pre-sentence-reports.query';
import { PreSentenceReportDetailDto, PreSentenceReportDto } from './dto/pre-sentence-report.dto';
import { PreSentenceReportsService } from './pre-sentence-reports.service';

const ETAG_HEADER = { description: 'The report’s journal version, for If-Match', schema: { type: 'string', example: '"3"' } };
const IF_MATCH = { name: 'If-Match', required: false, description: 'The report’s version the caller saw (its ETag); another version is a 409' };
const OUT_OF_REACH = 'A report of another region, or (for a caller bound to an office) assigned to another office, is a 403, as another region’s case is everywhere.';

/**
 * Pre-sentence reports: opened by the system when procedural-steps records a request, assigned
 * by a supervisor, drafted in the pack's sections by an officer of the office and submitted with
 * a recommendation, which goes back to the requesting case's journal.
 */
@ApiTags('pre-sentence-reports')
@Controller('pre-sentence-reports')
export class PreSentenceReportsController {
  constructor(private readonly reports: PreSentenceReportsService) {}

  @Get()
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'list', resourceType: 'pre-sentence-report', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Pre-sentence reports the caller may see, soonest due first',
    description: `A regional caller sees their region's reports; a caller bound to an office sees that office's and the region's not yet assigned ones; a national admin sees all. \`status\`, \`overdue\` and \`caseId\` narrow the list; \`limit\` (1-100, default 50) caps it.`,
  })
  @ApiOkResponse({ type: [PreSentenceReportDto] })
  @ApiProblems(400, 403)
  list(@Query() query: ListPreSentenceReportsQuery, @CurrentPrincipal() principal: Principal): Promise<PreSentenceReportDto[]> {
    return this.reports.list(query, principal);
  }

  @Get(':reportId')
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'read', resourceType: 'pre-sentence-report', resourceIdParam: 'reportId' })
  @ApiOperation({ summary: 'One pre-sentence report, with the latest draft of each section', description: OUT_OF_REACH })
  @ApiOkResponse({ type: PreSentenceReportDetailDto, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 403, 404)
  async get(@UuidParam('reportId') reportId: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<PreSentenceReportDetailDto> {
    const report = await this.reports.get(reportId, principal);
    response.setHeader('ETag', journalEtag(report.version));
    return report;
  }

  @Post(':reportId/assignment')
  @Roles('probation_supervisor', 'admin')
  @AccessTo({ action: 'assign', resourceType: 'pre-sentence-report', resourceIdParam: 'reportId' })
  @ApiOperation({
    summary: 'Assign the report to an office and an officer',
    description: `The first assignment goes to the supervisor's own office; a later one to the same office reassigns it, to another office transfers it. ${OUT_OF_REACH} A submitted or withdrawn report takes nothing more (409).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: PreSentenceReportDto, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async assign(
    @UuidParam('reportId') reportId: string,
    @Body() body: AssignReportDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PreSentenceReportDto> {
    return withEtag(response, await this.reports.assign(reportId, body, principal, ifMatch));
  }

  @Put(':reportId/sections/:section')
  @HttpCode(200)
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'draft', resourceType: 'pre-sentence-report', resourceIdParam: 'reportId' })
  @ApiOperation({
    summary: 'Draft a section of the report (a new draft replaces the last)',
    description: `The section is a code of the pack's probation reportSections (422 otherwise); the report must be assigned, and the caller of its office. The text stays in the probation journal: never published, never logged. ${OUT_OF_REACH}`,
  })
  @ApiParam({ name: 'section', description: 'A code of the pack’s probation reportSections', example: 'personal_circumstances' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreSentenceReportDto, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async draftSection(
    @UuidParam('reportId') reportId: string,
    @Param('section') section: string,
    @Body() body: DraftSectionDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PreSentenceReportDto> {
    return withEtag(response, await this.reports.draftSection(reportId, section, body, principal, ifMatch));
  }

  @Post(':reportId/submission')
  @Roles('probation_officer', 'probation_supervisor', 'admin')
  @AccessTo({ action: 'submit', resourceType: 'pre-sentence-report', resourceIdParam: 'reportId' })
  @ApiOperation({
    summary: 'Submit the report with its recommendation',
    description: `Every section of the pack must be drafted (422 naming those missing). The submission goes out as pre-sentence-report.submitted (the recommendation, never the texts) in the same transaction, and procedural-steps records pre_sentence_report_received in the requesting case's journal. ${OUT_OF_REACH}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: PreSentenceReportDto, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  async submit(
    @UuidParam('reportId') reportId: string,
    @Body() body: SubmitReportDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PreSentenceReportDto> {
    return withEtag(response, await this.reports.submit(reportId, body, principal, ifMatch));
  }
}

function withEtag(response: Response, report: PreSentenceReportDto): PreSentenceReportDto {
  response.setHeader('ETag', journalEtag(report.version));
  return report;
}
