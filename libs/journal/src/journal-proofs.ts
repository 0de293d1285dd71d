import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@icjims/contracts';
import { Json, LogExportOptions, logExportLines, MerkleLogDamagedError, PublicKeyInfo, SignedTreeHead, TreeSizeError, verifyInclusion, verifyTreeHead } from '@icjims/integrity';
import { TreeTransparency } from '@icjims/platform';
import { ChainVerification, entryLeafHash, verifyStreamChain } from './chain';
import { JournalEntry, JournalHead, JournalSpec } from './journal-spec';
import { journalStore } from './journal-store';
import { SuspectRange, TreeProblem, TreeReplay } from './tree-replay';

/** Leaves read per query when the whole tree is replayed. */
const REPLAY_BATCH = 5000;

export type StreamProblem = 'chain-broken' | 'not-in-checkpoint' | 'not-sealed' | 'checkpoint-signature';

/** A stream checked: its chain, and each sealed entry proven to be in the latest signed checkpoint. */
export interface StreamVerification<E> extends ChainVerification<E> {
  problem?: StreamProblem;
  checkpoint?: SignedTreeHead;
  /** Entries proven to be in the checkpoint as they are stored. */
  provenInCheckpoint: number;
  /** Entries recorded after the checkpoint (in the next one). */
  awaitingCheckpoint: number;
}

export interface InclusionProof<E> {
  entry: E;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  path: string[];
  /** The latest checkpoint, when the proof is against its size. */
  treeHead?: SignedTreeHead;
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
  fromTreeHead?: SignedTreeHead;
  toTreeHead?: SignedTreeHead;
}

/** The whole tree recomputed from the entries against every signed checkpoint. */
export interface TreeVerification<E> {
  valid: boolean;
  leaves: number;
  checkpoints: number;
  verifiedTreeSize: number;
  latestCheckpoint?: SignedTreeHead;
  problem?: TreeProblem | 'checkpoint-signature';
  firstBadLeafIndex?: number;
  /** The entry at the first bad position, when it exists. */
  firstBad?: E;
  badCheckpointTreeSize?: number;
}

/** Where a stream's entries stand against the checkpoint. */
interface StreamInclusion<E> {
  checkpoint?: SignedTreeHead;
  proven: number;
  awaiting: number;
  broken?: { problem: StreamProblem; entry?: E };
}

const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * What a journal's tree proves: signed heads and keys, inclusion and consistency proofs, a
 * stream checked against its chain and the latest signed checkpoint, the whole tree replayed
 * from the entries against every checkpoint, and a stream's export for offline verification.
 * Checkpoints are read from the file outside the database and trusted only when their
 * signature holds. Who may ask is the service's call: it checks before calling.
 */
export class JournalProofs<E extends JournalEntry> {
  constructor(
    private readonly spec: JournalSpec<E>,
    private readonly dataSource: DataSource,
    private readonly transparency: TreeTransparency,
  ) {}

  treeHead(): { treeHead: SignedTreeHead | null; keys: PublicKeyInfo[] } {
    return { treeHead: this.transparency.checkpoints.latest() ?? null, keys: this.transparency.signer.keyring() };
  }

  /** The stream's entries, its chain checked against its head and each sealed entry proven in the latest checkpoint (on the caller's snapshot). */
  async verifyStream(manager: EntityManager, streamId: string, head: JournalHead): Promise<{ entries: E[]; verification: StreamVerification<E> }> {
    const { entries, leaves } = await journalStore.entriesOfStream(manager, this.spec, streamId);
    const inclusion = await this.streamInclusion(manager, entries, leaves);
    return { entries, verification: combined(verifyStreamChain(this.spec, head, entries), inclusion) };
  }

  /** The entry's inclusion proof at a tree size, by default the latest checkpoint's (a 409 while it is not in a tree of that size yet). */
  async inclusionProof(manager: EntityManager, streamId: string, entryId: string, treeSize?: number): Promise<InclusionProof<E>> {
    const { entry: noun, stream } = this.spec.names;
    const found = await journalStore.entryOfStream(manager, this.spec, streamId, entryId);
    if (!found) throw new NotFoundError(`${noun} ${entryId} is not a ${noun} of ${stream} ${streamId}`);
    const size = await this.treeSizeOrLatest(manager, treeSize, 'treeSize');
    const { entry, leafIndex } = found;
    if (leafIndex === undefined || leafIndex >= size) {
      throw new ConflictError(`${noun} ${entryId} is not in the journal tree of ${size} leaves yet; it goes into the next checkpoint`);
    }
    const { path, root } = await this.spec.tree.inclusionProofWithRoot(manager, leafIndex, size);
    const treeHead = this.checkpointOfSize(size);
    return {
      entry,
      leafIndex,
      treeSize: size,
      leafHash: entryLeafHash(this.spec, entry).toString('hex'),
      rootHash: root.toString('hex'),
      path: hex(path),
      ...(treeHead && { treeHead }),
    };
  }

  async consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProof> {
    return this.fromTree(async (manager) => {
      const to = await this.treeSizeOrLatest(manager, toSize, 'to');
      if (fromSize > to) throw new InvalidInputError('from is after to', [{ field: 'from', reason: `from must be at most to (${to})` }]);
      const { tree } = this.spec;
      const { proof, oldRoot: fromRoot, newRoot: toRoot } = await tree.consistencyProofWithRoots(manager, fromSize, to);
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
   * The stream's entries in the latest checkpoint as an `icjims-log-export/1` export (scope
   * partial), each with its fields and inclusion proof, for `npm run audit:verify`; entries
   * recorded since go into the next export. Returns the entries exported too (the caller may
   * have to note whom they name). 409 while no tree head has been signed.
   */
  async exportStream(manager: EntityManager, streamId: string, selection: (entries: E[], exported: E[]) => { [key: string]: Json }): Promise<{ text: string; exported: E[] }> {
    const treeHead = this.transparency.checkpoints.latest();
    if (!treeHead) throw new ConflictError(`the journal tree has no signed head yet; the first checkpoint follows the first sealed ${this.spec.names.entry}`);
    const { entries, leaves } = await journalStore.entriesOfStream(manager, this.spec, streamId);
    const exported = entries
      .map((entry) => ({ entry, leafIndex: leaves.get(entry.id) }))
      .filter((item): item is { entry: E; leafIndex: number } => item.leafIndex !== undefined && item.leafIndex < treeHead.treeSize)
      .sort((a, b) => a.leafIndex - b.leafIndex);
    const proofs = exported.length ? await this.spec.tree.inclusionProofs(manager, exported.map((item) => item.leafIndex), treeHead.treeSize) : new Map<number, Buffer[]>();
    const options: LogExportOptions = {
      log: this.spec.log,
      scope: 'partial',
      treeHead,
      keyIds: this.transparency.signer.keyring().map((key) => key.keyId),
      selection: selection(entries, exported.map((item) => item.entry)),
    };
    const records = exported.map(({ entry, leafIndex }) => ({ leafIndex, fields: this.spec.chainFields(entry), proof: proofs.get(leafIndex) }));
    let text = '';
    for await (const line of logExportLines(options, records)) text += line;
    return { text, exported: exported.map((item) => item.entry) };
  }

  /**
   * Recomputes the whole tree from the entries as stored, against every signed checkpoint,
   * and names the first bad position: an entry changed since it was signed, an entry gone, or
   * a journal shorter than a checkpoint. Nothing in the database is trusted but the entries.
   */
  async verifyTree(): Promise<TreeVerification<E>> {
    const checkpoints = [...this.transparency.checkpoints.all()].sort((a, b) => a.treeSize - b.treeSize);
    const latestCheckpoint = checkpoints.at(-1);
    const keyring = this.transparency.signer.keyring();
    const forged = checkpoints.find((checkpoint) => checkpoint.log !== this.spec.log || !verifyTreeHead(checkpoint, keyring));
    if (forged) {
      return { valid: false, leaves: 0, checkpoints: checkpoints.length, verifiedTreeSize: 0, problem: 'checkpoint-signature', badCheckpointTreeSize: forged.treeSize };
    }
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const replay = new TreeReplay(checkpoints);
      for (let from = 0; ; ) {
        const rows = await journalStore.leafRows(manager, this.spec, from, REPLAY_BATCH);
        const intact = rows.every((row) => replay.feed(row.leafIndex, row.entry && entryLeafHash(this.spec, row.entry)));
        if (!intact || rows.length < REPLAY_BATCH) break;
        from = rows[rows.length - 1].leafIndex + 1;
      }
      const verdict = replay.verdict();
      const base = { leaves: verdict.leaves, checkpoints: checkpoints.length, verifiedTreeSize: verdict.verifiedTreeSize, ...(latestCheckpoint && { latestCheckpoint }) };
      if (verdict.valid) return { valid: true, ...base };
      let { problem, firstBadLeafIndex } = verdict as Required<typeof verdict>;
      // A leaf since the last good checkpoint that is not what the next one signed comes before what the replay saw.
      const unprovable = verdict.suspect && (await this.firstUnprovable(manager, verdict.suspect));
      if (unprovable !== undefined && (problem === 'entry-changed' || unprovable < firstBadLeafIndex)) {
        problem = 'entry-changed';
        firstBadLeafIndex = unprovable;
      }
      const [bad] = (await journalStore.leafRows(manager, this.spec, firstBadLeafIndex, 1)).filter((row) => row.leafIndex === firstBadLeafIndex && row.entry);
      return { valid: false, ...base, problem, firstBadLeafIndex, ...(bad?.entry && { firstBad: bad.entry }) };
    });
  }

  /**
   * Reads proofs on one snapshot. A tree in the database that lacks the nodes of a size it
   * had signed was tampered with: a 409 that points to the verification, not a 500.
   */
  async fromTree<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction('REPEATABLE READ', work);
    } catch (error) {
      if (error instanceof TreeSizeError || error instanceof MerkleLogDamagedError) {
        throw new ConflictError('the journal tree in the database lacks nodes it had; see its verification');
      }
      throw error;
    }
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
      return await this.spec.tree.inclusionProofs(manager, leafIndexes, treeSize);
    } catch (error) {
      if (error instanceof TreeSizeError || error instanceof MerkleLogDamagedError) return undefined;
      throw error;
    }
  }

  private async streamInclusion(manager: EntityManager, entries: E[], leaves: Map<string, number>): Promise<StreamInclusion<E>> {
    const checkpoint = this.transparency.checkpoints.latest();
    if (checkpoint && !verifyTreeHead(checkpoint, this.transparency.signer.keyring())) return { checkpoint, proven: 0, awaiting: 0, broken: { problem: 'checkpoint-signature' } };
    const size = checkpoint?.treeSize ?? 0;
    const provable = entries.map((entry) => leaves.get(entry.id)).filter((leaf): leaf is number => leaf !== undefined && leaf < size);
    const proofs = provable.length ? await this.proofsOrNothing(manager, provable, size) : new Map<number, Buffer[]>();
    const root = checkpoint && Buffer.from(checkpoint.rootHash, 'hex');
    const lastSealed = Math.max(0, ...entries.filter((entry) => leaves.has(entry.id)).map((entry) => entry.sequence));
    let proven = 0;
    let awaiting = 0;
    for (const entry of entries) {
      const leaf = leaves.get(entry.id);
      if (leaf === undefined && entry.sequence < lastSealed) return { checkpoint, proven, awaiting, broken: { problem: 'not-sealed', entry } };
      if (leaf === undefined || leaf >= size) {
        awaiting += 1;
        continue;
      }
      const path = proofs?.get(leaf);
      if (!path || !root || !verifyInclusion(leaf, size, entryLeafHash(this.spec, entry), path, root)) return { checkpoint, proven, awaiting, broken: { problem: 'not-in-checkpoint', entry } };
      proven += 1;
    }
    return { checkpoint, proven, awaiting };
  }

  /** A tree size asked for (at most the tree's), or the latest checkpoint's. */
  private async treeSizeOrLatest(manager: EntityManager, asked: number | undefined, field: string): Promise<number> {
    if (asked === undefined) {
      const latest = this.transparency.checkpoints.latest();
      if (!latest) throw new ConflictError(`the journal tree has no signed head yet; the first checkpoint follows the first sealed ${this.spec.names.entry}`);
      return latest.treeSize;
    }
    const { treeSize } = await this.spec.tree.head(manager);
    if (asked > treeSize) throw new InvalidInputError(`${field} is beyond the tree`, [{ field, reason: `${field} must be at most the tree size (${treeSize})` }]);
    return asked;
  }

  /** The latest checkpoint when it is of this size (read from the end of the file; older heads are the auditor's to keep). */
  private checkpointOfSize(treeSize: number): SignedTreeHead | undefined {
    const latest = this.transparency.checkpoints.latest();
    return latest?.treeSize === treeSize ? latest : undefined;
  }
}

/** The chain's verdict and the checkpoint's, the earlier break first. */
function combined<E extends JournalEntry>(chain: ChainVerification<E>, inclusion: StreamInclusion<E>): StreamVerification<E> {
  const tree = { ...(inclusion.checkpoint && { checkpoint: inclusion.checkpoint }), provenInCheckpoint: inclusion.proven, awaitingCheckpoint: inclusion.awaiting };
  const { broken } = inclusion;
  const treeFirst = broken && (!broken.entry || chain.valid || broken.entry.sequence < (chain.firstBrokenSequence ?? Infinity));
  if (!broken || !treeFirst) return { ...chain, ...(!chain.valid && { problem: 'chain-broken' as const }), ...tree };
  const entry = broken.entry;
  return {
    ...chain,
    valid: false,
    problem: broken.problem,
    ...(entry && { checked: Math.min(chain.checked, entry.sequence - 1), firstBrokenSequence: entry.sequence, firstBroken: entry }),
    ...tree,
  };
}
