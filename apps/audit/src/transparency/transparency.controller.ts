import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { AccessLogProofs } from './access-log-proofs';
import { AccessLogVerifier } from './access-log-verifier';
import {
  ConsistencyProofDto, ConsistencyProofQuery, InclusionProofDto, InclusionProofQuery, LogVerificationDto, SignedTreeHeadDto, SigningKeysDto,
} from './dto/transparency.dto';

/**
 * Tamper evidence that does not trust the database: verification against the checkpoints
 * kept outside it, signed tree heads, their keys, and RFC 9162 proofs. The auditor and the
 * data-protection officer; proofs of an entry only for whoever may list it.
 */
@ApiTags('access-logs')
@Controller('access-logs')
@Roles('auditor', 'data_protection_officer')
export class TransparencyController {
  constructor(
    private readonly verifier: AccessLogVerifier,
    private readonly proofs: AccessLogProofs,
  ) {}

  @Get('verify')
  @AccessTo({ action: 'verify', resourceType: 'access-log' })
  @ApiOperation({
    summary: 'Verify the access log against its hash chain and the signed checkpoints',
    description:
      'Recomputes every entry’s hash and Merkle leaf from its stored fields, on one snapshot: each entry must link to the one before up to the head, and the recomputed tree must have, at the size of every signed checkpoint (kept outside the database), the signed root. Catches a history rewritten even with every hash, the head and the stored tree recomputed, a log cut short, and entries deleted; names the first position it cannot vouch for.',
  })
  @ApiOkResponse({ type: LogVerificationDto })
  @ApiProblems()
  verify(): Promise<LogVerificationDto> {
    return this.verifier.verify();
  }

  @Get('tree-head')
  @AccessTo({ action: 'read', resourceType: 'access-tree-head' })
  @ApiOperation({
    summary: 'The latest signed tree head',
    description: 'The newest checkpoint: the size and RFC 9162 root of the access log’s Merkle tree, signed with Ed25519 (see GET /access-logs/signing-keys). Signed every ICJIMS_CHECKPOINT_INTERVAL_SECONDS when the log grew, and at shutdown.',
  })
  @ApiOkResponse({ type: SignedTreeHeadDto })
  @ApiProblems(404)
  treeHead(): SignedTreeHeadDto {
    return this.proofs.latestTreeHead();
  }

  @Get('signing-keys')
  @AccessTo({ action: 'read', resourceType: 'access-tree-keys' })
  @ApiOperation({ summary: 'The public keys that sign tree heads', description: 'Every key ever used, oldest first; a retired key verifies the heads it signed before its retirement.' })
  @ApiOkResponse({ type: SigningKeysDto })
  @ApiProblems()
  signingKeys(): SigningKeysDto {
    return { keys: this.proofs.signingKeys() };
  }

  @Get('proofs/inclusion')
  @AccessTo({ action: 'prove', resourceType: 'access-log-entry' })
  @ApiOperation({
    summary: 'Inclusion proof of an entry',
    description: 'The entry’s leaf data and hash and its RFC 9162 audit path to the root at treeSize (default: the latest signed tree head’s size). A regional auditor may prove only the entries of their region’s callers.',
  })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiProblems(400, 404)
  inclusion(@Query() query: InclusionProofQuery, @CurrentPrincipal() principal: Principal): Promise<InclusionProofDto> {
    return this.proofs.inclusion(query.seq, query.treeSize, principal);
  }

  @Get('proofs/consistency')
  @AccessTo({ action: 'prove', resourceType: 'access-tree' })
  @ApiOperation({
    summary: 'Consistency proof between two tree sizes',
    description: 'The RFC 9162 proof that the tree at `to` (default: the latest signed tree head’s size) extends the tree at `from`: nothing before `from` was changed or removed.',
  })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems(400, 404)
  consistency(@Query() query: ConsistencyProofQuery): Promise<ConsistencyProofDto> {
    return this.proofs.consistency(query.from, query.to);
  }
}
