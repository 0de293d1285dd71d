import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  consistencyProofOf, EMPTY_ROOT, inclusionProofOf, leafHash, nodeHash, RootBuilder, rootOf, subtreesOf, verifyConsistency, verifyInclusion,
} from './merkle';

/**
 * An independent implementation over leaf data, written from the recursive definitions of RFC 9162 §2.1
 * (MTH, PATH, PROOF/SUBPROOF) and nothing else: slow, obviously right, the reference.
 */
const reference = {
  sha256: (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest(),
  k(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  },
  mth(d: Buffer[]): Buffer {
    if (d.length === 0) return reference.sha256();
    if (d.length === 1) return reference.sha256(Buffer.of(0), d[0]);
    const k = reference.k(d.length);
    return reference.sha256(Buffer.of(1), reference.mth(d.slice(0, k)), reference.mth(d.slice(k)));
  },
  path(m: number, d: Buffer[]): Buffer[] {
    if (d.length <= 1) return [];
    const k = reference.k(d.length);
    if (m < k) return [...reference.path(m, d.slice(0, k)), reference.mth(d.slice(k))];
    return [...reference.path(m - k, d.slice(k)), reference.mth(d.slice(0, k))];
  },
  subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
    if (m === d.length) return b ? [] : [reference.mth(d)];
    const k = reference.k(d.length);
    if (m <= k) return [...reference.subproof(m, d.slice(0, k), b), reference.mth(d.slice(k))];
    return [...reference.subproof(m - k, d.slice(k), false), reference.mth(d.slice(0, k))];
  },
  proof(m: number, d: Buffer[]): Buffer[] {
    return m === 0 ? [] : reference.subproof(m, d, true);
  },
};

/** Leaf data for a tree of n leaves: distinct, of varying length. */
function leafData(n: number, salt = 'leaf'): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`${salt}-${i}-${'x'.repeat(i % 7)}`));
}

const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

/** A copy of `hash` with one bit flipped. */
function flipped(hash: Buffer, byte: number, bit = 0): Buffer {
  const copy = Buffer.from(hash);
  copy[byte % copy.length] ^= 1 << bit;
  return copy;
}

describe('the published RFC 6962 test vectors (as used by the Certificate Transparency implementations)', () => {
  const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
  const leaves = data.map((d) => leafHash(d));
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('gives the empty tree the hash of no bytes', () => {
    expect(rootOf([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_ROOT.equals(rootOf([]))).toBe(true);
  });

  it.each(roots.map((root, i) => [i + 1, root]))('gives the tree of %i leaves its root', (size, root) => {
    expect(rootOf(leaves.slice(0, size)).toString('hex')).toBe(root);
  });

  it.each<[number, number, string[]]>([
    [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  ])('proves leaf %i in the tree of %i leaves with the published path', (index, size, path) => {
    expect(hex(inclusionProofOf(leaves, index, size))).toEqual(path);
    expect(verifyInclusion(index, size, leaves[index], path.map((h) => Buffer.from(h, 'hex')), Buffer.from(roots[size - 1], 'hex'))).toBe(true);
  });

  it.each<[number, number, string[]]>([
    [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  ])('proves the tree of %i leaves consistent with the tree of %i with the published proof', (oldSize, newSize, proof) => {
    expect(hex(consistencyProofOf(leaves, oldSize, newSize))).toEqual(proof);
    const oldRoot = Buffer.from(roots[oldSize - 1], 'hex');
    const newRoot = Buffer.from(roots[newSize - 1], 'hex');
    expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.map((h) => Buffer.from(h, 'hex')))).toBe(true);
  });
});

describe('leafHash and nodeHash', () => {
  it('prefix leaves with 0x00 and nodes with 0x01, so a node cannot pass for a leaf', () => {
    const a = leafHash('a');
    const b = leafHash('b');
    expect(a.equals(reference.sha256(Buffer.of(0), Buffer.from('a')))).toBe(true);
    expect(nodeHash(a, b).equals(reference.sha256(Buffer.of(1), a, b))).toBe(true);
    expect(leafHash(Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
  });

  it('take a string as its UTF-8 bytes', () => {
    expect(leafHash('Ош').equals(leafHash(Buffer.from('Ош', 'utf8')))).toBe(true);
  });
});

describe('every tree of 1 to 64 leaves, against the reference', () => {
  const sizes = Array.from({ length: 64 }, (_, i) => i + 1);

  it.each(sizes)('size %i: root, every inclusion proof and every consistency proof match and verify', (size) => {
    const data = leafData(size);
    const leaves = data.map((d) => leafHash(d));
    const roots = Array.from({ length: size + 1 }, (_, n) => reference.mth(data.slice(0, n)));
    const root = roots[size];
    expect(rootOf(leaves).equals(root)).toBe(true);
    const builder = new RootBuilder();
    leaves.forEach((leaf, i) => {
      builder.push(leaf);
      expect(builder.root().equals(roots[i + 1])).toBe(true);
    });

    for (let index = 0; index < size; index++) {
      const path = inclusionProofOf(leaves, index);
      expect(hex(path)).toEqual(hex(reference.path(index, data)));
      expect(verifyInclusion(index, size, leaves[index], path, root)).toBe(true);
      // Wrong leaf, wrong index, wrong root. (A wrong size alone may verify: the signed root binds the size.)
      expect(verifyInclusion(index, size, flipped(leaves[index], index), path, root)).toBe(false);
      if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaves[index], path, root)).toBe(false);
      expect(verifyInclusion(index, size, leaves[index], path, flipped(root, 0))).toBe(false);
      // Any changed byte of the path, and a missing or extra element.
      path.forEach((_, at) => {
        const changed = path.map((h, j) => (j === at ? flipped(h, index + j, j % 8) : h));
        expect(verifyInclusion(index, size, leaves[index], changed, root)).toBe(false);
      });
      if (path.length) expect(verifyInclusion(index, size, leaves[index], path.slice(0, -1), root)).toBe(false);
      expect(verifyInclusion(index, size, leaves[index], [...path, root], root)).toBe(false);
    }

    for (let oldSize = 0; oldSize <= size; oldSize++) {
      const proof = consistencyProofOf(leaves, oldSize, size);
      expect(hex(proof)).toEqual(hex(reference.proof(oldSize, data)));
      expect(verifyConsistency(oldSize, size, roots[oldSize], root, proof)).toBe(true);
      if (oldSize > 0) {
        expect(verifyConsistency(oldSize, size, flipped(roots[oldSize], oldSize), root, proof)).toBe(false);
        expect(verifyConsistency(oldSize, size, roots[oldSize], flipped(root, oldSize), proof)).toBe(false);
      }
      proof.forEach((_, at) => {
        const changed = proof.map((h, j) => (j === at ? flipped(h, oldSize + j, at % 8) : h));
        expect(verifyConsistency(oldSize, size, roots[oldSize], root, changed)).toBe(false);
      });
      if (proof.length) expect(verifyConsistency(oldSize, size, roots[oldSize], root, proof.slice(1))).toBe(false);
    }
  });
});

describe('random larger trees, against the reference (property)', () => {
  // One tree of up to 5,000 leaves per run, probed at random leaves and sizes.
  const sizeAndProbe = fc.integer({ min: 65, max: 5000 }).chain((size) =>
    fc.record({
      size: fc.constant(size),
      index: fc.integer({ min: 0, max: size - 1 }),
      oldSize: fc.integer({ min: 1, max: size }),
      flipByte: fc.integer({ min: 0, max: 31 }),
      flipBit: fc.integer({ min: 0, max: 7 }),
      flipAt: fc.nat(),
    }),
  );

  it('every inclusion proof verifies and none survives a changed byte', () => {
    fc.assert(
      fc.property(sizeAndProbe, ({ size, index, flipByte, flipBit, flipAt }) => {
        const leaves = leafData(size, `t${size}`).map((d) => leafHash(d));
        const root = rootOf(leaves);
        const path = inclusionProofOf(leaves, index);
        if (!verifyInclusion(index, size, leaves[index], path, root)) return false;
        if (verifyInclusion(index, size, flipped(leaves[index], flipByte, flipBit), path, root)) return false;
        const at = flipAt % path.length;
        const changed = path.map((h, j) => (j === at ? flipped(h, flipByte, flipBit) : h));
        return !verifyInclusion(index, size, leaves[index], changed, root);
      }),
      { numRuns: 40 },
    );
  });

  it('every consistency proof verifies, matches the reference and none survives a changed byte', () => {
    fc.assert(
      fc.property(sizeAndProbe, ({ size, oldSize, flipByte, flipBit, flipAt }) => {
        const data = leafData(size, `c${size}`);
        const leaves = data.map((d) => leafHash(d));
        const oldRoot = rootOf(leaves.slice(0, oldSize));
        const root = rootOf(leaves);
        const proof = consistencyProofOf(leaves, oldSize);
        if (hex(proof).join() !== hex(reference.proof(oldSize, data)).join()) return false;
        if (!verifyConsistency(oldSize, size, oldRoot, root, proof)) return false;
        if (!proof.length) return oldSize === size;
        const at = flipAt % proof.length;
        const changed = proof.map((h, j) => (j === at ? flipped(h, flipByte, flipBit) : h));
        return !verifyConsistency(oldSize, size, oldRoot, root, changed);
      }),
      { numRuns: 40 },
    );
  });
});

describe('verification refuses what is not a proof', () => {
  const leaves = leafData(5).map((d) => leafHash(d));
  const root = rootOf(leaves);

  it('an index outside the tree, a negative or fractional size, or hashes of the wrong length', () => {
    const path = inclusionProofOf(leaves, 1);
    expect(verifyInclusion(5, 5, leaves[1], path, root)).toBe(false);
    expect(verifyInclusion(-1, 5, leaves[1], path, root)).toBe(false);
    expect(verifyInclusion(1, 5.5, leaves[1], path, root)).toBe(false);
    expect(verifyInclusion(1, 5, leaves[1].subarray(1), path, root)).toBe(false);
    expect(verifyInclusion(1, 5, leaves[1], [path[0].subarray(0, 31), ...path.slice(1)], root)).toBe(false);
  });

  it('a consistency proof for a shrinking tree, or a non-empty one for an empty or the same tree', () => {
    expect(verifyConsistency(5, 4, root, rootOf(leaves.slice(0, 4)), [])).toBe(false);
    expect(verifyConsistency(5, 5, root, root, [root])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, root, [root])).toBe(false);
    expect(verifyConsistency(0, 5, root, root, [])).toBe(false);
    expect(verifyConsistency(3, 5, rootOf(leaves.slice(0, 3)), root, [])).toBe(false);
  });
});

describe('subtreesOf', () => {
  it('splits a range into the aligned complete subtrees a log stores, largest first', () => {
    expect(subtreesOf({ start: 0, end: 13 })).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(subtreesOf({ start: 8, end: 11 })).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
  });

  it('refuses a range that is not aligned', () => {
    expect(() => subtreesOf({ start: 1, end: 3 })).toThrow(RangeError);
  });
});
