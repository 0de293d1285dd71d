import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { migrateServiceDatabase, serviceDataSourceOptions } from './service-database';
import { DatabaseRoleError } from './service-role';
import { createUniqueDatabase } from './create-database';
import { createTableMigration, freshName } from './persistence.fixtures';

const createDatabase = (label: string) => createUniqueDatabase(process.env.TEST_POSTGRES_URL, label);

const CreateLedger1700000000001 = createTableMigration('CreateLedger1700000000001', 'ledger', 'entry');

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

  it('puts the service schema first on the search path, runs as the service role and never synchronizes', () => {
    const options = serviceDataSourceOptions({ ...base, schema: 'case_registry' });
    expect(options).toMatchObject({ schema: 'case_registry', synchronize: false, migrationsTransactionMode: 'each' });
    expect(options.extra).toMatchObject({ options: '-c search_path=case_registry -c role=icjims_case_registry' });
  });

  it('leaves the role out of the owner’s session, which runs the migrations', () => {
    expect(serviceDataSourceOptions({ ...base, schema: 'case_registry' }, 'owner').extra).toMatchObject({ options: '-c search_path=case_registry' });
  });

  it('refuses a schema name too long for its role name', () => {
    expect(() => serviceDataSourceOptions({ ...base, schema: 'x'.repeat(57) })).toThrow(/too long for its database role/);
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
    const dataSource = await migrateServiceDatabase({ migrationUrl: url, schema, entities: [], migrations });
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
      migrateServiceDatabase({ migrationUrl: url, schema: 'ledger_six', entities: [], migrations: [CreateLedger1700000000001, BrokenMigration1700000000003] }),
    ).rejects.toThrow(/no_such_table/);
    typeormConsole.mockRestore();
    const check = await migrate('ledger_six', [CreateLedger1700000000001]);
    await expect(check.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 0 }]);
  });
});

const CreateJournal1700000000004 = createTableMigration('CreateJournal1700000000004', 'journal', 'entry');

describe('the service role', () => {
  let url: string;
  let owner: Client;
  const open: DataSource[] = [];

  beforeAll(async () => {
    url = await createDatabase('service_role');
    owner = new Client({ connectionString: url });
    await owner.connect();
  });
  afterAll(async () => {
    for (const dataSource of open) if (dataSource.isInitialized) await dataSource.destroy();
    await owner.end();
  });

  async function migrate(schema: string, appendOnlyTables: string[] = [], at = url): Promise<DataSource> {
    const dataSource = await migrateServiceDatabase({ migrationUrl: at, schema, entities: [], migrations: [CreateLedger1700000000001, CreateJournal1700000000004], appendOnlyTables });
    open.push(dataSource);
    return dataSource;
  }

  /** Removes a role that only tests use, with its privileges in every database that granted it some. */
  async function dropRole(role: string, databases: string[]): Promise<void> {
    for (const database of databases) {
      const client = new Client({ connectionString: database });
      await client.connect();
      await client.query(`DROP OWNED BY ${role}`);
      await client.end();
    }
    await owner.query(`DROP ROLE ${role}`);
  }

  it('runs the service’s connections as its role, which reads and writes the service’s tables', async () => {
    const dataSource = await migrate('role_plain');
    await expect(dataSource.query('SELECT current_user AS role')).resolves.toEqual([{ role: 'icjims_role_plain' }]);
    await dataSource.query(`INSERT INTO ledger (entry) VALUES ('draft')`);
    await dataSource.query(`UPDATE ledger SET entry = 'final'`);
    await expect(dataSource.query('SELECT entry FROM ledger')).resolves.toEqual([{ entry: 'final' }]);
    await dataSource.query('DELETE FROM ledger');
  });

  it('lets the role only read and append to an append-only table, and still write the others', async () => {
    const dataSource = await migrate('role_append_only', ['ledger']);
    await dataSource.query(`INSERT INTO ledger (entry) VALUES ('opened')`);
    await expect(dataSource.query('SELECT entry FROM ledger')).resolves.toEqual([{ entry: 'opened' }]);
    await expect(dataSource.query(`UPDATE ledger SET entry = 'rewritten'`)).rejects.toThrow(/permission denied for table ledger/);
    await expect(dataSource.query('DELETE FROM ledger')).rejects.toThrow(/permission denied for table ledger/);
    await expect(dataSource.query('TRUNCATE ledger')).rejects.toThrow(/permission denied for table ledger/);

    await dataSource.query(`INSERT INTO journal (entry) VALUES ('draft')`);
    await dataSource.query(`UPDATE journal SET entry = 'final'`);
    await dataSource.query('DELETE FROM journal');
  });

  it('keeps a table append-only when the service starts again', async () => {
    await migrate('role_restart', ['ledger']);
    const restarted = await migrate('role_restart', ['ledger']);
    await expect(restarted.query('DELETE FROM ledger')).rejects.toThrow(/permission denied for table ledger/);
  });

  it('keeps the role out of another service’s schema', async () => {
    await migrate('role_neighbour');
    const dataSource = await migrate('role_nosy');
    await expect(dataSource.query('SELECT * FROM role_neighbour.ledger')).rejects.toThrow(/permission denied for schema role_neighbour/);
  });

  it('refuses to start with an append-only table that does not exist', async () => {
    await expect(migrate('role_typo', ['ledgr'])).rejects.toThrow(/ledgr/);
  });

  it('creates the role once when the same service starts in several databases at once', async () => {
    const schema = freshName('role_race');
    const databases = await Promise.all([1, 2, 3, 4].map(() => createDatabase('service_role_race')));
    const dataSources = await Promise.all(databases.map((database) => migrate(schema, ['ledger'], database)));
    for (const dataSource of dataSources) await expect(dataSource.query('SELECT current_user AS role')).resolves.toEqual([{ role: `icjims_${schema}` }]);
    await expect(owner.query('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [`icjims_${schema}`])).resolves.toMatchObject({ rows: [{ n: 1 }] });
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await dropRole(`icjims_${schema}`, databases);
  });

  it('fails with the statements to run when the login user may not create the missing role', async () => {
    const login = freshName('t_login');
    await owner.query(`CREATE ROLE ${login} LOGIN PASSWORD 'test-only'`);
    const database = new URL(url).pathname.slice(1);
    await owner.query(`GRANT CREATE ON DATABASE "${database}" TO ${login}`);
    const asLogin = new URL(url);
    asLogin.username = login;
    asLogin.password = 'test-only';
    const schema = freshName('role_missing');
    try {
      const started = migrate(schema, [], asLogin.toString());
      await expect(started).rejects.toThrow(DatabaseRoleError);
      await expect(started).rejects.toThrow(`Database role icjims_${schema} does not exist and database user "${login}" may not create it: as an administrator, run CREATE ROLE icjims_${schema} NOLOGIN; GRANT icjims_${schema} TO "${login}";`);
    } finally {
      await dropRole(login, [url]);
    }
  });
});
