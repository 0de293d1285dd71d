import { Controller, Get, Inject, Query, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, isNational, Principal, Roles } from '@icjims/auth';
import { ForbiddenError, Role } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { ConsistencyProofDto, ConsistencyProofQueryDto, JournalTreeHeadDto } from './journal-tree.dto';

/** What a service's journal proofs answer over the tree endpoints (libs/journal's JournalProofs, in the service's names). */
export interface JournalTreeEndpoints<Verification> {
  treeHead(): JournalTreeHeadDto;
  consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofDto>;
  verifyJournal(): Promise<Verification>;
}

export interface JournalTreeControllerOptions<Verification> {
  /** The route under /api/v1, e.g. 'journal', 'probation-journal'. */
  path: string;
  /** The OpenAPI tag, and the journal's name in summaries, e.g. 'probation journal'. */
  name: string;
  /** What its entries are called in descriptions: 'step', 'entry'. */
  entry: string;
  /** The access trail's resource type of the tree, e.g. 'journal-tree' (its head: '<resource>-head'). */
  resource: string;
  /** Who may read the signed head and ask for consistency proofs; the whole tree is verified by a national auditor. */
  readers: readonly Role[];
  /** The service's proofs, injected. */
  proofs: Type<JournalTreeEndpoints<Verification>>;
  verification: Type<Verification>;
}

/**
 * The controller of a journal's tree — its signed head and keys, consistency proofs, and the
 * whole tree recomputed against every checkpoint — the same for every journal; only hashes,
 * sizes and keys, never case data.
 */
export function journalTreeController<Verification>(options: JournalTreeControllerOptions<Verification>): Type<unknown> {
  const { name, entry, resource, readers } = options;

  @ApiTags(`${name} tree`)
  @Controller(options.path)
  class JournalTreeController {
    constructor(@Inject(options.proofs) readonly proofs: JournalTreeEndpoints<Verification>) {}

    @Get('tree-head')
    @Roles(...readers)
    @AccessTo({ action: 'read', resourceType: `${resource}-head` })
    @ApiOperation({
      summary: `The latest signed tree head (checkpoint) of the ${name} tree, and the public keys that verify it`,
      description: `Keep it somewhere else: any later head must be consistent with it (GET /api/v1/${options.path}/consistency-proof).`,
    })
    @ApiOkResponse({ type: JournalTreeHeadDto })
    @ApiProblems()
    treeHead(): JournalTreeHeadDto {
      return this.proofs.treeHead();
    }

    @Get('consistency-proof')
    @Roles(...readers)
    @AccessTo({ action: 'prove', resourceType: resource })
    @ApiOperation({ summary: 'Prove that the tree of `to` leaves extends the tree of `from` leaves (RFC 9162 consistency proof): nothing signed before was changed or removed' })
    @ApiOkResponse({ type: ConsistencyProofDto })
    @ApiProblems(400, 409)
    consistencyProof(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
      return this.proofs.consistencyProof(query.from, query.to);
    }

    @Get('verification')
    @Roles('auditor')
    @AccessTo({ action: 'verify', resourceType: resource })
    @ApiOperation({
      summary: `Recompute the ${name} tree from every ${entry} as stored, against every signed checkpoint, and name the first bad position (national auditors)`,
      description: `Finds a ${entry} changed since it was signed (even with its hash chain recomputed), a ${entry} removed, and a journal truncated below a checkpoint.`,
    })
    @ApiOkResponse({ type: options.verification })
    @ApiProblems()
    verify(@CurrentPrincipal() principal: Principal): Promise<Verification> {
      // The answer names entries of any case: a regional auditor may not learn of other regions' cases.
      if (!isNational(principal)) throw new ForbiddenError(`the whole ${name} is verified by a national auditor`);
      return this.proofs.verifyJournal();
    }
  }
  return JournalTreeController;
}
