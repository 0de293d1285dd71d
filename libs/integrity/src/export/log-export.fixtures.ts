import { Json } from '../hash-chain';
import { consistencyProofOf, inclusionProofOf, rootOf } from '../merkle/merkle';
import { SignedTreeHead } from '../transparency/tree-head';
import { TreeHeadSigner } from '../transparency/tree-head-signer';
import { logExportLines, LogExportScope, recordLeafHash } from './log-export';

/** Exports of a made-up log held in memory, for the verifier's and the command's tests. */

export const LOG = 'audit.access';

export function recordFields(seq: number): { [key: string]: Json } {
  return { seq, action: seq % 3 ? 'read' : 'list', actorSub: `officer-${seq % 5}`, status: 200, purpose: 'investigation', occurredAt: `2026-12-04T10:00:${String(seq % 60).padStart(2, '0')}.000Z` };
}

export class MemoryLog {
  readonly fields: { [key: string]: Json }[];
  readonly leaves: Buffer[];

  constructor(
    readonly signer: TreeHeadSigner,
    size: number,
  ) {
    this.fields = Array.from({ length: size }, (_, i) => recordFields(i + 1));
    this.leaves = this.fields.map(recordLeafHash);
  }

  /** A signed head of the first `size` leaves (all by default). */
  head(size = this.leaves.length): SignedTreeHead {
    return this.signer.sign(LOG, { treeSize: size, rootHash: rootOf(this.leaves.slice(0, size)) });
  }

  async exportLines(options: { scope: LogExportScope; indexes?: number[]; consistencyFrom?: number; treeHead?: SignedTreeHead }): Promise<string[]> {
    const treeHead = options.treeHead ?? this.head();
    const size = treeHead.treeSize;
    const indexes = options.indexes ?? Array.from({ length: size }, (_, i) => i);
    const records = indexes.map((leafIndex) => ({
      leafIndex,
      fields: this.fields[leafIndex],
      storedLeafHash: this.leaves[leafIndex],
      ...(options.scope === 'partial' && { proof: inclusionProofOf(this.leaves, leafIndex, size) }),
    }));
    const from = options.consistencyFrom;
    const consistency = from === undefined
      ? undefined
      : { treeSize: from, rootHash: rootOf(this.leaves.slice(0, from)), proof: consistencyProofOf(this.leaves, from, size) };
    const lines: string[] = [];
    for await (const line of logExportLines({ log: LOG, scope: options.scope, treeHead, keyIds: this.signer.keyring().map((k) => k.keyId), consistency }, records)) {
      lines.push(line.replace(/\n$/, ''));
    }
    return lines;
  }
}

/** Changes one record line of an export (1-based line number) through its parsed JSON. */
export function changeLine(lines: string[], line: number, change: (value: Record<string, unknown>) => void): string[] {
  const copy = [...lines];
  const value = JSON.parse(copy[line - 1]) as Record<string, unknown>;
  change(value);
  copy[line - 1] = JSON.stringify(value);
  return copy;
}
