import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, isNational, Principal, Roles } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { ConsistencyProofDto, ConsistencyProofQueryDto, JournalTreeHeadDto } from '@icjims/journal';
import { JournalVerificationDto } from './dto/journal-tree.dto';
import { JournalProofs } from './journal-proofs';

/** The journal tree of the installation: no case data, only hashes, sizes and keys. */
@ApiTags('journal tree')
@Controller('journal')
export class JournalTreeController {
  constructor(private readonly proofs: JournalProofs) {}

  @Get('tree-head')
  @Roles('prosecutor', 'investigator', 'admin', 'auditor')
  @AccessTo({ action: 'read', resourceType: 'journal-tree-head' })
  @ApiOperation({
    summary: 'The latest signed tree head (checkpoint) of the journal tree, and the public keys that verify it',
    description: 'Keep it somewhere else: any later head must be consistent with it (GET /api/v1/journal/consistency-proof).',
  })
  @ApiOkResponse({ type: JournalTreeHeadDto })
  @ApiProblems()
  treeHead(): JournalTreeHeadDto {
    return this.proofs.treeHead();
  }

  @Get('consistency-proof')
  @Roles('prosecutor', 'investigator', 'admin', 'auditor')
  @AccessTo({ action: 'prove', resourceType: 'journal-tree' })
  @ApiOperation({ summary: 'Prove that the tree of `to` leaves extends the tree of `from` leaves (RFC 9162 consistency proof): nothing signed before was changed or removed' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems(400, 409)
  consistencyProof(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    return this.proofs.consistencyProof(query.from, query.to);
  }

  @Get('verification')
  @Roles('auditor')
  @AccessTo({ action: 'verify', resourceType: 'journal-tree' })
  @ApiOperation({
    summary: 'Recompute the journal tree from every step as stored, against every signed checkpoint, and name the first bad position (national auditors)',
    description: 'Finds a step changed since it was signed (even with its case’s hash chain recomputed), a step removed, and a journal truncated below a checkpoint.',
  })
  @ApiOkResponse({ type: JournalVerificationDto })
  @ApiProblems()
  verify(@CurrentPrincipal() principal: Principal): Promise<JournalVerificationDto> {
    // The answer names steps of any case: a regional auditor may not learn of other regions' cases.
    if (!isNational(principal)) throw new ForbiddenError('the whole journal is verified by a national auditor');
    return this.proofs.verifyJournal();
  }
}
