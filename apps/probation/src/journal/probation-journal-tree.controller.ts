import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, isNational, Principal, Roles } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';
import { ConsistencyProofDto, ConsistencyProofQueryDto, JournalTreeHeadDto } from '@icjims/journal';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { ProbationJournalVerificationDto } from './dto/probation-journal-tree.dto';
import { ProbationJournalProofs } from './probation-journal-proofs';

/** The probation journal's tree: no case data, only hashes, sizes and keys. */
@ApiTags('probation journal')
@Controller('probation-journal')
export class ProbationJournalTreeController {
  constructor(private readonly proofs: ProbationJournalProofs) {}

  @Get('tree-head')
  @Roles('probation_officer', 'probation_supervisor', 'admin', 'auditor')
  @AccessTo({ action: 'read', resourceType: 'probation-journal-tree-head' })
  @ApiOperation({
    summary: 'The latest signed tree head (checkpoint) of the probation journal, and the public keys that verify it',
    description: 'Keep it somewhere else: any later head must be consistent with it (GET /api/v1/probation-journal/consistency-proof).',
  })
  @ApiOkResponse({ type: JournalTreeHeadDto })
  @ApiProblems()
  treeHead(): JournalTreeHeadDto {
    return this.proofs.treeHead();
  }

  @Get('consistency-proof')
  @Roles('probation_officer', 'probation_supervisor', 'admin', 'auditor')
  @AccessTo({ action: 'prove', resourceType: 'probation-journal-tree' })
  @ApiOperation({ summary: 'Prove that the tree of `to` leaves extends the tree of `from` leaves (RFC 9162 consistency proof): nothing signed before was changed or removed' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems(400, 409)
  consistencyProof(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    return this.proofs.consistencyProof(query.from, query.to);
  }

  @Get('verification')
  @Roles('auditor')
  @AccessTo({ action: 'verify', resourceType: 'probation-journal-tree' })
  @ApiOperation({
    summary: 'Recompute the probation journal’s tree from every entry as stored, against every signed checkpoint, and name the first bad position (national auditors)',
    description: 'Finds an entry changed since it was signed (even with its stream’s hash chain recomputed), an entry removed, and a journal truncated below a checkpoint.',
  })
  @ApiOkResponse({ type: ProbationJournalVerificationDto })
  @ApiProblems()
  verify(@CurrentPrincipal() principal: Principal): Promise<ProbationJournalVerificationDto> {
    // The answer names entries of any office: a regional auditor may not learn of other regions' cases.
    if (!isNational(principal)) throw new ForbiddenError('the whole probation journal is verified by a national auditor');
    return this.proofs.verifyJournal();
  }
}
