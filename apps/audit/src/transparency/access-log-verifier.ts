import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { combineSubtrees, GENESIS_HASH, RootBuilder, SignedTreeHead, treeHeadProblem, TreeSizeError, verifyInclusion } from '@icjims/integrity';
import { ACCESS_LOG_NAME, accessTree, latestPrune, readHead, recomputeEntries, treeSubtrees } from '../access-log/access-log.store';
import { EntryHashingWorker } from '../access-log/entry-hashing-worker';
import { inlineHasher, RecomputedEntry } from '../access-log/entry-recompute';
import { ACCESS_TRANSPARENCY, AccessTransparency } from './access-transparency';

/** Entries streamed per COPY: large, and a missed checkpoint stops the replay at the end of one. */
const VERIFY_BATCH = 1_000_000;
/** Leaves whose inclusion is proven per query when looking for the first rewritten one. */
const PROVE_BATCH = 2_000;

export type LogProblem = 'chain-broken' | 'entry-changed' | 'log-truncated' | 'head-mismatch' | 'tree-mismatch' | 'checkpoint-invalid';

export interface LogVerdict {
  valid: boolean;
  /** Entries found intact, in order, before the first problem (all of them when valid). */
  checked: number;
  /** The first position (seq) the log cannot vouch for; absent when valid or when no position is to blame. */
  firstBrokenSeq?: number;
  problem?: LogProblem;
  /** What is wrong, in a sentence. */
  detail?: string;
  /** Entries read (the pruned ones are not there to read). */
  entries: number;
  /** When the oldest entries were pruned after their retention period: the last one pruned, under a signed checkpoint of that size. */
  prunedThroughSeq?: number;
  /** Checkpoints (signed tree heads kept outside the database) that were compared. */
  checkpoints: number;
  /** The largest checkpoint size whose signed root the entries, recomputed, give. */
  verifiedTreeSize: number;
}

interface Finding {
  seq: number | undefined;
  problem: LogProblem;
  detail: string;
}

/**
 * Verifies the access log against itself and against the checkpoints outside the database,
 * on one consistent snapshot (appends may go on meanwhile; they are not part of it):
 *
 * - the chain: every entry hashes to its stored hash and links to the one before, gaplessly,
 *   up to the stored head;
 * - the tree: the Merkle tree recomputed from the entries' fields alone has, at the size of
 *   every signed checkpoint, the signed root — so a history rewritten with every chain hash,
 *   the head and the stored tree recomputed is caught, and so is a log cut short of a
 *   checkpoint; entries after the last checkpoint must extend it (the chain and the head);
 * - the stored tree (which the proofs are read from) has the recomputed root.
 *
 * Where the recomputed tree misses a checkpoint, the entries since the last one it matched
 * are proven one by one against the signed root with the stored tree's inclusion paths: the
 * first that fails is named (the checkpoint before it, when the stored tree was rewritten too).
 * PostgreSQL streams the stored columns (binary COPY, access-log.store recomputeEntries) while
 * this process serialises each entry and builds the tree, and a worker thread hashes the
 * entries (entry-hashing-worker.ts): the three share the work on two cores.
 */
@Injectable()
export class AccessLogVerifier {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCESS_TRANSPARENCY) private readonly transparency: AccessTransparency,
  ) {}

  async verify(): Promise<LogVerdict> {
    const keyring = this.transparency.signer.keyring();
    const checkpoints = this.transparency.checkpoints.all();
    for (const [i, sth] of checkpoints.entries()) {
      const problem = sth.log !== ACCESS_LOG_NAME ? `it is a head of log ${sth.log}` : treeHeadProblem(sth, keyring);
      if (problem) {
        const detail = `checkpoint ${i + 1} of ${this.transparency.checkpoints.path} (tree size ${sth.treeSize}) is not to be trusted: ${problem}`;
        return { valid: false, checked: 0, problem: 'checkpoint-invalid', detail, entries: 0, checkpoints: checkpoints.length, verifiedTreeSize: 0 };
      }
    }
    const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ'); // one snapshot: appends go on meanwhile, outside it
      return await this.replay(runner, sorted);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async replay(runner: QueryRunner, checkpoints: SignedTreeHead[]): Promise<LogVerdict> {
    const { manager } = runner;
    const head = await readHead(manager);
    const start = await this.start(manager, checkpoints);
    if ('problem' in start) return { valid: false, checked: 0, firstBrokenSeq: 1, ...start, entries: 0, checkpoints: checkpoints.length, verifiedTreeSize: 0 };
    const pruned = start.builder.size;

    const findings: Finding[] = [];
    const builder = start.builder;
    let next = 0;
    let verifiedTreeSize = pruned;
    let missed: SignedTreeHead | undefined;
    let chainBroken = false;
    let lastSeq = pruned;
    let lastHash = start.lastHash;
    const replayEntry = (entry: RecomputedEntry) => {
      if (missed) return; // the rest of this COPY: not needed
      if (!chainBroken && (entry.seq !== lastSeq + 1 || entry.prevHash !== lastHash || !entry.intact)) {
        chainBroken = true;
        const broken = Math.min(entry.seq, lastSeq + 1);
        findings.push({ seq: broken, problem: 'chain-broken', detail: `entry ${broken} is missing, does not hash to its stored hash, or does not link to the entry before it` });
      }
      lastSeq = entry.seq;
      lastHash = entry.hash;
      builder.push(entry.leaf);
      for (; next < checkpoints.length && checkpoints[next].treeSize <= builder.size; next++) {
        if (checkpoints[next].treeSize < builder.size) continue; // a size already compared
        if (builder.root().toString('hex') !== checkpoints[next].rootHash) {
          missed = checkpoints[next];
          return;
        }
        verifiedTreeSize = builder.size;
      }
    };
    // Runs of entries after the last one read (not seq ranges, which a stray huge seq would make endless).
    const hashing = new EntryHashingWorker();
    try {
      for (let after = pruned, read = VERIFY_BATCH; read === VERIFY_BATCH && !missed; ) {
        read = 0;
        const hasher = hashing.hasher((entry) => {
          read += 1;
          after = entry.seq;
          replayEntry(entry);
        });
        await recomputeEntries(runner, { after, limit: VERIFY_BATCH }, hasher);
      }
    } finally {
      await hashing.close();
    }
    const entries = builder.size; // positions, pruned ones included

    if (missed) {
      const seq = await this.firstUnproven(runner, verifiedTreeSize, missed);
      findings.push({
        seq,
        problem: 'entry-changed',
        detail:
          `the entries do not give the root signed at tree size ${missed.treeSize} (${missed.timestamp}): ` +
          `entry ${seq} is not the one signed for, or is missing (the entries up to ${verifiedTreeSize} are as signed)`,
      });
    } else {
      const latest = checkpoints.at(-1);
      if (latest && latest.treeSize > entries) {
        findings.push({ seq: entries + 1, problem: 'log-truncated', detail: `the log ends at entry ${entries}, but a checkpoint signed at ${latest.timestamp} has ${latest.treeSize}` });
      }
      if (head.lastSeq !== lastSeq || head.lastHash !== lastHash) {
        findings.push({ seq: Math.min(head.lastSeq, lastSeq) + 1, problem: 'head-mismatch', detail: `the stored head (${head.lastSeq}) is not the newest entry (${lastSeq})` });
      }
      const stored = await accessTree.head(manager);
      if (stored.treeSize > entries) {
        findings.push({ seq: entries + 1, problem: 'log-truncated', detail: `the log ends at entry ${entries}, but its tree has ${stored.treeSize} leaves` });
      } else if (stored.treeSize === entries && !stored.rootHash.equals(builder.root())) {
        findings.push({ seq: undefined, problem: 'tree-mismatch', detail: `the stored tree's root is not the one the entries give: its proofs are not to be trusted` });
      }
    }

    const base = { entries: entries - pruned, checkpoints: checkpoints.length, verifiedTreeSize, ...(pruned && { prunedThroughSeq: pruned }) };
    if (!findings.length) return { valid: true, checked: entries, ...base };
    const first = findings.reduce((a, b) => ((b.seq ?? Infinity) < (a.seq ?? Infinity) ? b : a));
    return {
      valid: false,
      checked: first.seq === undefined ? entries : first.seq - 1,
      ...(first.seq !== undefined && { firstBrokenSeq: first.seq }),
      problem: first.problem,
      detail: first.detail,
      ...base,
    };
  }

  /**
   * Where the replay starts: at the beginning, or — when the oldest entries were pruned
   * (migration 1763900000511) — from the tree the pruned prefix left behind, which must give
   * the root of the signed checkpoint the pruning went up to.
   */
  private async start(manager: EntityManager, checkpoints: SignedTreeHead[]): Promise<{ builder: RootBuilder; lastHash: string } | { problem: LogProblem; detail: string }> {
    const prune = await latestPrune(manager);
    if (!prune) return { builder: new RootBuilder(), lastHash: GENESIS_HASH };
    const unproven = (detail: string) => ({ problem: 'log-truncated' as const, detail: `entries 1 to ${prune.throughSeq} were pruned, but ${detail}` });
    const checkpoint = checkpoints.find((sth) => sth.treeSize === prune.throughSeq && sth.rootHash === prune.rootHash);
    if (!checkpoint) return unproven(`no signed checkpoint of that size has the root recorded for the pruning`);
    const subtrees = await treeSubtrees(manager, prune.throughSeq);
    if (!subtrees || combineSubtrees(subtrees).toString('hex') !== checkpoint.rootHash) return unproven(`the tree they left behind does not give the root signed at ${checkpoint.timestamp}`);
    return { builder: RootBuilder.resume(prune.throughSeq, subtrees), lastHash: prune.lastHash };
  }

  /**
   * The first entry after `fromSize` whose recomputed leaf cannot be proven, with the stored
   * tree's inclusion path, against the root signed in `checkpoint`. If the stored tree was
   * rewritten along with the entries, the first entry after `fromSize` fails: that is as
   * close as anything outside the database lets us say.
   */
  private async firstUnproven(runner: QueryRunner, fromSize: number, checkpoint: SignedTreeHead): Promise<number> {
    const root = Buffer.from(checkpoint.rootHash, 'hex');
    let position = fromSize;
    let lastSeq = fromSize;
    try {
      while (position < checkpoint.treeSize) {
        const run: RecomputedEntry[] = [];
        await recomputeEntries(runner, { after: lastSeq, limit: Math.min(PROVE_BATCH, checkpoint.treeSize - position) }, inlineHasher((entry) => run.push(entry)));
        if (!run.length) return position + 1;
        const indexes = run.map((_, k) => position + k);
        const paths = await accessTree.inclusionProofs(runner.manager, indexes, checkpoint.treeSize);
        for (const [k, index] of indexes.entries()) {
          if (!verifyInclusion(index, checkpoint.treeSize, run[k].leaf, paths.get(index)!, root)) return index + 1;
        }
        position += run.length;
        lastSeq = run[run.length - 1].seq;
      }
    } catch (error) {
      if (!(error instanceof TreeSizeError)) throw error;
    }
    return fromSize + 1;
  }
}
