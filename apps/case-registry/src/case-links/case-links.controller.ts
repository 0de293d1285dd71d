import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { CaseWithPersonsDto } from '../cases/dto/case.dto';
import { CaseLinksService } from './case-links.service';
import { CaseLinkDto } from './dto/case-link.dto';
import { JoinCaseDto } from './dto/join-case.dto';
import { MAX_SPLIT_PERSONS, SplitCaseDto } from './dto/split-case.dto';

@ApiTags('joins and splits')
@Controller('cases/:caseId')
export class CaseLinksController {
  constructor(private readonly links: CaseLinksService) {}

  @Post('joins')
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'join', resourceType: 'case', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Join a case into another',
    description:
      'A prosecutor of the region of both cases, or an admin. The case becomes `joined` at once (nothing more can be assigned, transferred, joined or split), and intoCaseId gains every role its persons hold, each announced as PersonAddedToCase; roles intoCaseId holds already stay as they are, and the joined case keeps its own as history. Refused with 400 when intoCaseId is the case itself, 404 (naming intoCaseId) when it names no case, 422 when either case is closed or joined, or intoCaseId is terminated (resume it first). Announced as case.joined, without the reason; procedural-steps then ends the joined case’s journal with case_joined and carries the standing of everyone still in it (suspicion, detention, measures and their running clocks) into intoCaseId’s journal as system steps.',
  })
  @ApiCreatedResponse({ type: CaseLinkDto })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  join(@UuidParam('caseId') caseId: string, @Body() body: JoinCaseDto, @CurrentPrincipal() principal: Principal): Promise<CaseLinkDto> {
    return this.links.join(caseId, body, principal);
  }

  @Post('splits')
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'split', resourceType: 'case', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'Split a new case off a case, for some of its persons',
    description: `A prosecutor of the case’s region, or an admin. Registers a new case with the next national case number of the case’s region and the current year, in the same district and agency, with the same source, receipt and offence time, and the case’s classification unless offenceArticle names another. Every role the named persons (1 to ${MAX_SPLIT_PERSONS}) hold in the case moves to the new case: it ends here (PersonRemovedFromCase, reason "split") and starts there (PersonAddedToCase with splitFromCaseId, from which procedural-steps carries the person’s standing, measures and running clocks into the new case’s journal). Refused with 422 for a closed or joined case, and naming personIds for a person who holds no role in it. Announced as case.registered with splitFromCaseId; the reason is never published.`,
  })
  @ApiCreatedResponse({ type: CaseWithPersonsDto, description: 'The new case with the persons moved into it' })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  split(@UuidParam('caseId') caseId: string, @Body() body: SplitCaseDto, @CurrentPrincipal() principal: Principal): Promise<CaseWithPersonsDto> {
    return this.links.split(caseId, body, principal);
  }

  @Get('links')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'read', resourceType: 'case-link', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'The joins and splits a case takes part in, either way, oldest first',
    description: 'Readable by the case’s current region: joins of this case and into it, splits off it and the split that created it, with who, when and why.',
  })
  @ApiOkResponse({ type: [CaseLinkDto] })
  @ApiProblems(400, 404)
  history(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<CaseLinkDto[]> {
    return this.links.history(caseId, principal);
  }
}
