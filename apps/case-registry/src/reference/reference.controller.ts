import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { AgencyDto, OffenceDto, RegionDto, ReplaceAgenciesDto, ReplaceOffencesDto, ReplaceRegionsDto } from './reference.dto';
import { ReferenceService } from './reference.service';

const SAMPLE = 'A new installation ships a SAMPLE set (Estonian counties and municipalities, Estonian agencies, a fictional criminal code mapped to ICCS) until an admin loads the real one.';
const CHANGE =
  'National admins only. Upserts the listed items and removes the codes in `remove`, all in one transaction; items not mentioned stay as they are. A code that a case uses cannot be removed (409), and nothing is changed then.';

/** Reference data that clients fill their forms from: any signed-in role reads it, a national admin changes it. */
@ApiTags('reference')
@Controller('reference')
@Roles(...ROLES)
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('regions')
  @AccessTo({ action: 'list', resourceType: 'region' })
  @ApiOperation({ summary: 'Regions (jurisdictions) a case can belong to, with their districts', description: SAMPLE })
  @ApiOkResponse({ type: [RegionDto] })
  @ApiProblems()
  listRegions(): Promise<RegionDto[]> {
    return this.reference.listRegions();
  }

  @Put('regions')
  @Roles('admin')
  @AccessTo({ action: 'replace', resourceType: 'region' })
  @ApiOperation({ summary: 'Load or update regions and their districts', description: `${CHANGE} Each listed region’s districts become exactly the ones listed, so leaving out a district that a case uses is refused too.` })
  @ApiOkResponse({ type: [RegionDto], description: 'All regions after the change' })
  @ApiProblems(400, 409, 413, 415)
  replaceRegions(@Body() body: ReplaceRegionsDto, @CurrentPrincipal() principal: Principal): Promise<RegionDto[]> {
    return this.reference.replaceRegions(body, principal);
  }

  @Get('agencies')
  @AccessTo({ action: 'list', resourceType: 'agency' })
  @ApiOperation({ summary: 'Agencies that register or conduct cases', description: SAMPLE })
  @ApiOkResponse({ type: [AgencyDto] })
  @ApiProblems()
  listAgencies(): Promise<AgencyDto[]> {
    return this.reference.listAgencies();
  }

  @Put('agencies')
  @Roles('admin')
  @AccessTo({ action: 'replace', resourceType: 'agency' })
  @ApiOperation({ summary: 'Load or update agencies', description: CHANGE })
  @ApiOkResponse({ type: [AgencyDto], description: 'All agencies after the change' })
  @ApiProblems(400, 409, 413, 415)
  replaceAgencies(@Body() body: ReplaceAgenciesDto, @CurrentPrincipal() principal: Principal): Promise<AgencyDto[]> {
    return this.reference.replaceAgencies(body, principal);
  }

  @Get('offences')
  @AccessTo({ action: 'list', resourceType: 'offence' })
  @ApiOperation({ summary: 'Criminal-code articles with severity and ICCS classification', description: SAMPLE })
  @ApiOkResponse({ type: [OffenceDto] })
  @ApiProblems()
  listOffences(): Promise<OffenceDto[]> {
    return this.reference.listOffences();
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
  replaceOffences(@Body() body: ReplaceOffencesDto, @CurrentPrincipal() principal: Principal): Promise<OffenceDto[]> {
    return this.reference.replaceOffences(body, principal);
  }
}
