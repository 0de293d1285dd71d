import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { PageQuery } from './dto/page-query.dto';
import { LookupPersonDto } from './dto/person-lookup.dto';
import { MergePersonsDto, PersonMergeDto, PersonMergeHistoryDto, PersonUnmergeDto, UnmergePersonDto } from './dto/person-merge.dto';
import { PersonCasePageDto, PersonDto } from './dto/person.dto';
import { PersonMergesService } from './person-merges.service';
import { PersonsService } from './persons.service';

const REGIONAL_READ =
  'A regional caller may see a person who holds or held a role in a case now of their region, and sees only those cases; any other record answers exactly as an unknown one (404). A record restricted to others is a 403 `restricted-record`.';

const SUPERVISION_READ =
  'A probation officer or supervisor sees a person only while that person is under a probation supervision allocated to the office their token names (`office`) in their region and not ended or annulled — never the other persons of the criminal case — and of their cases only those the supervision comes from; any other record answers exactly as an unknown one (404). The purpose `supervision` fits.';

@ApiTags('persons')
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly merges: PersonMergesService,
  ) {}

  @Post('lookups')
  @HttpCode(200)
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'lookup', resourceType: 'person', purpose: 'required' })
  @ApiOperation({ summary: 'Find the person record holding a national ID', description: `The ID travels in the body, never in a URL (URLs are logged). ${REGIONAL_READ}` })
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 403, 404, 413, 415)
  lookup(@Body() body: LookupPersonDto, @CurrentPrincipal() principal: Principal): Promise<PersonDto> {
    return this.persons.lookup(body.nationalId, principal);
  }

  @Get(':personId')
  @Roles('prosecutor', 'investigator', 'admin', 'probation_officer', 'probation_supervisor')
  @AccessTo({ action: 'read', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiOperation({
    summary: 'A person record with their roles across cases',
    description: `A merged record answers 200 with its own (historical) facts, no cases, and \`mergedInto\` pointing at the live record that replaced it; once the merge is undone it is an ordinary record again. Its merges and their unmerges: GET /persons/{personId}/merges. ${REGIONAL_READ} ${SUPERVISION_READ}`,
  })
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 403, 404)
  get(@UuidParam('personId') personId: string, @CurrentPrincipal() principal: Principal): Promise<PersonDto> {
    return this.persons.get(personId, principal);
  }

  @Get(':personId/cases')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'list-cases', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiOperation({
    summary: 'The cases a person holds a role in, newest registration first',
    description: `Cursor pagination over (registration time, case id): pass the previous page's nextCursor as \`cursor\`. A merged record is a 409 naming the live record. ${REGIONAL_READ}`,
  })
  @ApiOkResponse({ type: PersonCasePageDto })
  @ApiProblems(400, 403, 404, 409)
  cases(@UuidParam('personId') personId: string, @Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<PersonCasePageDto> {
    return this.persons.cases(personId, query, principal);
  }

  @Get(':personId/merges')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'list-merges', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId', purpose: 'required' })
  @ApiOperation({
    summary: 'The merges a record took part in, with their unmerges',
    description: `Merged away or surviving, newest first (at most 100), each with who merged and why and — once undone — who undid it, when and why. An undone merge shows to a regional caller only if the other record is visible to them by its own roles. ${REGIONAL_READ}`,
  })
  @ApiOkResponse({ type: PersonMergeHistoryDto })
  @ApiProblems(400, 403, 404)
  mergeHistory(@UuidParam('personId') personId: string, @CurrentPrincipal() principal: Principal): Promise<PersonMergeHistoryDto> {
    return this.merges.history(personId, principal);
  }

  @Post(':survivingPersonId/merges')
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'merge', resourceType: 'person', resourceIdParam: 'survivingPersonId', personIdParam: 'survivingPersonId' })
  @ApiOperation({
    summary: 'Merge another record of the same person into this one',
    description:
      'Moves the merged record’s roles to this one (a role this one already holds in the same case is closed instead), keeps the merged record as history with `mergedInto` set, and emits one PersonMerged per case touched, in one transaction. The record with a national ID must survive (422); a record merged before is a 409. A regional prosecutor may merge only records they may both see: any other is the 404 of an unknown record; one restricted to others is a 403 `restricted-record`.',
  })
  @ApiCreatedResponse({ type: PersonMergeDto })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  merge(
    @UuidParam('survivingPersonId') survivingPersonId: string,
    @Body() body: MergePersonsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PersonMergeDto> {
    return this.merges.merge(survivingPersonId, body, principal);
  }

  @Post(':mergedPersonId/unmerge')
  @HttpCode(200)
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'unmerge', resourceType: 'person', resourceIdParam: 'mergedPersonId', personIdParam: 'mergedPersonId' })
  @ApiOperation({
    summary: 'Undo a wrong merge: this record, merged into another, is a record of its own again',
    description:
      'The roles the merge moved to the surviving record go back to this one (active or ended since), and those it closed as duplicates are reopened where this record holds no such role; roles the survivor gained after the merge stay with the survivor (correct them with the ordinary add and remove). A restriction the survivor took over from this record stays. The merge stays in the history with who undid it, when and why; one PersonUnmerged per case the merge touched, stating the roles both records hold there now; all in one transaction. A record that is not merged is a 409, and so is one whose surviving record was merged into a third since: undo that later merge first. A regional prosecutor may unmerge only records they may both see (the live record, and this record by its own roles): any other is the 404 of an unknown record; one restricted to others is a 403 `restricted-record`.',
  })
  @ApiOkResponse({ type: PersonUnmergeDto })
  @ApiProblems(400, 403, 404, 409, 413, 415)
  unmerge(
    @UuidParam('mergedPersonId') mergedPersonId: string,
    @Body() body: UnmergePersonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PersonUnmergeDto> {
    return this.merges.unmerge(mergedPersonId, body, principal);
  }
}
