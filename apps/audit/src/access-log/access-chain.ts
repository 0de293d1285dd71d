import { createHash } from 'node:crypto';

/**
 * The hash chain of the access log, pure. Each entry's hash covers the previous entry's
 * hash and the canonical JSON of all its own fields, so changing, removing or reordering
 * any entry breaks every link from there on.
 */

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every stored field of an entry except the two hashes; absent values are null, times ISO 8601 UTC with milliseconds. */
export interface ChainedFields {
  seq: number;
  eventId: string;
  occurredAt: string;
  service: string;
  actorSub: string | null;
  actorRoles: string[];
  actorRegion: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  outcome: string;
  status: number;
  method: string;
  route: string;
  reason: string | null;
  sourceIp: string | null;
  correlationId: string | null;
  recordedAt: string;
}

export interface ChainedEntry extends ChainedFields {
  prevHash: string;
  hash: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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
  return createHash('sha256')
    .update(prevHash + canonicalJson(fields as unknown as Json), 'utf8')
    .digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  /** Entries found intact, in order, before the first break (all of them when valid). */
  checked: number;
  /** The first seq at which the chain does not hold: a changed entry, a missing one, or the head out of step. */
  firstBrokenSeq?: number;
}

/**
 * Checks entries fed in seq order, one batch at a time, keeping only the last link in
 * memory. After the first break it ignores the rest.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private brokenAt: number | undefined;

  /** False once the chain is broken (the caller may stop reading). */
  feed(entry: ChainedEntry): boolean {
    if (this.brokenAt !== undefined) return false;
    const { prevHash, hash, ...fields } = entry;
    if (entry.seq !== this.expectedSeq || prevHash !== this.prevHash || chainHash(prevHash, fields) !== hash) {
      this.brokenAt = Math.min(entry.seq, this.expectedSeq);
      return false;
    }
    this.checked += 1;
    this.expectedSeq += 1;
    this.prevHash = hash;
    return true;
  }

  /** The verdict, given the head's record of the last entry (which catches entries cut off the end). */
  verdict(head: { lastSeq: number; lastHash: string }): ChainVerdict {
    if (this.brokenAt !== undefined) return { valid: false, checked: this.checked, firstBrokenSeq: this.brokenAt };
    const lastSeq = this.expectedSeq - 1;
    if (head.lastSeq !== lastSeq || head.lastHash !== this.prevHash) {
      return { valid: false, checked: this.checked, firstBrokenSeq: Math.min(head.lastSeq, lastSeq) + 1 };
    }
    return { valid: true, checked: this.checked };
  }
}
