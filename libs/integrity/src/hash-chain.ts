import { createHash } from 'node:crypto';

/**
 * Hash chains, pure. Each link's hash covers the previous link's hash and the canonical
 * JSON of all the link's own fields, so changing, removing or reordering any link breaks
 * every link from there on. The audit log and each case's procedural journal use it.
 */

/** `prevHash` of the first link. */
export const GENESIS_HASH = '0'.repeat(64);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The fields a link hashes: its position `seq` (from 1) and anything JSON can carry. */
export type ChainedFields = { seq: number } & { [key: string]: Json };

export type ChainLink<F extends ChainedFields = ChainedFields> = F & { prevHash: string; hash: string };

/**
 * JSON with object keys in code-point order and no whitespace (the RFC 8785 shape for the
 * values we store: strings, integers, booleans, null, arrays, objects).
 */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('canonical JSON has no representation for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

/** sha256(prevHash || canonicalJson(fields)), lower-case hex. */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return chainHashOfJson(prevHash, canonicalJson(fields));
}

/** chainHash for fields already in canonical JSON (a log that also hashes that text as a Merkle leaf needs it once). */
export function chainHashOfJson(prevHash: string, canonical: string): string {
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  /** Links found intact, in order, before the first break (all of them when valid). */
  checked: number;
  /** The first seq at which the chain does not hold: a changed link, a missing one, or the head out of step. */
  firstBrokenSeq?: number;
}

/** What the chain's owner recorded as its last link, which catches links cut off the end. */
export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/**
 * Checks links fed in seq order, one batch at a time, keeping only the last link in
 * memory. After the first break it ignores the rest.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private brokenAt: number | undefined;

  /** False once the chain is broken (the caller may stop reading). */
  feed(link: ChainLink): boolean {
    if (this.brokenAt !== undefined) return false;
    const { prevHash, hash, ...fields } = link;
    if (link.seq !== this.expectedSeq || prevHash !== this.prevHash || chainHash(prevHash, fields as ChainedFields) !== hash) {
      this.brokenAt = Math.min(link.seq, this.expectedSeq);
      return false;
    }
    this.checked += 1;
    this.expectedSeq += 1;
    this.prevHash = hash;
    return true;
  }

  verdict(head: ChainHead): ChainVerdict {
    if (this.brokenAt !== undefined) return { valid: false, checked: this.checked, firstBrokenSeq: this.brokenAt };
    const lastSeq = this.expectedSeq - 1;
    if (head.lastSeq !== lastSeq || head.lastHash !== this.prevHash) {
      return { valid: false, checked: this.checked, firstBrokenSeq: Math.min(head.lastSeq, lastSeq) + 1 };
    }
    return { valid: true, checked: this.checked };
  }
}
