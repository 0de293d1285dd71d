import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { PersonsConsultedQuery, RefusalBurstsQuery, ReportQuery } from './dto/report-query.dto';
import { OffHoursReportDto, PersonsConsultedReportDto, RefusalBurstsReportDto, RegionRefusalsReportDto } from './dto/reports.dto';
import { ReportsService } from './reports.service';

const SCOPE =
  'The period (from, to) is required, at most 366 days. A national auditor’s report covers every caller; a regional auditor’s the callers of their own region. Follow a row up with GET /access-logs?sub=…&from=…&to=….';

/** Unusual access, for auditors (the auditor role only, as for the log itself). */
@ApiTags('access-reports')
@Controller('access-reports')
@Roles('auditor')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('persons-consulted')
  @AccessTo({ action: 'report', resourceType: 'access-report' })
  @ApiOperation({
    summary: 'Users who consulted unusually many persons',
    description: `Per user, the distinct persons whose data they were shown or changed in the period (allowed calls naming persons). Reported: everyone at or over threshold, and everyone with at least baselineMinimum persons and at least baselineFactor times their own average over the baselinePeriods periods of the same length just before (a user without earlier activity is compared with the threshold only). Defaults: AUDIT_PERSONS_*. ${SCOPE}`,
  })
  @ApiOkResponse({ type: PersonsConsultedReportDto })
  @ApiProblems(400)
  personsConsulted(@Query() query: PersonsConsultedQuery, @CurrentPrincipal() principal: Principal): Promise<PersonsConsultedReportDto> {
    return this.reports.personsConsulted(query, principal);
  }

  @Get('off-hours')
  @AccessTo({ action: 'report', resourceType: 'access-report' })
  @ApiOperation({
    summary: 'Access outside working hours',
    description: `Per user, the calls (allowed or not) made outside working time: on a day not in AUDIT_WORKING_DAYS or at a time outside AUDIT_WORKING_HOURS, both read in AUDIT_TIME_ZONE, by default the jurisdiction pack’s time zone (configuration and pack data, not code; public holidays are not known yet). ${SCOPE}`,
  })
  @ApiOkResponse({ type: OffHoursReportDto })
  @ApiProblems(400)
  offHours(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<OffHoursReportDto> {
    return this.reports.offHours(query, principal);
  }

  @Get('region-refusals')
  @AccessTo({ action: 'report', resourceType: 'access-report' })
  @ApiOperation({
    summary: 'Access refused for another region',
    description: `Per user, the calls refused (403) because what they asked for belongs to another region than theirs — the refusals whose reason reads "region … may not …". ${SCOPE}`,
  })
  @ApiOkResponse({ type: RegionRefusalsReportDto })
  @ApiProblems(400)
  regionRefusals(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<RegionRefusalsReportDto> {
    return this.reports.regionRefusals(query, principal);
  }

  @Get('refusal-bursts')
  @AccessTo({ action: 'report', resourceType: 'access-report' })
  @ApiOperation({
    summary: 'Bursts of refusals per user or client address',
    description: `Per user (by=user) or client address (by=address), the most refusals within any sliding window of windowSeconds; keys whose busiest window reaches threshold are reported. Refusals are the outcomes listed (default denied and throttled; a throttled entry weighs as many refusals as it counts). Anonymous callers (bad or no token) appear by address, to national auditors only. Defaults: AUDIT_REFUSAL_BURST_*. ${SCOPE}`,
  })
  @ApiOkResponse({ type: RefusalBurstsReportDto })
  @ApiProblems(400)
  refusalBursts(@Query() query: RefusalBurstsQuery, @CurrentPrincipal() principal: Principal): Promise<RefusalBurstsReportDto> {
    return this.reports.refusalBursts(query, principal);
  }
}
