import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { journalEtag } from '@icjims/journal';
import { AccessTo, ApiProblems, RequestLanguage, UuidParam } from '@icjims/platform';
import { ListProbationCasesQuery } from './dto/list-probation-cases.query';
import { ProbationCaseDto } from './dto/probation-case.dto';
import { AllocationSuggestionDto, ProbationJournalEntryDto, ProbationCaseVerificationDto } from './dto/probation-journal-entry.dto';
import { ProbationCasesService } from './probation-cases.service';

export const ETAG_HEADER = { ETag: { description: 'The case’s version (entries in its journal), for If-Match', schema: { type: 'string', example: '"7"' } } };

/**
 * Probation officers and supervisors see their region's probation cases — those bound to an
 * office that office's and the unallocated ones; a national admin sees all.
 */
@ApiTags('probation-cases')
@Controller('probation-cases')
@Roles('probation_officer', 'probation_supervisor', 'admin')
export class ProbationCasesController {
  constructor(private readonly probationCases: ProbationCasesService) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'probation-case', caseIdQuery: 'caseId' })
  @ApiOperation({
    summary: 'Probation cases of the caller’s region (all regions for a national caller; an office’s and the unallocated ones for a caller bound to an office), newest first',
    description:
      'Every status unless `status` is given (active, absconded, the ends completed, terminated_early, revoked, deceased, and annulled). `caseId` narrows to one criminal case; `limit` (1-100, default 50) caps the list.',
  })
  @ApiOkResponse({ type: [ProbationCaseDto] })
  @ApiProblems(400)
  list(@Query() query: ListProbationCasesQuery, @CurrentPrincipal() principal: Principal): Promise<ProbationCaseDto[]> {
    return this.probationCases.list(query, principal);
  }

  @Get(':probationCaseId')
  @AccessTo({ action: 'read', resourceType: 'probation-case', resourceIdParam: 'probationCaseId' })
  @ApiOperation({ summary: 'One probation case as its journal stands, with its version (ETag)', description: 'Another region’s or another office’s case is a 403.' })
  @ApiOkResponse({ type: ProbationCaseDto, headers: ETAG_HEADER })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('probationCaseId') probationCaseId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    const found = await this.probationCases.get(probationCaseId, principal);
    response.setHeader('ETag', journalEtag(found.version));
    return found;
  }

  @Get(':probationCaseId/journal')
  @AccessTo({ action: 'read-journal', resourceType: 'probation-case', resourceIdParam: 'probationCaseId' })
  @ApiOperation({
    summary: 'The probation case’s journal in order, every entry with its full details and its link in the hash chain',
    description: 'Notes, evidence and an assessment’s answers are here and nowhere else: they are never published. The read is recorded in the access log.',
  })
  @ApiOkResponse({ type: [ProbationJournalEntryDto], headers: ETAG_HEADER })
  @ApiProblems(400, 404)
  async journal(
    @UuidParam('probationCaseId') probationCaseId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationJournalEntryDto[]> {
    const { entries, version } = await this.probationCases.journal(probationCaseId, principal);
    response.setHeader('ETag', journalEtag(version));
    return entries;
  }

  @Get(':probationCaseId/journal/verify')
  @Roles('probation_officer', 'probation_supervisor', 'admin', 'auditor')
  @AccessTo({ action: 'verify', resourceType: 'probation-case', resourceIdParam: 'probationCaseId' })
  @ApiOperation({
    summary: 'Verify the probation case’s hash chain: every entry recomputed and linked, up to the head',
    description: 'Names the first entry where the chain breaks. The tree over every stream and its signed checkpoints are verified as procedural-steps’ are (libs/journal).',
  })
  @ApiOkResponse({ type: ProbationCaseVerificationDto })
  @ApiProblems(400, 404)
  verify(@UuidParam('probationCaseId') probationCaseId: string, @CurrentPrincipal() principal: Principal): Promise<ProbationCaseVerificationDto> {
    return this.probationCases.verify(probationCaseId, principal);
  }

  @Get(':probationCaseId/allocation-suggestions')
  @AccessTo({ action: 'suggest-allocation', resourceType: 'probation-case', resourceIdParam: 'probationCaseId' })
  @ApiOperation({
    summary: 'The probation offices of the case’s region, lightest caseload per officer first',
    description: 'Each office with its running cases (active or absconded) and the officers holding them, counted from the journal’s heads; labels in the request language.',
  })
  @ApiOkResponse({ type: [AllocationSuggestionDto] })
  @ApiProblems(400, 404)
  allocationSuggestions(
    @UuidParam('probationCaseId') probationCaseId: string,
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: string,
  ): Promise<AllocationSuggestionDto[]> {
    return this.probationCases.allocationSuggestions(probationCaseId, principal, language);
  }
}
