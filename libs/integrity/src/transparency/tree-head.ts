import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { TreeHead } from '../merkle/merkle';

/**
 * A tree head signed with Ed25519 by a key kept outside the database. In JSON everywhere
 * (checkpoint files, events, exports, API answers).
 */
export interface SignedTreeHead {
  /** Which log: `[a-z0-9][a-z0-9._-]*`, e.g. `audit.access`, `procedural-journal`. */
  log: string;
  treeSize: number;
  /** MTH of the first treeSize leaves, lower-case hex. */
  rootHash: string;
  /** When it was signed: ISO 8601 UTC with milliseconds, `2026-12-04T17:00:00.000Z`. */
  timestamp: string;
  /** Lower-case hex SHA-256 of the signing key's SubjectPublicKeyInfo (DER). */
  keyId: string;
  /** Base64 of the 64-byte Ed25519 signature over `treeHeadSigningBytes`. */
  signature: string;
}

/** A public key of the keyring: the current one has no `retiredAt`. */
export interface PublicKeyInfo {
  keyId: string;
  /** SPKI, PEM-encoded (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
  createdAt: string;
  /** When it stopped signing; heads it signed later than this are not accepted. */
  retiredAt?: string;
}

export const TREE_HEAD_SIGNATURE_FORMAT = 'icjims-tree-head/1';

export const LOG_NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The exact bytes signed: UTF-8 (all ASCII) of five lines, each ended by a line feed —
 *
 *     icjims-tree-head/1
 *     <log>
 *     <treeSize in decimal, no leading zeros>
 *     <rootHash, 64 lower-case hex digits>
 *     <timestamp, YYYY-MM-DDTHH:MM:SS.sssZ>
 *
 * None of the fields can hold a line feed, so the encoding is unambiguous.
 */
export function treeHeadSigningBytes(head: Pick<SignedTreeHead, 'log' | 'treeSize' | 'rootHash' | 'timestamp'>): Buffer {
  const problem = treeHeadFieldProblem(head);
  if (problem) throw new RangeError(problem);
  return Buffer.from(`${TREE_HEAD_SIGNATURE_FORMAT}\n${head.log}\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}\n`, 'utf8');
}

function treeHeadFieldProblem(head: Partial<Record<keyof SignedTreeHead, unknown>>): string | undefined {
  if (typeof head.log !== 'string' || !LOG_NAME.test(head.log)) return `log must match ${LOG_NAME}`;
  if (typeof head.treeSize !== 'number' || !Number.isSafeInteger(head.treeSize) || head.treeSize < 0) return 'treeSize must be a non-negative integer';
  if (typeof head.rootHash !== 'string' || !HEX_HASH.test(head.rootHash)) return 'rootHash must be 64 lower-case hex digits';
  if (typeof head.timestamp !== 'string' || !TIMESTAMP.test(head.timestamp) || Number.isNaN(Date.parse(head.timestamp))) {
    return 'timestamp must be an ISO 8601 UTC time with milliseconds';
  }
  return undefined;
}

/** keyId of a public key: lower-case hex SHA-256 of its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The head of a tree as it is signed: `treeHead` with the root as hex. */
export function unsignedTreeHead(log: string, head: TreeHead, timestamp: Date): Pick<SignedTreeHead, 'log' | 'treeSize' | 'rootHash' | 'timestamp'> {
  return { log, treeSize: head.treeSize, rootHash: head.rootHash.toString('hex'), timestamp: timestamp.toISOString() };
}

/** Why `sth` is not shaped like a signed tree head (fields missing or malformed), or undefined. */
export function treeHeadShapeProblem(sth: unknown): string | undefined {
  if (typeof sth !== 'object' || sth === null) return 'the tree head is not a JSON object';
  const head = sth as Partial<Record<keyof SignedTreeHead, unknown>>;
  const fieldProblem = treeHeadFieldProblem(head);
  if (fieldProblem) return `the tree head is malformed: ${fieldProblem}`;
  if (typeof head.keyId !== 'string' || !HEX_HASH.test(head.keyId)) return 'the tree head is malformed: keyId must be 64 lower-case hex digits';
  if (typeof head.signature !== 'string' || !BASE64.test(head.signature) || Buffer.from(head.signature, 'base64').length !== 64) {
    return 'the tree head is malformed: signature must be the base64 of 64 bytes';
  }
  return undefined;
}

/**
 * Why `sth` is not a valid head signed by a key of `keyring`, or undefined when it is: a
 * malformed field, a key not in the keyring (or whose keyId does not match its key), a head
 * timed after its key was retired, or a signature that does not verify.
 */
export function treeHeadProblem(sth: unknown, keyring: readonly PublicKeyInfo[]): string | undefined {
  const shapeProblem = treeHeadShapeProblem(sth);
  if (shapeProblem) return shapeProblem;
  const head = sth as SignedTreeHead;
  const key = keyring.find((candidate) => candidate.keyId === head.keyId);
  if (!key) return `signed by key ${head.keyId}, which is not in the keyring (${keyring.map((k) => k.keyId).join(', ') || 'empty'})`;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKeyPem);
  } catch {
    return `key ${key.keyId} of the keyring is not a readable PEM public key`;
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return `key ${key.keyId} of the keyring is not an Ed25519 key`;
  if (keyIdOf(publicKey) !== key.keyId) return `key ${key.keyId} of the keyring does not have that keyId (its SPKI hashes to ${keyIdOf(publicKey)})`;
  if (key.retiredAt && Date.parse(head.timestamp) > Date.parse(key.retiredAt)) {
    return `signed at ${head.timestamp} by key ${key.keyId}, retired at ${key.retiredAt}`;
  }
  if (!verify(null, treeHeadSigningBytes(head), publicKey, Buffer.from(head.signature, 'base64'))) return `the signature does not verify with key ${key.keyId}`;
  return undefined;
}

/** True when `sth` is well formed and signed by a key of `keyring` that was not retired when it signed. */
export function verifyTreeHead(sth: SignedTreeHead, keyring: readonly PublicKeyInfo[]): boolean {
  return treeHeadProblem(sth, keyring) === undefined;
}

/** A keyring entry for a PEM public key (for an auditor who was handed the key alone). */
export function publicKeyInfoFromPem(publicKeyPem: string, createdAt = new Date(0).toISOString()): PublicKeyInfo {
  const publicKey = createPublicKey(publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new RangeError('not an Ed25519 public key');
  return { keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), createdAt };
}
