import { RootBuilder } from '@icjims/integrity';

/** A signed head as far as the replay needs it: how many leaves, and their root (hex). */
export interface CheckpointRoot {
  treeSize: number;
  rootHash: string;
}

export type TreeProblem = 'entry-changed' | 'entry-missing' | 'journal-truncated';

/** Leaves that do not add up to a checkpoint's root: one of them is not what was signed. */
export interface SuspectRange {
  /** The first checkpoint after `fromLeafIndex`, against which each leaf can be proven or not. */
  checkpoint: CheckpointRoot;
  fromLeafIndex: number;
  /** The recomputed leaf hashes from `fromLeafIndex` on, as far as they were read. */
  leafHashes: Buffer[];
}

export interface TreeReplayVerdict {
  valid: boolean;
  /** Leaves read, in order, up to the first one missing. */
  leaves: number;
  /** The size of the last checkpoint whose root the recomputed leaves matched. */
  verifiedTreeSize: number;
  problem?: TreeProblem;
  /** Where the problem shows: the leaf missing, where the journal ends too early, or the first leaf of `suspect`. */
  firstBadLeafIndex?: number;
  /** Leaves since the last matching checkpoint that may hide an earlier change: prove each against `suspect.checkpoint`. */
  suspect?: SuspectRange;
}

/**
 * Replays a journal's tree from the entries as they are stored, leaf by leaf in leaf order,
 * against the signed checkpoints (sorted by size): at each checkpoint's size the recomputed
 * root must be the signed one. A leaf index skipped or a leaf whose entry is gone is a
 * missing entry; fewer leaves than the latest checkpoint is a truncated journal. Pure: the
 * caller reads the leaves and settles a suspect range with inclusion proofs.
 */
export class TreeReplay {
  private readonly builder = new RootBuilder();
  private next = 0;
  private verifiedTreeSize = 0;
  private pending: Buffer[] = [];
  private broken: Pick<TreeReplayVerdict, 'problem' | 'firstBadLeafIndex'> | undefined;

  constructor(private readonly checkpoints: readonly CheckpointRoot[]) {}

  /** Feeds leaf `leafIndex`, with the hash of its entry, or undefined when the entry is gone. False once broken. */
  feed(leafIndex: number, leafHash: Buffer | undefined): boolean {
    if (this.broken) return false;
    if (leafIndex !== this.builder.size || !leafHash) {
      this.broken = { problem: 'entry-missing', firstBadLeafIndex: this.builder.size };
      return false;
    }
    this.builder.push(leafHash);
    this.pending.push(leafHash);
    while (this.next < this.checkpoints.length && this.checkpoints[this.next].treeSize <= this.builder.size) {
      const checkpoint = this.checkpoints[this.next];
      if (checkpoint.treeSize < this.builder.size) {
        this.next += 1; // a repeated checkpoint of a size already matched
        continue;
      }
      if (this.builder.root().toString('hex') !== checkpoint.rootHash) {
        this.broken = { problem: 'entry-changed', firstBadLeafIndex: this.verifiedTreeSize };
        return false;
      }
      this.verifiedTreeSize = checkpoint.treeSize;
      this.pending = [];
      this.next += 1;
    }
    return true;
  }

  /** The verdict once every leaf was fed (or the replay broke). */
  verdict(): TreeReplayVerdict {
    const latest = this.checkpoints.at(-1);
    const broken = this.broken ?? (latest && latest.treeSize > this.builder.size ? { problem: 'journal-truncated' as const, firstBadLeafIndex: this.builder.size } : undefined);
    const base = { leaves: this.builder.size, verifiedTreeSize: this.verifiedTreeSize };
    if (!broken) return { valid: true, ...base };
    const checkpoint = this.checkpoints.find((candidate) => candidate.treeSize > this.verifiedTreeSize);
    const suspect = checkpoint && this.pending.length ? { checkpoint, fromLeafIndex: this.verifiedTreeSize, leafHashes: this.pending } : undefined;
    return { valid: false, ...base, ...broken, ...(suspect && { suspect }) };
  }
}
