import { leafHash, rootOf } from '@icjims/integrity';
import { CheckpointRoot, TreeReplay } from './tree-replay';

const leaves = Array.from({ length: 10 }, (_, i) => leafHash(`entry-${i}`));
const checkpointAt = (treeSize: number): CheckpointRoot => ({ treeSize, rootHash: rootOf(leaves.slice(0, treeSize)).toString('hex') });

function replay(checkpoints: CheckpointRoot[], fed: [number, Buffer | undefined][]) {
  const replay = new TreeReplay(checkpoints);
  for (const [index, hash] of fed) if (!replay.feed(index, hash)) break;
  return replay.verdict();
}

const intact = (count = leaves.length): [number, Buffer | undefined][] => leaves.slice(0, count).map((hash, index) => [index, hash]);

describe('TreeReplay', () => {
  it('accepts leaves that add up to every checkpoint, and leaves after the last one', () => {
    expect(replay([checkpointAt(3), checkpointAt(7)], intact())).toEqual({ valid: true, leaves: 10, verifiedTreeSize: 7 });
  });

  it('accepts an empty journal with no checkpoint yet', () => {
    expect(replay([], [])).toEqual({ valid: true, leaves: 0, verifiedTreeSize: 0 });
  });

  it('takes a checkpoint repeated at the same size once', () => {
    expect(replay([checkpointAt(3), checkpointAt(3), checkpointAt(7)], intact())).toMatchObject({ valid: true, verifiedTreeSize: 7 });
  });

  it('finds a changed leaf at the checkpoint it breaks, with the leaves since the last good one to prove', () => {
    const fed = intact();
    fed[5] = [5, leafHash('rewritten')];
    const verdict = replay([checkpointAt(3), checkpointAt(7), checkpointAt(9)], fed);
    expect(verdict).toMatchObject({ valid: false, problem: 'entry-changed', firstBadLeafIndex: 3, verifiedTreeSize: 3, leaves: 7 });
    expect(verdict.suspect).toEqual({ checkpoint: checkpointAt(7), fromLeafIndex: 3, leafHashes: [leaves[3], leaves[4], leafHash('rewritten'), leaves[6]] });
  });

  it('finds a leaf whose entry is gone', () => {
    const fed = intact();
    fed[4] = [4, undefined];
    expect(replay([checkpointAt(8)], fed)).toMatchObject({ valid: false, problem: 'entry-missing', firstBadLeafIndex: 4, leaves: 4, suspect: { fromLeafIndex: 0 } });
  });

  it('finds a leaf index skipped', () => {
    const fed = intact().filter(([index]) => index !== 6);
    expect(replay([checkpointAt(2), checkpointAt(8)], fed)).toMatchObject({ valid: false, problem: 'entry-missing', firstBadLeafIndex: 6, verifiedTreeSize: 2 });
  });

  it('finds a journal that ends before the latest checkpoint', () => {
    const verdict = replay([checkpointAt(4), checkpointAt(9)], intact(6));
    expect(verdict).toMatchObject({ valid: false, problem: 'journal-truncated', firstBadLeafIndex: 6, verifiedTreeSize: 4, leaves: 6 });
    expect(verdict.suspect).toEqual({ checkpoint: checkpointAt(9), fromLeafIndex: 4, leafHashes: leaves.slice(4, 6) });
  });

  it('has nothing to prove when the journal ends exactly at a good checkpoint', () => {
    const verdict = replay([checkpointAt(4), checkpointAt(9)], intact(4));
    expect(verdict).toMatchObject({ valid: false, problem: 'journal-truncated', firstBadLeafIndex: 4 });
    expect(verdict.suspect).toBeUndefined();
  });
});
