import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, noteConsultedPersons } from '@icjims/platform';
import { AccessLogFilter } from '../access-log/dto/access-log-query.dto';
import { ExportsService } from './exports.service';
import { download } from './snapshot-stream';

const FILTERS = 'Filters as GET /access-logs (without limit and before); a regional auditor gets the calls of their own region’s callers only.';

/** Downloads of the access log for auditors, streamed: the auditor role only, as for the list. */
@ApiTags('access-logs')
@Controller('access-logs')
@Roles('auditor')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('export.csv')
  @AccessTo({ action: 'export', resourceType: 'access-log', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Access log entries as CSV, oldest first',
    description: `Every matching entry, streamed (not paged) from one consistent snapshot: RFC 4180 with a header line, CRLF line ends, one column per entry field (actorRoles, personIds and flags space-separated); text a spreadsheet would run as a formula (leading = + - @) is prefixed with an apostrophe. ${FILTERS}`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV with a header line',
    content: { 'text/csv': { schema: { type: 'string' }, example: 'seq,eventId,occurredAt,service,actorSub,…\r\n1,4f0c…,2026-11-23T09:30:00.123Z,case-registry,prosecutor-17,…\r\n' } },
  })
  @ApiProblems(400)
  csv(@Query() filter: AccessLogFilter, @CurrentPrincipal() principal: Principal): StreamableFile {
    if (filter.personId) noteConsultedPersons([filter.personId.toLowerCase()]);
    return download(this.exports.csv(filter, principal), 'text/csv; charset=utf-8', 'access-log.csv');
  }

  @Get('export.ndjson')
  @AccessTo({ action: 'export', resourceType: 'access-log', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Access log entries with their proofs, for offline verification (icjims-log-export/1)',
    description: `NDJSON in the icjims-log-export/1 format (docs/offline-verification.md; check it with npm run audit:verify): a header with the latest signed tree head, one line per entry (its hashed fields and leaf index, oldest first), a trailer with the count. The entries up to that head’s size; later ones are signed at the next checkpoint. Without filters, a national auditor gets the whole log (scope full: the verifier recomputes the signed root); any other selection is scope partial, each entry with its inclusion proof. Streamed from one snapshot. 404 while no tree head has been signed yet. ${FILTERS}`,
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'icjims-log-export/1, one JSON object per line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  ndjson(@Query() filter: AccessLogFilter, @CurrentPrincipal() principal: Principal): StreamableFile {
    if (filter.personId) noteConsultedPersons([filter.personId.toLowerCase()]);
    return download(this.exports.ndjson(filter, principal), 'application/x-ndjson; charset=utf-8', 'access-log.ndjson');
  }
}
