import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@icjims/auth';
import { ConflictError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { LogExportOptions, logExportLines, MerkleLogDamagedError, SignedTreeHead, TreeSizeError, verifyInclusion, verifyTreeHead } from '@icjims/integrity';
import { noteConsultedPersons } from '@icjims/platform';
import { KnownCase } from '../known-cases/known-case.entity';
import { ChainVerificationDto } from '../steps/dto/step.dto';
import { readableCase, verifyChain } from '../steps/journal-reader';
import { personsNamedBy } from '../steps/persons-named';
import { stepChainFields, stepLeafHash } from '../steps/step-chain';
import { ProceduralStep } from '../steps/step.entity';
import {
  CaseJournalProblem, CaseJournalVerificationDto, ConsistencyProofDto, InclusionProofDto, JournalTreeHeadDto, JournalVerificationDto,
} from './dto/journal-tree.dto';
import { JOURNAL_TRANSPARENCY, JournalTransparency } from './journal-transparency';
import { JOURNAL_LOG, journalTree, journalTreeStore } from './journal-tree.store';
import { SuspectRange, TreeReplay } from './tree-replay';

/** Leaves read per query when the whole journal is replayed. */
const REPLAY_BATCH = 5000;

/** A case's journal on one snapshot, checked against its hash chain and the latest signed checkpoint. */
export interface VerifiedJournal {
  known: KnownCase;
  steps: ProceduralStep[];
  integrity: CaseJournalVerificationDto;
}

/** Where a case's steps stand against the checkpoint. */
interface CaseInclusion {
  checkpoint?: SignedTreeHead;
  proven: number;
  awaiting: number;
  broken?: { problem: CaseJournalProblem; step?: ProceduralStep };
}

const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * What the journal tree proves, over the API: signed heads and keys, inclusion and
 * consistency proofs, a case's journal checked against the latest checkpoint, and the whole
 * tree replayed from the steps against every checkpoint. Checkpoints are read from the file
 * outside the database and trusted only when their signature holds.
 */
@Injectable()
export class JournalProofs {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOURNAL_TRANSPARENCY) private readonly transparency: JournalTransparency,
  ) {}

  treeHead(): JournalTreeHeadDto {
    return { treeHead: this.transparency.checkpoints.latest() ?? null, keys: this.transparency.signer.keyring() };
  }

  /** The case's journal, its chain checked and each sealed step proven to be in the latest checkpoint, on one snapshot. */
  verifiedJournal(caseId: string, principal: Principal): Promise<VerifiedJournal> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const known = await readableCase(manager, caseId, principal);
      const { steps, leaves } = await journalTreeStore.stepsOfCase(manager, caseId);
      const inclusion = await this.caseInclusion(manager, steps, leaves);
      return { known, steps, integrity: combined(verifyChain(known, steps), inclusion) };
    });
  }

  async inclusionProof(caseId: string, stepId: string, principal: Principal, treeSize?: number): Promise<InclusionProofDto> {
    return this.fromTree(async (manager) => {
      await readableCase(manager, caseId, principal);
      const found = await journalTreeStore.stepOfCase(manager, caseId, stepId);
      if (!found) throw new NotFoundError(`step ${stepId} is not a step of case ${caseId}`);
      const size = await this.treeSizeOrLatest(manager, treeSize, 'treeSize');
      const { step, leafIndex } = found;
      if (leafIndex === undefined || leafIndex >= size) {
        throw new ConflictError(`step ${stepId} is not in the journal tree of ${size} leaves yet; it goes into the next checkpoint`);
      }
      const [path, root] = await Promise.all([journalTree.inclusionProof(manager, leafIndex, size), journalTree.rootAt(manager, size)]);
      const treeHead = this.checkpointOfSize(size);
      return {
        stepId,
        caseId,
        sequence: step.sequence,
        leafIndex,
        treeSize: size,
        leafHash: stepLeafHash(step).toString('hex'),
        rootHash: root.toString('hex'),
        path: hex(path),
        ...(treeHead && { treeHead }),
      };
    });
  }

  async consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofDto> {
    return this.fromTree(async (manager) => {
      const to = await this.treeSizeOrLatest(manager, toSize, 'to');
      if (fromSize > to) throw new InvalidInputError('from is after to', [{ field: 'from', reason: `from must be at most to (${to})` }]);
      const [proof, fromRoot, toRoot] = await Promise.all([
        journalTree.consistencyProof(manager, fromSize, to),
        journalTree.rootAt(manager, fromSize),
        journalTree.rootAt(manager, to),
      ]);
      const fromTreeHead = this.checkpointOfSize(fromSize);
      const toTreeHead = this.checkpointOfSize(to);
      return {
        fromSize,
        toSize: to,
        fromRoot: fromRoot.toString('hex'),
        toRoot: toRoot.toString('hex'),
        proof: hex(proof),
        ...(fromTreeHead && { fromTreeHead }),
        ...(toTreeHead && { toTreeHead }),
      };
    });
  }

  /**
   * The case's journal as an `icjims-log-export/1` export (scope partial): every step in the
   * latest checkpoint with its fields and inclusion proof, for `npm run audit:verify`. Steps
   * recorded since go into the next export. Notes the persons the steps name.
   */
  async exportCase(caseId: string, principal: Principal): Promise<string> {
    const treeHead = this.transparency.checkpoints.latest();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await readableCase(manager, caseId, principal);
      if (!treeHead) throw new ConflictError('the journal tree has no signed head yet; the first checkpoint follows the first sealed step');
      const { steps, leaves } = await journalTreeStore.stepsOfCase(manager, caseId);
      const exported = steps
        .map((step) => ({ step, leafIndex: leaves.get(step.id) }))
        .filter((entry): entry is { step: ProceduralStep; leafIndex: number } => entry.leafIndex !== undefined && entry.leafIndex < treeHead.treeSize)
        .sort((a, b) => a.leafIndex - b.leafIndex);
      const proofs = exported.length ? await journalTree.inclusionProofs(manager, exported.map((entry) => entry.leafIndex), treeHead.treeSize) : new Map<number, Buffer[]>();
      noteConsultedPersons(personsNamedBy(exported.map((entry) => entry.step)));
      const options: LogExportOptions = {
        log: JOURNAL_LOG,
        scope: 'partial',
        treeHead,
        keyIds: this.transparency.signer.keyring().map((key) => key.keyId),
        selection: { caseId, steps: steps.length, awaitingCheckpoint: steps.length - exported.length },
      };
      const records = exported.map(({ step, leafIndex }) => ({ leafIndex, fields: stepChainFields(step), proof: proofs.get(leafIndex) }));
      let text = '';
      for await (const line of logExportLines(options, records)) text += line;
      return text;
    });
  }

  /**
   * Recomputes the whole tree from the steps as stored, against every signed checkpoint,
   * and names the first bad position: a step changed since it was signed, a step gone, or a
   * journal shorter than a checkpoint. Nothing in the database is trusted but the steps.
   */
  async verifyJournal(): Promise<JournalVerificationDto> {
    const checkpoints = [...this.transparency.checkpoints.all()].sort((a, b) => a.treeSize - b.treeSize);
    const latestCheckpoint = checkpoints.at(-1);
    const keyring = this.transparency.signer.keyring();
    const forged = checkpoints.find((checkpoint) => checkpoint.log !== JOURNAL_LOG || !verifyTreeHead(checkpoint, keyring));
    if (forged) {
      return { valid: false, leaves: 0, checkpoints: checkpoints.length, verifiedTreeSize: 0, problem: 'checkpoint-signature', badCheckpointTreeSize: forged.treeSize };
    }
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const replay = new TreeReplay(checkpoints);
      for (let from = 0; ; ) {
        const rows = await journalTreeStore.leafRows(manager, from, REPLAY_BATCH);
        const intact = rows.every((row) => replay.feed(row.leafIndex, row.step && stepLeafHash(row.step)));
        if (!intact || rows.length < REPLAY_BATCH) break;
        from = rows[rows.length - 1].leafIndex + 1;
      }
      const verdict = replay.verdict();
      const base = { leaves: verdict.leaves, checkpoints: checkpoints.length, verifiedTreeSize: verdict.verifiedTreeSize, ...(latestCheckpoint && { latestCheckpoint }) };
      if (verdict.valid) return { valid: true, ...base };
      let { problem, firstBadLeafIndex } = verdict as Required<typeof verdict>;
      // A leaf since the last good checkpoint that is not what the next one signed comes before what the replay saw.
      const unprovable = verdict.suspect && (await this.firstUnprovable(manager, verdict.suspect));
      if (unprovable !== undefined && (problem === 'step-changed' || unprovable < firstBadLeafIndex)) {
        problem = 'step-changed';
        firstBadLeafIndex = unprovable;
      }
      const [bad] = (await journalTreeStore.leafRows(manager, firstBadLeafIndex, 1)).filter((row) => row.leafIndex === firstBadLeafIndex && row.step);
      return {
        valid: false,
        ...base,
        problem,
        firstBadLeafIndex,
        ...(bad?.step && { firstBadStepId: bad.step.id, firstBadCaseId: bad.step.caseId, firstBadSequence: bad.step.sequence }),
      };
    });
  }

  /** The first leaf of the range that cannot be proven to be in its checkpoint as recomputed (undefined: all can). */
  private async firstUnprovable(manager: EntityManager, { checkpoint, fromLeafIndex, leafHashes }: SuspectRange): Promise<number | undefined> {
    const indexes = leafHashes.map((_, i) => fromLeafIndex + i);
    const proofs = await this.proofsOrNothing(manager, indexes, checkpoint.treeSize);
    const root = Buffer.from(checkpoint.rootHash, 'hex');
    const bad = indexes.findIndex((index, i) => !proofs?.get(index) || !verifyInclusion(index, checkpoint.treeSize, leafHashes[i], proofs.get(index)!, root));
    return bad === -1 ? undefined : indexes[bad];
  }

  /** Inclusion proofs from the tree in the database; none when its rows are gone (nothing is then provable). */
  private async proofsOrNothing(manager: EntityManager, leafIndexes: number[], treeSize: number): Promise<Map<number, Buffer[]> | undefined> {
    try {
      return await journalTree.inclusionProofs(manager, leafIndexes, treeSize);
    } catch (error) {
      if (error instanceof TreeSizeError || error instanceof MerkleLogDamagedError) return undefined;
      throw error;
    }
  }

  private async caseInclusion(manager: EntityManager, steps: ProceduralStep[], leaves: Map<string, number>): Promise<CaseInclusion> {
    const checkpoint = this.transparency.checkpoints.latest();
    if (checkpoint && !verifyTreeHead(checkpoint, this.transparency.signer.keyring())) return { checkpoint, proven: 0, awaiting: 0, broken: { problem: 'checkpoint-signature' } };
    const size = checkpoint?.treeSize ?? 0;
    const provable = steps.map((step) => leaves.get(step.id)).filter((leaf): leaf is number => leaf !== undefined && leaf < size);
    const proofs = provable.length ? await this.proofsOrNothing(manager, provable, size) : new Map<number, Buffer[]>();
    const root = checkpoint && Buffer.from(checkpoint.rootHash, 'hex');
    const lastSealed = Math.max(0, ...steps.filter((step) => leaves.has(step.id)).map((step) => step.sequence));
    let proven = 0;
    let awaiting = 0;
    for (const step of steps) {
      const leaf = leaves.get(step.id);
      if (leaf === undefined && step.sequence < lastSealed) return { checkpoint, proven, awaiting, broken: { problem: 'not-sealed', step } };
      if (leaf === undefined || leaf >= size) {
        awaiting += 1;
        continue;
      }
      const path = proofs?.get(leaf);
      if (!path || !root || !verifyInclusion(leaf, size, stepLeafHash(step), path, root)) return { checkpoint, proven, awaiting, broken: { problem: 'not-in-checkpoint', step } };
      proven += 1;
    }
    return { checkpoint, proven, awaiting };
  }

  /** A tree size asked for (at most the tree's), or the latest checkpoint's. */
  private async treeSizeOrLatest(manager: EntityManager, asked: number | undefined, field: string): Promise<number> {
    if (asked === undefined) {
      const latest = this.transparency.checkpoints.latest();
      if (!latest) throw new ConflictError('the journal tree has no signed head yet; the first checkpoint follows the first sealed step');
      return latest.treeSize;
    }
    const { treeSize } = await journalTree.head(manager);
    if (asked > treeSize) throw new InvalidInputError(`${field} is beyond the tree`, [{ field, reason: `${field} must be at most the tree size (${treeSize})` }]);
    return asked;
  }

  /**
   * Reads proofs on one snapshot. A tree in the database that lacks the nodes of a size it
   * had signed was tampered with: a 409 that points to the verification, not a 500.
   */
  private async fromTree<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction('REPEATABLE READ', work);
    } catch (error) {
      if (error instanceof TreeSizeError || error instanceof MerkleLogDamagedError) {
        throw new ConflictError('the journal tree in the database lacks nodes it had; see GET /api/v1/journal/verification');
      }
      throw error;
    }
  }

  /** The latest checkpoint when it is of this size (read from the end of the file; older heads are the auditor's to keep). */
  private checkpointOfSize(treeSize: number): SignedTreeHead | undefined {
    const latest = this.transparency.checkpoints.latest();
    return latest?.treeSize === treeSize ? latest : undefined;
  }
}

/** The chain's verdict and the checkpoint's, the earlier break first. */
function combined(chain: ChainVerificationDto, inclusion: CaseInclusion): CaseJournalVerificationDto {
  const tree = { ...(inclusion.checkpoint && { checkpoint: inclusion.checkpoint }), provenInCheckpoint: inclusion.proven, awaitingCheckpoint: inclusion.awaiting };
  const { broken } = inclusion;
  const treeFirst = broken && (!broken.step || chain.valid || broken.step.sequence < (chain.firstBrokenSequence ?? Infinity));
  if (!broken || !treeFirst) return { ...chain, ...(!chain.valid && { problem: 'chain-broken' as const }), ...tree };
  const step = broken.step;
  return {
    ...chain,
    valid: false,
    problem: broken.problem,
    ...(step && { checked: Math.min(chain.checked, step.sequence - 1), firstBrokenSequence: step.sequence, firstBrokenStepId: step.id }),
    ...tree,
  };
}
