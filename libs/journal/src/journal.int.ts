import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '@icjims/contracts';
import { canonicalJson, GENESIS_HASH, leafHash, MerkleLog, verifyInclusion, verifyLogExport, verifyTreeHead } from '@icjims/integrity';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { createUniqueDatabase, PipeliningClient } from '@icjims/persistence';
import { openTreeTransparency } from '@icjims/platform';
import { defineJournal, JournalEntry, JournalHead } from './journal-spec';
import { JournalProofs } from './journal-proofs';
import { JournalTreeSealer } from './journal-sealer';
import { JOURNAL_MOVED, journalStore } from './journal-store';
import { JOURNAL_HEAD_COLUMNS_SQL, journalTablesSql } from './journal-tables';

/** A journal of the smallest kind: notes on accounts, an account's head holding its balance beside it. */
interface Note extends JournalEntry {
  accountId: string;
  amount: number;
  memo: { [key: string]: string };
}

const notes = defineJournal<Note>({
  log: 'test-notes',
  names: { entry: 'note', stream: 'account' },
  entries: {
    table: 'notes',
    streamColumn: 'account_id',
    columns: ['id', 'account_id', 'sequence', 'amount', 'memo', 'prev_hash', 'hash'],
    toRow: (note) => ({ id: note.id, account_id: note.accountId, sequence: note.sequence, amount: note.amount, memo: note.memo, prev_hash: note.prevHash, hash: note.hash }),
    fromRow: (row) => ({
      id: row.id as string,
      accountId: row.account_id as string,
      sequence: row.sequence as number,
      amount: row.amount as number,
      memo: row.memo as Note['memo'],
      prevHash: row.prev_hash as string,
      hash: row.hash as string,
    }),
  },
  heads: { table: 'accounts', streamColumn: 'account_id' },
  leaves: { table: 'note_leaves', entryColumn: 'note_id' },
  tree: new MerkleLog('notes_tree'),
  chainFields: (note) => ({ seq: note.sequence, noteId: note.id, accountId: note.accountId, amount: note.amount, memo: note.memo }),
});

const tables = {
  entries: { table: 'notes', streamColumn: 'account_id', heads: { table: 'accounts', streamColumn: 'account_id' }, columnsSql: ['amount int NOT NULL', 'memo jsonb NOT NULL'] },
  leaves: { table: 'note_leaves', entryColumn: 'note_id' },
  tree: 'notes_tree',
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('a journal on libs/journal, on PostgreSQL', () => {
  let dataSource: DataSource;
  let accounts = 0;
  let ids = 0;
  const folder = mkdtempSync(join(tmpdir(), 'icjims-journal-'));
  const transparency = openTreeTransparency({ ICJIMS_TRANSPARENCY_KEY_DIR: join(folder, 'keys'), ICJIMS_CHECKPOINT_DIR: join(folder, 'checkpoints') }, notes.log);
  const signed: unknown[] = [];
  let sealer: JournalTreeSealer<Note>;
  let proofs: JournalProofs<Note>;

  beforeAll(async () => {
    // Connections as the services make them, so that an append travels with the next statement as it does there.
    dataSource = new DataSource({ type: 'postgres', url: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'journal_lib'), extra: { Client: PipeliningClient } });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE accounts (account_id uuid PRIMARY KEY, balance int NOT NULL DEFAULT 0, ${JOURNAL_HEAD_COLUMNS_SQL})`);
    for (const statement of journalTablesSql(tables)) await dataSource.query(statement);
    const unitOfWork = { run: (work: (manager: EntityManager) => Promise<unknown>) => dataSource.transaction(work) } as unknown as UnitOfWork;
    const outbox = { record: async (_manager: EntityManager, _definition: unknown, _subject: string, data: unknown) => void signed.push(data) } as unknown as EventOutbox;
    sealer = new JournalTreeSealer(notes, { service: 'probation', dataSource, unitOfWork, outbox, transparency, logger: pino({ level: 'silent' }), lock: 'test-notes-sealer' });
    proofs = new JournalProofs(notes, dataSource, transparency);
  });

  afterAll(() => dataSource?.destroy());

  async function openAccount(): Promise<string> {
    const accountId = uuid(++accounts);
    await dataSource.query('INSERT INTO accounts (account_id) VALUES ($1)', [accountId]);
    return accountId;
  }

  const lockedHead = async (manager: EntityManager, accountId: string): Promise<JournalHead & { balance: number }> => {
    const [row] = await manager.query('SELECT version, last_hash, balance FROM accounts WHERE account_id = $1 FOR UPDATE', [accountId]);
    return { version: row.version, lastHash: row.last_hash, balance: row.balance };
  };

  /** Appends notes of these amounts in one transaction, the balance kept beside the head. */
  function append(accountId: string, amounts: number[], expectedVersion?: number) {
    return dataSource.transaction(async (manager) => {
      const head = await lockedHead(manager, accountId);
      const unlinked = amounts.map((amount) => ({ id: uuid(1000 + ++ids), accountId, amount, memo: { why: `note of ${amount}` } }));
      const balance = head.balance + amounts.reduce((sum, amount) => sum + amount, 0);
      return journalStore.appendEntries(manager, notes, accountId, head, unlinked, { expectedVersion, headColumns: { balance } });
    });
  }

  const stored = async (accountId: string) => (await journalStore.entriesOfStream(dataSource.manager, notes, accountId)).entries;

  it('appends several entries as the next links of the stream in one statement, the head and its state moved with them', async () => {
    const accountId = await openAccount();
    let statements = 0;
    const counted = await dataSource.transaction(async (manager) => {
      const head = await lockedHead(manager, accountId);
      const counting = { query: (sql: string, parameters?: unknown[]) => ((statements += 1), manager.query(sql, parameters)) } as EntityManager;
      const unlinked = [1, 2, 3].map((amount) => ({ id: uuid(1000 + ++ids), accountId, amount, memo: { why: 'first' } }));
      return journalStore.appendEntries(counting, notes, accountId, head, unlinked, { headColumns: { balance: 6 } });
    });
    expect(statements).toBe(1);
    expect(counted.entries.map((note) => note.sequence)).toEqual([1, 2, 3]);
    expect(counted.entries[0].prevHash).toBe(GENESIS_HASH);
    expect(counted.entries[1].prevHash).toBe(counted.entries[0].hash);
    expect(counted.head).toEqual({ version: 3, lastHash: counted.entries[2].hash });
    expect(await stored(accountId)).toEqual(counted.entries);
    const [account] = await dataSource.query('SELECT version, last_hash, balance FROM accounts WHERE account_id = $1', [accountId]);
    expect(account).toEqual({ version: 3, last_hash: counted.entries[2].hash, balance: 6 });
  });

  it('refuses an append decided on a stale version, and one whose head moved meanwhile, writing nothing', async () => {
    const accountId = await openAccount();
    await append(accountId, [5], 0);
    await expect(append(accountId, [7], 0)).rejects.toThrow(ConflictError);
    await expect(append(accountId, [7], 0)).rejects.toThrow('the journal is at version 1, not the expected 0');
    const moved = dataSource.transaction(async (manager) => {
      const head = await lockedHead(manager, accountId);
      await manager.query('UPDATE accounts SET version = version + 1 WHERE account_id = $1', [accountId]);
      return journalStore.appendEntries(manager, notes, accountId, head, [{ id: uuid(1000 + ++ids), accountId, amount: 1, memo: {} }]);
    });
    await expect(moved).rejects.toThrow(JOURNAL_MOVED); // the append fails in the database, and the transaction with it
    expect((await stored(accountId)).map((note) => note.amount)).toEqual([5]);
    await append(accountId, [7], 1);
    expect((await stored(accountId)).map((note) => note.amount)).toEqual([5, 7]);
  });

  it.each([
    ['UPDATE notes SET amount = 0'],
    ['DELETE FROM notes'],
    ['TRUNCATE notes CASCADE'],
    ['UPDATE note_leaves SET leaf_index = leaf_index + 1'],
    ['DELETE FROM note_leaves'],
  ])('the database refuses %s', async (statement) => {
    const accountId = await openAccount();
    await append(accountId, [1]);
    await sealer.checkpoint();
    await expect(dataSource.query(statement)).rejects.toThrow(/is append-only/);
  });

  it('verifies a stream’s chain against its head, and names the entry where a rewrite breaks it', async () => {
    const accountId = await openAccount();
    await append(accountId, [1, 2]);
    await append(accountId, [3]);
    const verify = () =>
      dataSource.transaction(async (manager) => proofs.verifyStream(manager, accountId, await lockedHead(manager, accountId)));
    expect((await verify()).verification).toMatchObject({ valid: true, checked: 3 });

    const [second] = (await stored(accountId)).filter((note) => note.sequence === 2);
    await dataSource.query('ALTER TABLE notes DISABLE TRIGGER notes_no_update_or_delete');
    await dataSource.query('UPDATE notes SET amount = 200 WHERE id = $1', [second.id]);
    await dataSource.query('ALTER TABLE notes ENABLE TRIGGER notes_no_update_or_delete');
    expect((await verify()).verification).toMatchObject({ valid: false, checked: 1, firstBrokenSequence: 2, firstBroken: { id: second.id }, problem: 'chain-broken' });
  });

  it('seals committed entries into the tree, signs its head, and proves an entry and two heads consistent', async () => {
    const accountId = await openAccount();
    const { entries } = await append(accountId, [10, 20]);
    const first = (await sealer.checkpoint())!;
    expect(first).toMatchObject({ log: 'test-notes' });
    expect(verifyTreeHead(first, transparency.signer.keyring())).toBe(true);
    expect(signed.at(-1)).toEqual(first);
    expect(await sealer.checkpoint()).toBeUndefined(); // nothing new

    const proof = await proofs.fromTree((manager) => proofs.inclusionProof(manager, accountId, entries[1].id));
    const leaf = leafHash(canonicalJson(notes.chainFields(entries[1])));
    expect(proof).toMatchObject({ entry: entries[1], treeSize: first.treeSize, rootHash: first.rootHash, leafHash: leaf.toString('hex'), treeHead: first });
    const path = proof.path.map((hash) => Buffer.from(hash, 'hex'));
    expect(verifyInclusion(proof.leafIndex, proof.treeSize, leaf, path, Buffer.from(first.rootHash, 'hex'))).toBe(true);

    const { entries: later } = await append(accountId, [30]);
    await expect(proofs.fromTree((manager) => proofs.inclusionProof(manager, accountId, later[0].id))).rejects.toThrow(/not in the journal tree/);
    const second = (await sealer.checkpoint())!;
    const consistency = await proofs.consistencyProof(first.treeSize);
    expect(consistency).toMatchObject({ fromSize: first.treeSize, toSize: second.treeSize, fromRoot: first.rootHash, toRoot: second.rootHash });

    const stream = await dataSource.transaction(async (manager) => proofs.verifyStream(manager, accountId, await lockedHead(manager, accountId)));
    expect(stream.verification).toMatchObject({ valid: true, checked: 3, provenInCheckpoint: 3, awaitingCheckpoint: 0, checkpoint: second });

    const { text, exported } = await proofs.fromTree((manager) => proofs.exportStream(manager, accountId, (all) => ({ accountId, notes: all.length })));
    expect(exported).toHaveLength(3);
    const verdict = await verifyLogExport(text.trimEnd().split('\n'), transparency.signer.keyring());
    expect(verdict).toMatchObject({ valid: true, records: 3, problemCount: 0 });
  });

  it('replays the whole tree from the entries against every checkpoint, and finds an entry changed since it was signed', async () => {
    const accountId = await openAccount();
    const { entries } = await append(accountId, [40, 50]);
    await sealer.checkpoint();
    expect(await proofs.verifyTree()).toMatchObject({ valid: true });

    await dataSource.query('ALTER TABLE notes DISABLE TRIGGER notes_no_update_or_delete');
    await dataSource.query('UPDATE notes SET memo = $2 WHERE id = $1', [entries[0].id, { why: 'rewritten' }]);
    await dataSource.query('ALTER TABLE notes ENABLE TRIGGER notes_no_update_or_delete');
    expect(await proofs.verifyTree()).toMatchObject({ valid: false, problem: 'entry-changed', firstBad: { id: entries[0].id } });
  });
});
