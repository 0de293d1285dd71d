import { DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase } from '@icjims/testing';
import { TableReads } from './table-reads';

/** The sessions tables are read on: read-only, with the time limit, in the service's schema. */
describe('TableReads', () => {
  let service: DataSource;
  let reads: TableReads;

  beforeAll(async () => {
    const url = await createTestDatabase('table_reads');
    const setup = new DataSource({ type: 'postgres', url });
    await setup.initialize();
    await setup.query('CREATE SCHEMA figures; CREATE TABLE figures.cells (value int)');
    await setup.destroy();
    // As a service's pool: the schema first on the search path, set at the session's start.
    service = new DataSource({ type: 'postgres', url, extra: { max: 2, options: '-c search_path=figures' } });
    await service.initialize();
    reads = new TableReads(service, 250);
    await reads.open();
  });
  afterAll(async () => {
    await reads?.close();
    await service?.destroy();
  });

  const codeOf = async (read: Promise<unknown>) => ((await read.catch((error: unknown) => error)) as QueryFailedError & { driverError: { code?: string } }).driverError?.code;

  it('reads in the service’s schema, and cannot write', async () => {
    expect(await reads.read((manager) => manager.query('SELECT count(*)::int AS n FROM cells'))).toEqual([{ n: 0 }]);
    expect(await codeOf(reads.read((manager) => manager.query('INSERT INTO cells VALUES (1)')))).toBe('25006'); // read_only_sql_transaction
    expect(await service.query('SELECT count(*)::int AS n FROM cells')).toEqual([{ n: 0 }]);
  });

  it('ends a statement that runs past the time limit, and the next read goes on', async () => {
    expect(await codeOf(reads.read((manager) => manager.query('SELECT pg_sleep(2)')))).toBe('57014'); // query_canceled
    expect(await reads.read((manager) => manager.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('opens under the shortest time limit: nothing runs on its sessions before the first read', async () => {
    const hasty = new TableReads(service, 1);
    try {
      await hasty.open();
      expect(await codeOf(hasty.read((manager) => manager.query('SELECT pg_sleep(0.05)')))).toBe('57014');
    } finally {
      await hasty.close();
    }
  });

  it('leaves the service’s own sessions as they were', async () => {
    expect(await service.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
    expect(await service.query('SHOW transaction_read_only')).toEqual([{ transaction_read_only: 'off' }]);
  });
});
