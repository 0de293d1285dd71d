import { DataSource } from 'typeorm';
import { createUniqueDatabase } from '@icjims/persistence';
import { INSERTING_TRANSACTION_COLUMN, insertedBeforeOpenTransactions, insertedBeforeOpenWriters, tryTransactionLock } from './commit-order';

describe('reading in commit-safe order', () => {
  let dataSource: DataSource;
  const rows = async () =>
    (await dataSource.query(`SELECT label FROM ledger WHERE ${insertedBeforeOpenTransactions()} ORDER BY transaction_id, position`)).map((row: { label: string }) => row.label);

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'commit_order') });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ledger (position bigserial PRIMARY KEY, label text NOT NULL, ${INSERTING_TRANSACTION_COLUMN})`);
    await dataSource.query(`CREATE TABLE elsewhere (note text)`);
  });
  afterAll(() => dataSource.destroy());

  it('holds back a later commit until an earlier transaction still open has ended, then gives both in transaction order', async () => {
    const early = dataSource.createQueryRunner();
    await early.startTransaction();
    await early.query(`INSERT INTO ledger (label) VALUES ('early')`);
    await dataSource.query(`INSERT INTO ledger (label) VALUES ('late')`); // commits at once, after `early` began
    expect(await rows()).toEqual([]);
    await early.commitTransaction();
    await early.release();
    expect(await rows()).toEqual(['early', 'late']);
  });

  describe('below the oldest open writer of the table', () => {
    const writerSafeRows = async () =>
      (await dataSource.query(`SELECT label FROM ledger WHERE ${insertedBeforeOpenWriters('ledger')} ORDER BY transaction_id, position`)).map(
        (row: { label: string }) => row.label,
      );
    beforeEach(() => dataSource.query('TRUNCATE ledger'));

    it('is not held back by an older open transaction that has not written the table', async () => {
      const other = dataSource.createQueryRunner();
      await other.startTransaction();
      await other.query(`INSERT INTO elsewhere (note) VALUES ('a long consumer batch')`); // takes a transaction id
      try {
        await dataSource.query(`INSERT INTO ledger (label) VALUES ('late')`);
        expect(await rows()).toEqual([]); // the cluster-wide bound waits for it
        expect(await writerSafeRows()).toEqual(['late']);
      } finally {
        await other.rollbackTransaction();
        await other.release();
      }
    });

    it('holds back a later commit while an earlier writer of the table is open, then gives both in transaction order', async () => {
      const early = dataSource.createQueryRunner();
      await early.startTransaction();
      await early.query(`INSERT INTO elsewhere (note) VALUES ('first its own table')`);
      await early.query(`INSERT INTO ledger (label) VALUES ('early')`);
      await dataSource.query(`INSERT INTO ledger (label) VALUES ('late')`);
      expect(await writerSafeRows()).toEqual([]);
      await early.commitTransaction();
      await early.release();
      expect(await writerSafeRows()).toEqual(['early', 'late']);
    });

    it('reads everything committed when nothing is open', async () => {
      await dataSource.query(`INSERT INTO ledger (label) VALUES ('one'), ('two')`);
      expect(await writerSafeRows()).toEqual(['one', 'two']);
    });
  });

  it('gives the named lock to one transaction at a time', async () => {
    const holder = dataSource.createQueryRunner();
    await holder.startTransaction();
    expect(await tryTransactionLock(holder.manager, 'sealer')).toBe(true);
    expect(await dataSource.transaction((manager) => tryTransactionLock(manager, 'sealer'))).toBe(false);
    expect(await dataSource.transaction((manager) => tryTransactionLock(manager, 'another'))).toBe(true);
    await holder.commitTransaction();
    await holder.release();
    expect(await dataSource.transaction((manager) => tryTransactionLock(manager, 'sealer'))).toBe(true);
  });
});
