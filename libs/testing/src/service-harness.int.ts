import { Module } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { ServiceDefinition } from '@icjims/platform';
import { RunningServices, startServices } from './service-harness';

class Ledger1700000000001 implements MigrationInterface {
  name = 'Ledger1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE ledger (id serial PRIMARY KEY, entry text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger');
  }
}

@Module({})
class EmptyModule {}

const ledgerService: ServiceDefinition = {
  name: 'audit',
  title: 'Harness test service',
  description: 'A test-only service with one append-only table',
  defaultPort: 0,
  schema: 'harness_test',
  module: EmptyModule,
  migrations: [Ledger1700000000001],
  appendOnlyTables: ['ledger'],
};

describe('startServices', () => {
  let services: RunningServices;

  beforeAll(async () => {
    services = await startServices([ledgerService]);
  });
  afterAll(() => services?.stop());

  it('gives suites a session as the service’s database role, which may append to an append-only table but not change it', async () => {
    const asService = services.dbAsService('audit');
    await expect(asService.query('SELECT current_user AS role')).resolves.toMatchObject({ rows: [{ role: 'icjims_harness_test' }] });
    await asService.query(`INSERT INTO ledger (entry) VALUES ('opened')`);
    await expect(asService.query(`UPDATE ledger SET entry = 'rewritten'`)).rejects.toThrow(/permission denied for table ledger/);
    await expect(asService.query('DELETE FROM ledger')).rejects.toThrow(/permission denied for table ledger/);
  });

  it('keeps the owner’s session unrestricted, for looking behind the API', async () => {
    await services.db.query(`INSERT INTO harness_test.ledger (entry) VALUES ('by the owner')`);
    await services.db.query(`DELETE FROM harness_test.ledger WHERE entry = 'by the owner'`);
  });

  it('names the services it started when asked for another', () => {
    expect(() => services.dbAsService('case-registry')).toThrow(/case-registry was not started here \(started: audit\)/);
  });
});
