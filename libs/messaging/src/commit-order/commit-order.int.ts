import { DataSource } from 'typeorm';
import { createUniqueDatabase } from '@icjims/persistence';
import { INSERTING_TRANSACTION_COLUMN, insertedBeforeOpenTransactions, tryTransactionLock } from './commit-order';

describe('reading in commit-safe order', () => {
  let dataSource: DataSource;
  const rows = async () =>
    (await dataSource.query(`SELECT label FROM ledger WHERE ${insertedBeforeOpenTransactions()} ORDER BY transaction_id, position`)).map((row: { label: string }) => row.label);

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'commit_order') });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ledger (position bigserial PRIMARY KEY, label text NOT NULL, ${INSERTING_TRANSACTION_COLUMN})`);
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
