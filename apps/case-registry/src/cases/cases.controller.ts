import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { CaseSearchService } from './case-search.service';
import { CasesService } from './cases.service';
import { CaseDto, CasePageDto, CaseWithPersonsDto } from './dto/case.dto';
import { CaseSearchQuery } from './dto/case-search.query';
import { RegisterCaseDto } from './dto/register-case.dto';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly caseSearch: CaseSearchService,
  ) {}

  @Post()
  @Roles('prosecutor', 'investigator')
  @AccessTo({ action: 'register', resourceType: 'case' })
  @ApiOperation({
    summary: 'Register a report of a crime; returns the case with its national case number',
    description: 'The region must be the caller’s. The offence’s severity and ICCS classification are recorded with the case; a registration later after receipt than the jurisdiction pack’s registration term (24 hours in the shipped packs) is flagged registeredLate.',
  })
  @ApiCreatedResponse({ type: CaseDto })
  @ApiProblems(400, 413, 415)
  register(@Body() body: RegisterCaseDto, @CurrentPrincipal() principal: Principal): Promise<CaseDto> {
    return this.cases.register(body, principal);
  }

  @Get()
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'search', resourceType: 'case' })
  @ApiOperation({
    summary: 'Search cases, newest registration first, a page at a time',
    description:
      'Regional callers search their own region (naming another in `region` is 403); national callers search all regions or the one named. Filters combine with AND. Page with `cursor` = the previous page’s nextCursor: pages stay stable while new cases are registered.',
  })
  @ApiOkResponse({ type: CasePageDto })
  @ApiProblems(400)
  search(@Query() query: CaseSearchQuery, @CurrentPrincipal() principal: Principal): Promise<CasePageDto> {
    return this.caseSearch.search(query, principal);
  }

  @Get(':caseId')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'read', resourceType: 'case', resourceIdParam: 'caseId', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({ summary: 'A case with its current status, classification, jurisdiction, responsible officers, links to other cases and its persons' })
  @ApiOkResponse({ type: CaseWithPersonsDto })
  @ApiProblems(400, 404)
  get(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<CaseWithPersonsDto> {
    return this.cases.get(caseId, principal);
  }
}
