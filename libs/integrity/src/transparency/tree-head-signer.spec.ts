import { createPublicKey, generateKeyPairSync, randomUUID, sign as edSign, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCloudEvent, TreeHeadSigned, validateEventData } from '@icjims/contracts';
import { leafHash, rootOf } from '../merkle/merkle';
import { keyIdOf, publicKeyInfoFromPem, SignedTreeHead, treeHeadProblem, treeHeadSigningBytes, verifyTreeHead } from './tree-head';
import { TreeHeadSigner } from './tree-head-signer';

const head = { treeSize: 3, rootHash: rootOf(['a', 'b', 'c'].map((d) => leafHash(d))) };

describe('TreeHeadSigner', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'icjims-signer-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates an Ed25519 key on first use, in a private folder, and signs heads its keyring verifies', () => {
    const keyDir = join(folder, 'transparency', 'keys');
    const signer = TreeHeadSigner.open(keyDir);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    const [key] = signer.keyring();
    expect(statSync(join(keyDir, `${key.keyId}.pem`)).mode & 0o777).toBe(0o600);
    expect(key.keyId).toBe(keyIdOf(createPublicKey(key.publicKeyPem)));
    expect(key.retiredAt).toBeUndefined();

    const sth = signer.sign('audit.access', head);
    expect(sth).toMatchObject({ log: 'audit.access', treeSize: 3, rootHash: head.rootHash.toString('hex'), keyId: key.keyId });
    expect(sth.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(verifyTreeHead(sth, signer.keyring())).toBe(true);
  });

  it('signs the documented bytes, so anyone with the public key can check them', () => {
    const signer = TreeHeadSigner.open(folder);
    const sth = signer.sign('procedural-journal', head);
    const bytes = `icjims-tree-head/1\nprocedural-journal\n3\n${sth.rootHash}\n${sth.timestamp}\n`;
    expect(treeHeadSigningBytes(sth).toString('utf8')).toBe(bytes);
    const { publicKeyPem } = signer.keyring()[0];
    expect(verify(null, Buffer.from(bytes), createPublicKey(publicKeyPem), Buffer.from(sth.signature, 'base64'))).toBe(true);
  });

  it('keeps its key: a second open signs with the same one', () => {
    const first = TreeHeadSigner.open(folder);
    const second = TreeHeadSigner.open(folder);
    expect(second.currentKeyId()).toBe(first.currentKeyId());
    expect(second.keyring()).toEqual(first.keyring());
  });

  it('rotates: a new key signs, the old public key stays (retired) and its private key is gone', () => {
    const signer = TreeHeadSigner.open(folder);
    const before = signer.sign('audit.access', head);
    signer.rotate();
    const after = signer.sign('audit.access', head);
    const keyring = signer.keyring();
    expect(keyring).toHaveLength(2);
    expect(keyring[0]).toMatchObject({ keyId: before.keyId, retiredAt: expect.any(String) });
    expect(keyring[1]).toMatchObject({ keyId: after.keyId });
    expect(keyring[1].retiredAt).toBeUndefined();
    expect(after.keyId).not.toBe(before.keyId);
    expect(verifyTreeHead(before, keyring)).toBe(true);
    expect(verifyTreeHead(after, keyring)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.pem'))).toEqual([`${after.keyId}.pem`]);
  });

  it('notices a rotation made by another process before signing again', () => {
    const one = TreeHeadSigner.open(folder);
    const other = TreeHeadSigner.open(folder);
    other.rotate();
    expect(one.sign('audit.access', head).keyId).toBe(other.currentKeyId());
  });

  it('gives a signed head that is valid TreeHeadSigned event data', () => {
    const sth = TreeHeadSigner.open(folder).sign('audit.access', head);
    const event = newCloudEvent(TreeHeadSigned.audit, sth.log, sth, randomUUID());
    expect(() => validateEventData(TreeHeadSigned.audit, JSON.parse(JSON.stringify(event)))).not.toThrow();
  });
});

describe('verifyTreeHead', () => {
  let folder: string;
  let signer: TreeHeadSigner;
  let sth: SignedTreeHead;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'icjims-verify-'));
    signer = TreeHeadSigner.open(folder);
    sth = signer.sign('audit.access', head);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each<[string, Partial<SignedTreeHead>, RegExp]>([
    ['a changed size', { treeSize: 4 }, /signature does not verify/],
    ['a changed root', { rootHash: 'f'.repeat(64) }, /signature does not verify/],
    ['a changed time', { timestamp: '2020-01-01T00:00:00.000Z' }, /signature does not verify/],
    ['another log', { log: 'procedural-journal' }, /signature does not verify/],
    ['a malformed root', { rootHash: 'F'.repeat(64) }, /rootHash/],
    ['a malformed signature', { signature: 'abc' }, /signature must be/],
    ['an unknown key', { keyId: '0'.repeat(64) }, /not in the keyring/],
  ])('refuses %s', (_, change, problem) => {
    const changed = { ...sth, ...change };
    expect(verifyTreeHead(changed, signer.keyring())).toBe(false);
    expect(treeHeadProblem(changed, signer.keyring())).toMatch(problem);
  });

  it('refuses a signature by a key that is not the keyring’s, even under its keyId', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = { ...sth, signature: edSign(null, treeHeadSigningBytes(sth), privateKey).toString('base64') };
    expect(treeHeadProblem(forged, signer.keyring())).toMatch(/signature does not verify/);
  });

  it('refuses a keyring entry whose keyId is not its key’s', () => {
    const other = publicKeyInfoFromPem(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(treeHeadProblem(sth, [{ ...other, keyId: sth.keyId }])).toMatch(/does not have that keyId/);
  });

  it('refuses a head timed after its key was retired', () => {
    const keyring = signer.keyring().map((key) => ({ ...key, retiredAt: '2000-01-01T00:00:00.000Z' }));
    expect(treeHeadProblem(sth, keyring)).toMatch(/retired at/);
  });

  it('accepts a keyring built from the PEM public key alone', () => {
    expect(verifyTreeHead(sth, [publicKeyInfoFromPem(signer.keyring()[0].publicKeyPem)])).toBe(true);
  });

  it('refuses what is not a head at all', () => {
    expect(treeHeadProblem(null, signer.keyring())).toMatch(/not a JSON object/);
    expect(treeHeadProblem({ ...sth, treeSize: '3' }, signer.keyring())).toMatch(/treeSize/);
  });
});

describe('the key files', () => {
  it('are read, never rewritten, by a second opener; a keyring in another format is refused', () => {
    const folder = mkdtempSync(join(tmpdir(), 'icjims-race-'));
    try {
      const signer = TreeHeadSigner.open(folder);
      const keyring = readFileSync(join(folder, 'keyring.json'), 'utf8');
      TreeHeadSigner.open(folder);
      expect(readFileSync(join(folder, 'keyring.json'), 'utf8')).toBe(keyring);
      expect(signer.keyring()).toHaveLength(1);
      writeFileSync(join(folder, 'keyring.json'), '{"format":"other"}');
      expect(() => TreeHeadSigner.open(folder)).toThrow(/not an icjims-keyring\/1 file/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
