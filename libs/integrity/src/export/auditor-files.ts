import { parseCheckpointLines } from '../transparency/checkpoint-log';
import { PublicKeyInfo, publicKeyInfoFromPem, SignedTreeHead } from '../transparency/tree-head';

/**
 * The files an auditor hands the offline verifier, in the forms they are likely to have them.
 * Each parser throws an Error saying what is wrong with the file.
 */

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/**
 * Public keys from: a keyring as the service keeps and serves it (`{"format":"icjims-keyring/1","keys":[…]}`
 * or `{"keys":[…]}`), a JSON list of `{keyId, publicKeyPem, createdAt, retiredAt?}`, or one or
 * more PEM public keys (`-----BEGIN PUBLIC KEY-----`), whose keyIds are computed.
 */
export function parseKeyringText(text: string): PublicKeyInfo[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const blocks = trimmed.match(PEM_BLOCK) ?? [];
    if (!blocks.length) throw new Error('the key file holds no "-----BEGIN PUBLIC KEY-----" block');
    return blocks.map((block, i) => {
      try {
        return publicKeyInfoFromPem(block);
      } catch (error) {
        throw new Error(`public key ${i + 1} of the key file is not an Ed25519 public key (${(error as Error).message})`);
      }
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new Error('the key file is neither JSON nor PEM');
  }
  const keys = Array.isArray(value) ? value : (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.length) throw new Error('the key file holds no keys (expected a list, or an object with "keys")');
  return keys.map((key, i) => {
    const entry = key as Partial<PublicKeyInfo> | null;
    if (typeof entry?.keyId !== 'string' || typeof entry.publicKeyPem !== 'string') {
      throw new Error(`key ${i + 1} of the key file needs keyId and publicKeyPem`);
    }
    return { keyId: entry.keyId, publicKeyPem: entry.publicKeyPem, createdAt: String(entry.createdAt ?? ''), ...(entry.retiredAt && { retiredAt: entry.retiredAt }) };
  });
}

/**
 * Checkpoints from: a checkpoint file (NDJSON, one signed head a line, as CheckpointLog writes
 * it), a single signed head as JSON (pretty-printed or not), a JSON list of them, or a saved
 * answer of a tree-head endpoint (`{"treeHead":{…},"keys":[…]}`).
 * `damagedLines` are NDJSON lines that are not a checkpoint.
 */
export function parseCheckpointText(text: string): { checkpoints: SignedTreeHead[]; damagedLines: number[] } {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('the checkpoint file is empty');
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (Array.isArray(value)) return { checkpoints: value as SignedTreeHead[], damagedLines: [] };
    if (typeof value === 'object' && value !== null) {
      // A saved answer of a tree-head endpoint ({treeHead, keys}) holds the head under treeHead.
      const { treeHead } = value as { treeHead?: unknown };
      if (typeof treeHead === 'object' && treeHead !== null) return { checkpoints: [treeHead as SignedTreeHead], damagedLines: [] };
      return { checkpoints: [value as SignedTreeHead], damagedLines: [] };
    }
  } catch {
    // not one JSON document: NDJSON
  }
  const parsed = parseCheckpointLines(text);
  if (!parsed.checkpoints.length) throw new Error('the checkpoint file holds no signed tree head');
  return parsed;
}
