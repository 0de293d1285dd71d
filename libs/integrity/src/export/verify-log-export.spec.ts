import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { rootOf } from '../merkle/merkle';
import { SignedTreeHead, treeHeadSigningBytes } from '../transparency/tree-head';
import { TreeHeadSigner } from '../transparency/tree-head-signer';
import { changeLine, LOG, MemoryLog } from './log-export.fixtures';
import { recordLeafHash, writeLogExport } from './log-export';
import { ExportVerdict, verifyLogExport } from './verify-log-export';

describe('verifyLogExport', () => {
  let folder: string;
  let signer: TreeHeadSigner;
  let log: MemoryLog;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'icjims-export-'));
    signer = TreeHeadSigner.open(join(folder, 'keys'));
    log = new MemoryLog(signer, 37);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const verify = (lines: string[], checkpoints: SignedTreeHead[] = [], keyring = signer.keyring()) => verifyLogExport(lines, keyring, { checkpoints });
  const checks = (verdict: ExportVerdict) => verdict.problems.map((p) => [p.check, p.line, p.leafIndex]);

  describe('a full export', () => {
    it('holds when nothing was changed, and says what it checked', async () => {
      const verdict = await verify(await log.exportLines({ scope: 'full' }), [log.head(10), log.head(37)]);
      expect(verdict).toMatchObject({ valid: true, log: LOG, scope: 'full', records: 37, checkpointsChecked: 2, problems: [], problemCount: 0 });
      expect(verdict.treeHead?.treeSize).toBe(37);
    });

    it('holds when a text editor put a byte-order mark before the header', async () => {
      const lines = await log.exportLines({ scope: 'full' });
      expect((await verify([`\uFEFF${lines[0]}`, ...lines.slice(1)])).valid).toBe(true);
    });

    it('holds for an empty log', async () => {
      const empty = new MemoryLog(signer, 0);
      expect(await verify(await empty.exportLines({ scope: 'full' }), [empty.head(0)])).toMatchObject({ valid: true, records: 0 });
    });

    it('names the line and leaf of a changed field, and the root no longer holds', async () => {
      const lines = changeLine(await log.exportLines({ scope: 'full' }), 8, (record) => ((record.fields as Record<string, unknown>).actorSub = 'someone-else'));
      const verdict = await verify(lines);
      expect(checks(verdict)).toEqual([['leaf-hash', 8, 6], ['root', undefined, undefined]]);
      expect(verdict.problems[0].message).toMatch(/changed after it was logged/);
    });

    it('still finds a changed record whose leaf hash was forged to match, through the root', async () => {
      const lines = changeLine(await log.exportLines({ scope: 'full' }), 8, (record) => {
        (record.fields as Record<string, unknown>).status = 404;
        delete record.leafHash;
      });
      expect(checks(await verify(lines))).toEqual([['root', undefined, undefined]]);
    });

    it('names a removed record', async () => {
      const lines = await log.exportLines({ scope: 'full' });
      lines.splice(11, 1); // leaf 10
      const verdict = await verify(lines);
      expect(checks(verdict)).toEqual([['order', 12, 11], ['completeness', 38, undefined], ['order', undefined, 36]]);
      expect(verdict.problems[0].message).toMatch(/leaf 10 is missing/);
    });

    it('names reordered records', async () => {
      const lines = await log.exportLines({ scope: 'full' });
      [lines[4], lines[5]] = [lines[5], lines[4]];
      expect(checks(await verify(lines))).toEqual([['order', 5, 4], ['order', 6, 3], ['root', undefined, undefined]]);
    });

    it('detects an export cut short (no trailer)', async () => {
      const lines = (await log.exportLines({ scope: 'full' })).slice(0, 20);
      expect(checks(await verify(lines))).toEqual([['completeness', 20, undefined], ['order', undefined, 19]]);
    });

    it('compares the auditor’s checkpoints with the roots of the first records, and names a rewritten history', async () => {
      const honest = log.head(20);
      // Someone rewrote record 5 and its leaf in the database, and the service signed the result:
      // the export is consistent in itself…
      const rewritten = new MemoryLog(signer, 37);
      rewritten.fields[4] = { ...rewritten.fields[4], actorSub: 'covered-up' };
      rewritten.leaves[4] = recordLeafHash(rewritten.fields[4]);
      const rewrittenLines = await rewritten.exportLines({ scope: 'full' });
      expect((await verify(rewrittenLines)).valid).toBe(true);
      // …but not with the head the auditor kept from before.
      const verdict = await verify(rewrittenLines, [honest]);
      expect(checks(verdict)).toEqual([['consistency', undefined, undefined]]);
      expect(verdict.problems[0].message).toMatch(/rewritten at or before leaf 19/);
      expect((await verify(await log.exportLines({ scope: 'full' }), [honest])).valid).toBe(true);
    });

    it('detects a truncated log: a checkpoint larger than the export’s head', async () => {
      const verdict = await verify(await log.exportLines({ scope: 'full', treeHead: log.head(30) }), [log.head(37)]);
      expect(checks(verdict)).toEqual([['consistency', undefined, undefined]]);
      expect(verdict.problems[0].message).toMatch(/never shrinks/);
    });
  });

  describe('a partial export', () => {
    const selection = [0, 3, 17, 18, 36];

    it('holds with an inclusion proof for each record, and a consistency proof from the auditor’s checkpoint', async () => {
      const lines = await log.exportLines({ scope: 'partial', indexes: selection, consistencyFrom: 21 });
      const verdict = await verify(lines, [log.head(21)]);
      expect(verdict).toMatchObject({ valid: true, scope: 'partial', records: 5, consistencyFrom: 21, checkpointsChecked: 1 });
    });

    it('names a changed record by line and leaf', async () => {
      const lines = changeLine(await log.exportLines({ scope: 'partial', indexes: selection }), 4, (record) => {
        (record.fields as Record<string, unknown>).purpose = 'statistics';
        delete record.leafHash;
      });
      const verdict = await verify(lines);
      expect(checks(verdict)).toEqual([['inclusion', 4, 17]]);
    });

    it('names a changed proof', async () => {
      const lines = changeLine(await log.exportLines({ scope: 'partial', indexes: selection }), 2, (record) => {
        const proof = record.proof as string[];
        proof[1] = `${proof[1][0] === '0' ? '1' : '0'}${proof[1].slice(1)}`;
      });
      expect(checks(await verify(lines))).toEqual([['inclusion', 2, 0]]);
    });

    it('names records out of order and a removed record through the trailer', async () => {
      const lines = await log.exportLines({ scope: 'partial', indexes: selection });
      const swapped = [...lines];
      [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
      expect(checks(await verify(swapped))).toEqual([['order', 4, 3]]);
      const removed = [...lines];
      removed.splice(3, 1);
      expect(checks(await verify(removed))).toEqual([['completeness', 6, undefined]]);
    });

    it('cannot be compared with a checkpoint it has no proof from, and says which proof to ask for', async () => {
      const verdict = await verify(await log.exportLines({ scope: 'partial', indexes: selection, consistencyFrom: 21 }), [log.head(25)]);
      expect(checks(verdict)).toEqual([['consistency', undefined, undefined]]);
      expect(verdict.problems[0].message).toMatch(/ask for one from size 25/);
    });

    it('refuses a consistency proof from a different earlier head', async () => {
      const lines = changeLine(await log.exportLines({ scope: 'partial', indexes: selection, consistencyFrom: 21 }), 1, (header) => {
        (header.consistency as Record<string, unknown>).rootHash = rootOf(log.leaves.slice(0, 20)).toString('hex');
      });
      const verdict = await verify(lines, [log.head(21)]);
      expect(checks(verdict)).toEqual([['consistency', 1, undefined], ['consistency', undefined, undefined]]);
    });
  });

  describe('the tree head', () => {
    it('must be signed by a key of the auditor’s keyring', async () => {
      const { publicKey } = generateKeyPairSync('ed25519');
      const stranger = [{ keyId: 'a'.repeat(64), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), createdAt: '2026-01-01T00:00:00.000Z' }];
      const verdict = await verify(await log.exportLines({ scope: 'full' }), [], stranger);
      expect(checks(verdict)).toEqual([['signature', 1, undefined]]);
      expect(verdict.problems[0].message).toMatch(/not in the keyring.*the export says its producer signs with/);
    });

    it('must carry a signature that verifies: a forged one, or a head changed after signing, is named', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const head = log.head();
      const forgedHead = { ...head, signature: sign(null, treeHeadSigningBytes(head), privateKey).toString('base64') };
      const forged = await verify(await log.exportLines({ scope: 'full', treeHead: forgedHead }));
      expect(checks(forged)).toEqual([['signature', 1, undefined]]);
      const changed = changeLine(await log.exportLines({ scope: 'full' }), 1, (header) => ((header.treeHead as Record<string, unknown>).treeSize = 36));
      expect(checks(await verify(changed))[0]).toEqual(['signature', 1, undefined]);
    });

    it('checks the auditor’s checkpoints too', async () => {
      const bad = { ...log.head(10), rootHash: 'f'.repeat(64) };
      expect(checks(await verify(await log.exportLines({ scope: 'full' }), [bad]))).toEqual([['checkpoint', undefined, undefined]]);
    });
  });

  describe('what is not an export', () => {
    it.each<[string, string[], RegExp]>([
      ['an empty file', [], /empty/],
      ['a CSV file', ['seq,action', '1,read'], /not JSON/],
      ['another format', ['{"format":"other/1"}'], /not "icjims-log-export\/1"/],
      ['a header without a tree head', ['{"format":"icjims-log-export/1","log":"audit.access","scope":"full"}'], /treeHead/],
    ])('stops at %s', async (_, lines, message) => {
      const verdict = await verify(lines);
      expect(verdict.valid).toBe(false);
      expect(verdict.problems[0]).toMatchObject({ check: 'format', line: 1, message: expect.stringMatching(message) });
    });

    it('names a line that is not JSON, and a record without its fields', async () => {
      const lines = await log.exportLines({ scope: 'partial', indexes: [1, 2, 3] });
      lines[1] = '{"leafIndex": 1, "fields": ';
      lines[2] = '{"leafIndex": 2}';
      expect(checks(await verify(lines))).toEqual([['format', 2, undefined], ['format', 3, 2]]);
    });
  });
});

describe('writeLogExport', () => {
  it('writes the same lines to a stream, waiting when the stream is full', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'icjims-writer-'));
    try {
      const log = new MemoryLog(TreeHeadSigner.open(folder), 50);
      const chunks: string[] = [];
      const slow = new Writable({
        highWaterMark: 64,
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          setImmediate(done);
        },
      });
      const records = log.fields.map((fields, leafIndex) => ({ leafIndex, fields }));
      await writeLogExport(slow, { log: LOG, scope: 'full', treeHead: log.head(), keyIds: [] }, records);
      const lines = chunks.join('').split('\n').filter(Boolean);
      expect(lines).toHaveLength(52);
      expect((await verifyLogExport(lines, log.signer.keyring())).valid).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
