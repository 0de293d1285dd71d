import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { InclusionProofQueryDto } from '@icjims/journal';
import { CaseJournalVerificationDto, InclusionProofDto } from './dto/journal-tree.dto';
import { JournalProofs } from './journal-proofs';

/** A case's journal against the signed journal tree; the case's region for regional callers, any case for national ones. */
@ApiTags('steps')
@Controller('cases/:caseId/steps')
@Roles('prosecutor', 'investigator', 'admin', 'auditor')
export class CaseProofsController {
  constructor(private readonly proofs: JournalProofs) {}

  @Get('verification')
  @AccessTo({ action: 'verify', resourceType: 'step', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Check the case’s journal: its hash chain, and each sealed step against the latest signed checkpoint of the journal tree',
    description:
      'Names the first step where the chain breaks, or that is not the step the checkpoint signed at its leaf (a rewrite that recomputed every hash of the chain and the head still shows here). Steps recorded since the checkpoint are counted in awaitingCheckpoint.',
  })
  @ApiOkResponse({ type: CaseJournalVerificationDto })
  @ApiProblems(400, 404)
  async verify(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<CaseJournalVerificationDto> {
    return (await this.proofs.verifiedJournal(caseId, principal)).integrity;
  }

  @Get(':stepId/inclusion-proof')
  @AccessTo({ action: 'prove', resourceType: 'step', caseIdParam: 'caseId', resourceIdParam: 'stepId' })
  @ApiOperation({
    summary: 'Prove that a step is in the journal tree (RFC 9162 inclusion proof) at a tree size, by default the latest signed checkpoint’s',
    description: '409 while the step is not yet in a tree of that size (it goes into the next checkpoint).',
  })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiProblems(400, 404, 409)
  inclusionProof(
    @UuidParam('caseId') caseId: string,
    @UuidParam('stepId') stepId: string,
    @Query() query: InclusionProofQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InclusionProofDto> {
    return this.proofs.inclusionProof(caseId, stepId, principal, query.treeSize);
  }

  @Get('export')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="procedural-journal.ndjson"')
  @AccessTo({ action: 'export', resourceType: 'step', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'The case’s journal with its proofs, for offline verification (icjims-log-export/1)',
    description:
      'NDJSON in the icjims-log-export/1 format (docs/offline-verification.md; check it with npm run audit:verify and the keys of GET /api/v1/journal/tree-head): a header with the latest signed tree head, one line per step in it (its hashed fields, leaf index and inclusion proof), a trailer with the count. Steps recorded since go into the next checkpoint. It names the persons of person-level steps: state why (X-Purpose); they are recorded in the access log. 409 while no tree head has been signed yet.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'icjims-log-export/1, one JSON object per line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiProblems(400, 404, 409)
  export(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.proofs.exportCase(caseId, principal);
  }
}
