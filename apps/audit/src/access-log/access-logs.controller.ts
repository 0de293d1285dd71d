import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { AccessLogsService } from './access-logs.service';
import { AccessLogQuery } from './dto/access-log-query.dto';
import { AccessLogPageDto } from './dto/access-log-entry.dto';

/** The auditor role only — not even admin — reads the access log (verification: transparency/). */
@ApiTags('access-logs')
@Controller('access-logs')
@Roles('auditor')
export class AccessLogsController {
  constructor(private readonly accessLogs: AccessLogsService) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'access-log', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Access log entries, newest first',
    description:
      'Every /api/v1 call of every service, allowed or refused. Filters — person consulted, resource, purpose, user, caller region, time, outcome, service, case — combine with AND; one query per page. A national auditor sees all entries; a regional auditor sees the calls made by callers of their own region (naming another region is 403). A personId filter is recorded with that person in this call’s own entry. Page with `before` = the previous page’s nextBefore. The same filters export as CSV or as NDJSON with proofs (export.csv, export.ndjson).',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  @ApiProblems(400)
  list(@Query() query: AccessLogQuery, @CurrentPrincipal() principal: Principal): Promise<AccessLogPageDto> {
    return this.accessLogs.list(query, principal);
  }
}
