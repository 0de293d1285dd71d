import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TreeHead } from '../merkle/merkle';
import { syncFolder, writeNewFileDurably } from './durable-files';
import { keyIdOf, PublicKeyInfo, SignedTreeHead, treeHeadSigningBytes, unsignedTreeHead } from './tree-head';

const KEYRING_FILE = 'keyring.json';
const KEYRING_FORMAT = 'icjims-keyring/1';

interface KeyringFile {
  format: typeof KEYRING_FORMAT;
  /** Oldest first; the last one without `retiredAt` signs. */
  keys: PublicKeyInfo[];
}

/**
 * Signs tree heads with an Ed25519 key kept in files, outside the database (a folder of
 * its own, 0700; private keys 0600):
 *
 *     <keyDir>/keyring.json     every public key ever used, with createdAt and retiredAt
 *     <keyDir>/<keyId>.pem      the current private key (PKCS#8), and only that one
 *
 * The first `open` creates the key. `rotate` starts a new key, marks the old one retired and
 * deletes its private key; the old public key stays, so heads it signed still verify.
 * Several processes may share the folder: creation is atomic (the first writer wins), and a
 * signer notices another process's rotation before its next signature.
 */
export class TreeHeadSigner {
  private keys: PublicKeyInfo[] = [];
  private privateKey: KeyObject | undefined;
  private loadedVersion = '';

  private constructor(readonly keyDir: string) {}

  static open(keyDir: string): TreeHeadSigner {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    chmodSync(keyDir, 0o700);
    const signer = new TreeHeadSigner(keyDir);
    if (!existsSync(signer.keyringPath)) signer.createFirstKey();
    signer.reload();
    return signer;
  }

  /** Signs the head of `log` now, with the current key. */
  sign(log: string, head: TreeHead): SignedTreeHead {
    this.reloadIfChanged();
    const current = this.current();
    const unsigned = unsignedTreeHead(log, head, new Date());
    const signature = sign(null, treeHeadSigningBytes(unsigned), this.currentPrivateKey()).toString('base64');
    return { ...unsigned, keyId: current.keyId, signature };
  }

  /** Starts signing with a new key; the old public key stays in the keyring, retired now. */
  rotate(): void {
    this.reloadIfChanged();
    const old = this.current();
    const now = new Date().toISOString();
    const fresh = this.writeNewPrivateKey(now);
    this.writeKeyring([...this.keys.map((key) => (key.keyId === old.keyId ? { ...key, retiredAt: now } : key)), fresh], 'replace');
    unlinkSync(this.privateKeyPath(old.keyId));
    this.reload();
  }

  /** Every public key, oldest first (what an auditor needs to verify any head ever signed here). */
  keyring(): PublicKeyInfo[] {
    this.reloadIfChanged();
    return this.keys.map((key) => ({ ...key }));
  }

  /** The key that signs now. */
  currentKeyId(): string {
    this.reloadIfChanged();
    return this.current().keyId;
  }

  private get keyringPath(): string {
    return join(this.keyDir, KEYRING_FILE);
  }

  private privateKeyPath(keyId: string): string {
    return join(this.keyDir, `${keyId}.pem`);
  }

  private current(): PublicKeyInfo {
    const current = this.keys.filter((key) => !key.retiredAt).at(-1);
    if (!current) throw new Error(`${this.keyringPath} has no current (unretired) key`);
    return current;
  }

  private currentPrivateKey(): KeyObject {
    this.privateKey ??= createPrivateKey(readFileSync(this.privateKeyPath(this.current().keyId)));
    return this.privateKey;
  }

  private createFirstKey(): void {
    const first = this.writeNewPrivateKey(new Date().toISOString());
    if (!this.writeKeyring([first], 'create')) unlinkSync(this.privateKeyPath(first.keyId)); // another process was first
  }

  private writeNewPrivateKey(createdAt: string): PublicKeyInfo {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey);
    writeNewFileDurably(this.privateKeyPath(keyId), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    return { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), createdAt };
  }

  /** Writes the keyring through a temporary file; `create` fails (false) if one appeared meanwhile. */
  private writeKeyring(keys: PublicKeyInfo[], mode: 'create' | 'replace'): boolean {
    const temporary = join(this.keyDir, `.${KEYRING_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
    const file: KeyringFile = { format: KEYRING_FORMAT, keys };
    writeNewFileDurably(temporary, `${JSON.stringify(file, null, 2)}\n`);
    try {
      if (mode === 'replace') renameSync(temporary, this.keyringPath);
      else {
        try {
          linkSync(temporary, this.keyringPath);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        }
      }
      syncFolder(this.keyDir);
      return true;
    } finally {
      if (existsSync(temporary)) unlinkSync(temporary);
    }
  }

  private reloadIfChanged(): void {
    if (versionOf(this.keyringPath) !== this.loadedVersion) this.reload();
  }

  private reload(): void {
    const version = versionOf(this.keyringPath);
    const file = JSON.parse(readFileSync(this.keyringPath, 'utf8')) as KeyringFile;
    if (file.format !== KEYRING_FORMAT || !Array.isArray(file.keys)) throw new Error(`${this.keyringPath} is not an ${KEYRING_FORMAT} file`);
    this.keys = file.keys;
    this.privateKey = undefined;
    this.loadedVersion = version;
  }
}

function versionOf(path: string): string {
  const stat = statSync(path);
  return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}
