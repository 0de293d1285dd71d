import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { download } from '../exports/snapshot-stream';
import { DataSubjectReportsService } from './data-subject-reports.service';
import { DataSubjectReportDto, DataSubjectReportPeriod, DataSubjectReportQuery } from './dto/data-subject-report.dto';

const WHAT =
  'Who consulted the data on this person (the access-log entries that list the person, in every service but audit itself), when, for what purpose and with what outcome. Consultations made for a deferred purpose (AUDIT_DEFERRED_PURPOSES, by default covert_investigation) are left out — without a trace in the report — until their disclosure date (PUT /disclosure-deferrals/…) has passed. The data-protection officer role, national only; X-Purpose is required (e.g. data_subject_request).';

@ApiTags('data-subject-reports')
@Controller('data-subject-reports')
@Roles('data_protection_officer')
export class DataSubjectReportsController {
  constructor(private readonly reports: DataSubjectReportsService) {}

  @Get(':personId.csv')
  @AccessTo({ action: 'report', resourceType: 'data-subject-report', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiOperation({
    summary: 'Data-subject report as CSV, oldest first',
    description: `${WHAT} The whole report, streamed: RFC 4180 with a header line (seq, occurredAt, actorSub, actorRoles, actorRegion, purpose, service, action, resourceType, resourceId, caseId, outcome).`,
  })
  @ApiParam({ name: 'personId', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems(400)
  csv(@UuidParam('personId') personId: string, @Query() period: DataSubjectReportPeriod, @CurrentPrincipal() principal: Principal): StreamableFile {
    return download(this.reports.csv(personId, period, principal), 'text/csv; charset=utf-8', `data-subject-report-${personId}.csv`);
  }

  @Get(':personId')
  @AccessTo({ action: 'report', resourceType: 'data-subject-report', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiOperation({ summary: 'Data-subject report, newest first', description: `${WHAT} Paged like GET /access-logs: pass nextBefore as before.` })
  @ApiParam({ name: 'personId', format: 'uuid' })
  @ApiOkResponse({ type: DataSubjectReportDto })
  @ApiProblems(400)
  report(@UuidParam('personId') personId: string, @Query() query: DataSubjectReportQuery, @CurrentPrincipal() principal: Principal): Promise<DataSubjectReportDto> {
    return this.reports.report(personId, query, principal);
  }
}
