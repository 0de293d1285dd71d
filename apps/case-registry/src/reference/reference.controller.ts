import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems, RequestLanguage } from '@icjims/platform';
import {
  AgencyDto, CourtDto, OffenceDto, ReferenceHistoryPageDto, ReferenceHistoryQuery, RegionDto, ReplaceAgenciesDto, ReplaceOffencesDto, ReplaceRegionsDto,
} from './reference.dto';
import { ReferenceService } from './reference.service';

const FROM_PACK =
  'Taken from the installation’s jurisdiction pack at its first start (and what a new pack version adds), with an admin’s changes on top. `name`/`title` is in the request’s language (Accept-Language among the pack’s, English otherwise); `labels` has every language.';
const CHANGE =
  'National admins only. Upserts the listed items and removes the codes in `remove`, all in one transaction; items not mentioned stay as they are. `labels` are laid over the item’s (a language the pack does not have is refused, 400); `name`/`title` sets the English one. A code that a case uses cannot be removed (409), and nothing is changed then. Every change is recorded in GET /api/v1/reference/history under the admin’s token subject; a new pack version never overwrites a row an admin changed.';

/** Reference data that clients fill their forms from: any signed-in role reads it, a national admin changes it. */
@ApiTags('reference')
@Controller('reference')
@Roles(...ROLES)
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('regions')
  @AccessTo({ action: 'list', resourceType: 'region' })
  @ApiOperation({ summary: 'Regions (jurisdictions) a case can belong to, with their districts', description: FROM_PACK })
  @ApiOkResponse({ type: [RegionDto] })
  @ApiProblems()
  listRegions(@RequestLanguage() language: string): Promise<RegionDto[]> {
    return this.reference.listRegions(language);
  }

  @Put('regions')
  @Roles('admin')
  @AccessTo({ action: 'replace', resourceType: 'region' })
  @ApiOperation({ summary: 'Load or update regions and their districts', description: `${CHANGE} Each listed region’s districts become exactly the ones listed, so leaving out a district that a case uses is refused too.` })
  @ApiOkResponse({ type: [RegionDto], description: 'All regions after the change' })
  @ApiProblems(400, 409, 413, 415)
  replaceRegions(@Body() body: ReplaceRegionsDto, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<RegionDto[]> {
    return this.reference.replaceRegions(body, principal, language);
  }

  @Get('agencies')
  @AccessTo({ action: 'list', resourceType: 'agency' })
  @ApiOperation({ summary: 'Agencies that register or conduct cases', description: FROM_PACK })
  @ApiOkResponse({ type: [AgencyDto] })
  @ApiProblems()
  listAgencies(@RequestLanguage() language: string): Promise<AgencyDto[]> {
    return this.reference.listAgencies(language);
  }

  @Put('agencies')
  @Roles('admin')
  @AccessTo({ action: 'replace', resourceType: 'agency' })
  @ApiOperation({ summary: 'Load or update agencies', description: CHANGE })
  @ApiOkResponse({ type: [AgencyDto], description: 'All agencies after the change' })
  @ApiProblems(400, 409, 413, 415)
  replaceAgencies(@Body() body: ReplaceAgenciesDto, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<AgencyDto[]> {
    return this.reference.replaceAgencies(body, principal, language);
  }

  @Get('offences')
  @AccessTo({ action: 'list', resourceType: 'offence' })
  @ApiOperation({ summary: 'Criminal-code articles with severity and ICCS classification', description: FROM_PACK })
  @ApiOkResponse({ type: [OffenceDto] })
  @ApiProblems()
  listOffences(@RequestLanguage() language: string): Promise<OffenceDto[]> {
    return this.reference.listOffences(language);
  }

  @Put('offences')
  @Roles('admin')
  @AccessTo({ action: 'replace', resourceType: 'offence' })
  @ApiOperation({
    summary: 'Load or update offences and their ICCS mapping',
    description: `${CHANGE} The ICCS code has 2–6 digits and the section starts with its first two. Registered cases keep the classification they were registered with.`,
  })
  @ApiOkResponse({ type: [OffenceDto], description: 'All offences after the change' })
  @ApiProblems(400, 409, 413, 415)
  replaceOffences(@Body() body: ReplaceOffencesDto, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<OffenceDto[]> {
    return this.reference.replaceOffences(body, principal, language);
  }

  @Get('courts')
  @AccessTo({ action: 'list', resourceType: 'court' })
  @ApiOperation({ summary: 'Courts with their levels and regions', description: FROM_PACK })
  @ApiOkResponse({ type: [CourtDto] })
  @ApiProblems()
  listCourts(@RequestLanguage() language: string): Promise<CourtDto[]> {
    return this.reference.listCourts(language);
  }

  @Get('history')
  @Roles('admin', 'auditor')
  @AccessTo({ action: 'list', resourceType: 'reference-change' })
  @ApiOperation({
    summary: 'Every change of the reference data, newest first',
    description:
      'Admins and auditors. Each change of a region, district, agency, offence or court with the row before and after; the source is "pack <country> <version>" for the jurisdiction pack, else the admin’s token subject. Append-only.',
  })
  @ApiOkResponse({ type: ReferenceHistoryPageDto })
  @ApiProblems(400)
  history(@Query() query: ReferenceHistoryQuery): Promise<ReferenceHistoryPageDto> {
    return this.reference.history(query);
  }
}
