import { chainHash, GENESIS_HASH, MerkleLog } from '@icjims/integrity';
import { linkEntries, verifyStreamChain } from './chain';
import { defineJournal, JournalEntry } from './journal-spec';

interface Mark extends JournalEntry {
  streamId: string;
  label: string;
}

const marks = defineJournal<Mark>({
  log: 'marks',
  names: { entry: 'mark', stream: 'stream' },
  entries: {
    table: 'marks',
    streamColumn: 'stream_id',
    columns: ['id', 'stream_id', 'sequence', 'label', 'prev_hash', 'hash'],
    toRow: (mark) => ({ id: mark.id, stream_id: mark.streamId, sequence: mark.sequence, label: mark.label, prev_hash: mark.prevHash, hash: mark.hash }),
    fromRow: (row) => row as unknown as Mark,
  },
  heads: { table: 'streams', streamColumn: 'stream_id' },
  leaves: { table: 'mark_leaves', entryColumn: 'mark_id' },
  tree: new MerkleLog('marks_tree'),
  chainFields: (mark) => ({ seq: mark.sequence, markId: mark.id, label: mark.label }),
});

const unlinked = (...labels: string[]) => labels.map((label, i) => ({ id: `m${i}-${label}`, streamId: 's', label }));

describe('a stream’s chain', () => {
  it('links entries onto the head: each the next position, hashed over the previous hash and the spec’s fields', () => {
    const { entries, head } = linkEntries(marks, { version: 0, lastHash: GENESIS_HASH }, unlinked('a', 'b'));
    expect(entries[0]).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, { seq: 1, markId: 'm0-a', label: 'a' }) });
    expect(entries[1]).toMatchObject({ sequence: 2, prevHash: entries[0].hash, hash: chainHash(entries[0].hash, { seq: 2, markId: 'm1-b', label: 'b' }) });
    expect(head).toEqual({ version: 2, lastHash: entries[1].hash });
  });

  it('continues a stream from its head as if the entries had been appended one at a time', () => {
    const all = linkEntries(marks, { version: 0, lastHash: GENESIS_HASH }, unlinked('a', 'b', 'c'));
    const first = linkEntries(marks, { version: 0, lastHash: GENESIS_HASH }, unlinked('a', 'b'));
    const [, , c] = unlinked('a', 'b', 'c');
    expect(linkEntries(marks, first.head, [c])).toEqual({ entries: [all.entries[2]], head: all.head });
  });

  it('verifies against the head, and finds a changed entry, a missing one and one cut off the end', () => {
    const { entries, head } = linkEntries(marks, { version: 0, lastHash: GENESIS_HASH }, unlinked('a', 'b', 'c'));
    expect(verifyStreamChain(marks, head, entries)).toEqual({ valid: true, checked: 3 });
    const changed = entries.map((entry) => (entry.sequence === 2 ? { ...entry, label: 'B' } : entry));
    expect(verifyStreamChain(marks, head, changed)).toEqual({ valid: false, checked: 1, firstBrokenSequence: 2, firstBroken: changed[1] });
    expect(verifyStreamChain(marks, head, [entries[0], entries[2]])).toMatchObject({ valid: false, checked: 1, firstBrokenSequence: 2 });
    expect(verifyStreamChain(marks, head, entries.slice(0, 2))).toEqual({ valid: false, checked: 2, firstBrokenSequence: 3 });
  });
});

describe('defineJournal', () => {
  it('refuses a name that is not a plain SQL identifier, and entries without the columns every journal has', () => {
    expect(() => defineJournal({ ...marks, entries: { ...marks.entries, table: 'marks; DROP TABLE x' } })).toThrow(RangeError);
    expect(() => defineJournal({ ...marks, entries: { ...marks.entries, columns: ['id', 'stream_id', 'sequence', 'label', 'hash'] } })).toThrow(/lack prev_hash/);
  });
});
