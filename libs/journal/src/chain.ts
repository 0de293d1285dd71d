import { canonicalJson, chainHashOfJson, ChainVerifier, leafHash } from '@icjims/integrity';
import { ChainableEntry, JournalEntry, JournalHead, JournalSpec, UnlinkedEntry } from './journal-spec';

/**
 * Each stream of a journal is a hash chain (libs/integrity's hash-chain): an entry's hash is
 * sha256(prevHash ‖ canonical JSON of the spec's chain fields), from 64 zeros; the head's
 * version and last hash are its end, so an entry cut off the end shows too.
 */

/** The entries as the next links of the stream whose head is `head`, in order, and the head after them. */
export function linkEntries<E extends JournalEntry>(spec: JournalSpec<E>, head: JournalHead, unlinked: readonly UnlinkedEntry<E>[]): { entries: E[]; head: JournalHead } {
  let { version, lastHash } = head;
  const entries = unlinked.map((entry) => {
    version += 1;
    const chainable = { ...entry, sequence: version } as unknown as ChainableEntry<E>;
    const hash = chainHashOfJson(lastHash, canonicalJson(spec.chainFields(chainable)));
    const linked = { ...chainable, prevHash: lastHash, hash } as unknown as E;
    lastHash = hash;
    return linked;
  });
  return { entries, head: { version, lastHash } };
}

/** The entry's leaf in the journal's tree (RFC 6962): the leaf hash of the canonical JSON its chain hash covers, so a changed field changes both. */
export function entryLeafHash<E extends JournalEntry>(spec: JournalSpec<E>, entry: ChainableEntry<E>): Buffer {
  return leafHash(canonicalJson(spec.chainFields(entry)));
}

export interface ChainVerification<E> {
  valid: boolean;
  /** Entries found intact, in order, before the first break. */
  checked: number;
  firstBrokenSequence?: number;
  /** The entry at the break, when it exists (a break at the end names none). */
  firstBroken?: E;
}

/** Recomputes a stream's chain from its entries (in sequence order) against its head. */
export function verifyStreamChain<E extends JournalEntry>(spec: JournalSpec<E>, head: JournalHead, entries: readonly E[]): ChainVerification<E> {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.feed({ ...spec.chainFields(entry), prevHash: entry.prevHash, hash: entry.hash })) break;
  const { valid, checked, firstBrokenSeq } = verifier.verdict({ lastSeq: head.version, lastHash: head.lastHash });
  if (valid) return { valid, checked };
  const broken = entries.find((entry) => entry.sequence === firstBrokenSeq);
  return { valid, checked, firstBrokenSequence: firstBrokenSeq, ...(broken && { firstBroken: broken }) };
}
