import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { migrateServiceDatabase, serviceDataSourceOptions } from './service-database';
import { createUniqueDatabase } from './create-database';

const createDatabase = (label: string) => createUniqueDatabase(process.env.TEST_POSTGRES_URL, label);

class CreateLedger1700000000001 implements MigrationInterface {
  name = 'CreateLedger1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE ledger (id serial PRIMARY KEY, entry text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger');
  }
}

class SeedLedger1700000000002 implements MigrationInterface {
  name = 'SeedLedger1700000000002';
  async up(db: QueryRunner): Promise<void> {
    await db.query(`INSERT INTO ledger (entry) VALUES ('opened')`);
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM ledger WHERE entry = 'opened'`);
  }
}

class BrokenMigration1700000000003 implements MigrationInterface {
  name = 'BrokenMigration1700000000003';
  async up(db: QueryRunner): Promise<void> {
    await db.query(`INSERT INTO ledger (entry) VALUES ('half-done')`);
    await db.query('SELECT * FROM no_such_table');
  }
  async down(): Promise<void> {}
}

describe('serviceDataSourceOptions', () => {
  const base = { url: 'postgres://localhost/icjims', entities: [], migrations: [] };

  it('puts the service schema first on the search path and never synchronizes', () => {
    const options = serviceDataSourceOptions({ ...base, schema: 'case_registry' });
    expect(options).toMatchObject({ schema: 'case_registry', synchronize: false, migrationsTransactionMode: 'each' });
    expect(options.extra).toMatchObject({ options: '-c search_path=case_registry' });
  });

  it.each(['Case', 'case-registry', 'case;drop', '1case', 'x'.repeat(64), ''])('refuses the schema name "%s"', (schema) => {
    expect(() => serviceDataSourceOptions({ ...base, schema })).toThrow(/invalid schema name/);
  });
});

describe('migrateServiceDatabase', () => {
  let url: string;
  const open: DataSource[] = [];

  beforeAll(async () => {
    url = await createDatabase('service_database');
  });
  afterAll(async () => {
    for (const dataSource of open) if (dataSource.isInitialized) await dataSource.destroy();
  });

  async function migrate(schema: string, migrations: (new () => MigrationInterface)[]): Promise<DataSource> {
    const dataSource = await migrateServiceDatabase({ url, schema, entities: [], migrations });
    open.push(dataSource);
    return dataSource;
  }

  it('creates the schema and applies the migrations in it', async () => {
    const dataSource = await migrate('ledger_one', [CreateLedger1700000000001, SeedLedger1700000000002]);
    await expect(dataSource.query('SELECT entry FROM ledger')).resolves.toEqual([{ entry: 'opened' }]);
    await expect(dataSource.query(`SELECT to_regclass('ledger_one.ledger') IS NOT NULL AS exists`)).resolves.toEqual([{ exists: true }]);
    await expect(dataSource.query(`SELECT to_regclass('public.ledger') IS NOT NULL AS exists`)).resolves.toEqual([{ exists: false }]);
  });

  it('applies each migration once when two instances start together', async () => {
    const [one, other] = await Promise.all([
      migrate('ledger_two', [CreateLedger1700000000001, SeedLedger1700000000002]),
      migrate('ledger_two', [CreateLedger1700000000001, SeedLedger1700000000002]),
    ]);
    await expect(one.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 1 }]);
    await expect(other.query('SELECT name FROM migrations ORDER BY id')).resolves.toEqual([
      { name: 'CreateLedger1700000000001' },
      { name: 'SeedLedger1700000000002' },
    ]);
  });

  it('applies only the new migrations on a later start', async () => {
    await migrate('ledger_three', [CreateLedger1700000000001]);
    const later = await migrate('ledger_three', [CreateLedger1700000000001, SeedLedger1700000000002]);
    await expect(later.query('SELECT entry FROM ledger')).resolves.toEqual([{ entry: 'opened' }]);
  });

  it('keeps two services’ tables apart in one database', async () => {
    const first = await migrate('ledger_four', [CreateLedger1700000000001, SeedLedger1700000000002]);
    const second = await migrate('ledger_five', [CreateLedger1700000000001]);
    await expect(first.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 1 }]);
    await expect(second.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 0 }]);
  });

  it('rolls back a failing migration completely and reports the failure', async () => {
    await migrate('ledger_six', [CreateLedger1700000000001]);
    const typeormConsole = jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM reports the failure there
    await expect(
      migrateServiceDatabase({ url, schema: 'ledger_six', entities: [], migrations: [CreateLedger1700000000001, BrokenMigration1700000000003] }),
    ).rejects.toThrow(/no_such_table/);
    typeormConsole.mockRestore();
    const check = await migrate('ledger_six', [CreateLedger1700000000001]);
    await expect(check.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 0 }]);
  });
});
