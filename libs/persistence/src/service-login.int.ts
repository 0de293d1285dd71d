import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createUniqueDatabase } from './create-database';
import { migrateServiceDatabase, serviceRuntimeUrl, ServiceDatabaseOptions } from './service-database';
import { derivedLoginUrl, loginPowers } from './service-login';
import { DatabaseRoleError } from './service-role';
import { createTableMigration, freshName } from './persistence.fixtures';

/** An append-only ledger, guarded by a trigger like audit's access_log and procedural-steps' steps. */
class CreateGuardedLedger1700000000001 implements MigrationInterface {
  name = 'CreateGuardedLedger1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE ledger (id serial PRIMARY KEY, entry text NOT NULL)');
    await db.query(`CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger is append-only'; END $$`);
    await db.query('CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only()');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ledger');
  }
}

const AddNotes1700000000002 = createTableMigration('AddNotes1700000000002', 'notes', 'note');

/** A URL of the same database as another login. */
function as(url: string, login: string, password: string): string {
  const other = new URL(url);
  other.username = login;
  other.password = password;
  return other.toString();
}

describe('the runtime login of a migrated service', () => {
  let ownerUrl: string;
  let owner: Client;
  const open: DataSource[] = [];
  const logins: string[] = [];

  beforeAll(async () => {
    ownerUrl = await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'service_login');
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
  });
  afterAll(async () => {
    for (const dataSource of open) if (dataSource.isInitialized) await dataSource.destroy();
    for (const login of logins) await owner.query(`DROP OWNED BY ${login}`).then(() => owner.query(`DROP ROLE ${login}`));
    await owner.end();
  });

  async function start(schema: string, logins: Partial<ServiceDatabaseOptions> = { migrationUrl: ownerUrl }, migrations = [CreateGuardedLedger1700000000001]): Promise<DataSource> {
    const dataSource = await migrateServiceDatabase({ schema, entities: [], migrations, appendOnlyTables: ['ledger'], ...logins });
    open.push(dataSource);
    return dataSource;
  }

  /** A login an administrator created: LOGIN, a password, nothing else. */
  async function createLogin(attributes = ''): Promise<{ login: string; url: string }> {
    const login = freshName('t_runtime');
    await owner.query(`CREATE ROLE ${login} LOGIN PASSWORD 'test-only' ${attributes}`);
    logins.push(login);
    return { login, url: as(ownerUrl, login, 'test-only') };
  }

  describe('as a session an attacker controls', () => {
    let session: Client;
    beforeAll(async () => {
      await start('login_victim');
      await start('login_neighbour');
      session = new Client({ connectionString: serviceRuntimeUrl({ migrationUrl: ownerUrl }, 'login_victim'), options: '-c search_path=login_victim -c role=icjims_login_victim' });
      await session.connect();
      await session.query(`INSERT INTO ledger (entry) VALUES ('history')`);
    });
    afterAll(() => session.end());

    it('logs in as its own login, which has no power beyond its service', async () => {
      await expect(session.query('SELECT session_user AS login, current_user AS role')).resolves.toMatchObject({ rows: [{ login: 'icjims_login_victim', role: 'icjims_login_victim' }] });
      await expect(loginPowers((sql, parameters) => session.query(sql, parameters).then((result) => result.rows))).resolves.toEqual([]);
    });

    it.each(['SET ROLE NONE', 'RESET ROLE', 'RESET ALL'])('stays itself after %s', async (statement) => {
      await session.query(statement);
      await expect(session.query('SELECT current_user AS role')).resolves.toMatchObject({ rows: [{ role: 'icjims_login_victim' }] });
      await expect(session.query(`UPDATE ledger SET entry = 'rewritten'`)).rejects.toThrow(/permission denied for table ledger/);
      await session.query('SET search_path = login_victim');
    });

    it.each([
      ['SET ROLE to the owner', () => `SET ROLE ${new URL(ownerUrl).username}`, /permission denied to set role/],
      ['SET SESSION AUTHORIZATION', () => `SET SESSION AUTHORIZATION ${new URL(ownerUrl).username}`, /permission denied to set session authorization/],
      ['disable the append-only trigger', () => 'ALTER TABLE ledger DISABLE TRIGGER ALL', /must be owner of table ledger/],
      ['drop the trigger', () => 'DROP TRIGGER ledger_append_only ON ledger', /must be owner of (table|relation) ledger/],
      ['drop the table', () => 'DROP TABLE ledger', /must be owner of table ledger/],
      ['truncate the table', () => 'TRUNCATE ledger', /permission denied for table ledger/],
      ['rewrite the table', () => `UPDATE ledger SET entry = 'rewritten'`, /permission denied for table ledger/],
      ['delete from the table', () => 'DELETE FROM ledger', /permission denied for table ledger/],
      ['forget a migration', () => 'DELETE FROM migrations', /permission denied for table migrations/],
      ['create a table in the schema', () => 'CREATE TABLE login_victim.mine (id int)', /permission denied for schema login_victim/],
      ['create a schema', () => 'CREATE SCHEMA mine', /permission denied for database/],
      ['read another service’s schema', () => 'SELECT * FROM login_neighbour.ledger', /permission denied for schema login_neighbour/],
      ['grant itself more', () => `GRANT UPDATE ON ledger TO icjims_login_victim; UPDATE ledger SET entry = 'rewritten'`, /permission denied for table ledger/],
      ['give itself powers', () => 'ALTER ROLE icjims_login_victim CREATEROLE', /permission denied to alter role/],
    ])('cannot %s', async (_what, statement, refusal) => {
      await expect(session.query(statement())).rejects.toThrow(refusal);
      await expect(session.query('SELECT entry FROM ledger')).resolves.toMatchObject({ rows: [{ entry: 'history' }] });
    });
  });

  it('may still append to and read its append-only table, and write its other tables', async () => {
    const dataSource = await start('login_writer', { migrationUrl: ownerUrl }, [CreateGuardedLedger1700000000001, AddNotes1700000000002]);
    await dataSource.query(`INSERT INTO ledger (entry) VALUES ('one'), ('two')`);
    await dataSource.query(`INSERT INTO notes (note) VALUES ('draft')`);
    await dataSource.query(`UPDATE notes SET note = 'final'`);
    await expect(dataSource.query('SELECT count(*)::int AS n FROM ledger')).resolves.toEqual([{ n: 2 }]);
    await dataSource.query('DELETE FROM notes');
  });

  it('runs as a login an administrator created, made a member of the service role by the migration', async () => {
    const { login, url } = await createLogin();
    const dataSource = await start('login_admin_made', { migrationUrl: ownerUrl, runtimeUrl: url });
    await expect(dataSource.query('SELECT session_user AS login, current_user AS role')).resolves.toEqual([{ login, role: 'icjims_login_admin_made' }]);
    await dataSource.query(`INSERT INTO ledger (entry) VALUES ('one')`);
    await expect(dataSource.query('DELETE FROM ledger')).rejects.toThrow(/permission denied for table ledger/);
  });

  it('sets a rotated password at the next start with the migration login', async () => {
    const login = freshName('t_rotated');
    logins.push(login);
    await start('login_rotated', { migrationUrl: ownerUrl, runtimeUrl: as(ownerUrl, login, 'first-password') });
    const restarted = await start('login_rotated', { migrationUrl: ownerUrl, runtimeUrl: as(ownerUrl, login, 'second-password') });
    await expect(restarted.query('SELECT session_user AS login')).resolves.toEqual([{ login }]);
    const old = new Client({ connectionString: as(ownerUrl, login, 'first-password') });
    await expect(old.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('runs without a migration login once a separate step has migrated', async () => {
    const { url } = await createLogin();
    await start('login_premigrated', { migrationUrl: ownerUrl, runtimeUrl: url });
    const dataSource = await start('login_premigrated', { runtimeUrl: url });
    await dataSource.query(`INSERT INTO ledger (entry) VALUES ('one')`);
  });

  it('refuses to run without a migration login while migrations are pending, naming them', async () => {
    const { url } = await createLogin();
    await start('login_behind', { migrationUrl: ownerUrl, runtimeUrl: url });
    const started = start('login_behind', { runtimeUrl: url }, [CreateGuardedLedger1700000000001, AddNotes1700000000002]);
    await expect(started).rejects.toThrow(DatabaseRoleError);
    await expect(started).rejects.toThrow('Schema login_behind lacks 1 migration(s) (AddNotes1700000000002): run the migration step (main.js --migrate-only with DATABASE_MIGRATION_URL');
  });

  it('refuses, in one line, a runtime login that is a superuser', async () => {
    const started = start('login_superuser', { migrationUrl: ownerUrl, runtimeUrl: ownerUrl });
    await expect(started).rejects.toThrow(DatabaseRoleError);
    await expect(started).rejects.toThrow(new RegExp(`^Database login "${new URL(ownerUrl).username}" in DATABASE_URL is a superuser.*: a service must run as a login that owns nothing; .*DATABASE_MIGRATION_URL.*DATABASE_ALLOW_PRIVILEGED_LOGIN=true`));
  });

  it('refuses a runtime login that owns objects, or belongs to a role that does, or may create roles', async () => {
    const { login: owning, url: owningUrl } = await createLogin();
    await owner.query(`CREATE TABLE public.${owning}_table (id int)`);
    await owner.query(`ALTER TABLE public.${owning}_table OWNER TO ${owning}`);
    await expect(start('login_owning', { migrationUrl: ownerUrl, runtimeUrl: owningUrl })).rejects.toThrow(`Database login "${owning}" in DATABASE_URL owns database objects:`);

    const { url: memberUrl, login: member } = await createLogin();
    await owner.query(`GRANT ${owning} TO ${member}`);
    await expect(start('login_owning', { migrationUrl: ownerUrl, runtimeUrl: memberUrl })).rejects.toThrow(`Database login "${member}" in DATABASE_URL belongs to ${owning}, which owns database objects:`);

    const { url: creatorUrl, login: creator } = await createLogin('CREATEROLE');
    await expect(start('login_owning', { migrationUrl: ownerUrl, runtimeUrl: creatorUrl })).rejects.toThrow(`Database login "${creator}" in DATABASE_URL may create roles (CREATEROLE):`);
  });

  it('runs as a privileged login when that is explicitly allowed (development)', async () => {
    const dataSource = await start('login_allowed', { migrationUrl: ownerUrl, runtimeUrl: ownerUrl, allowPrivilegedLogin: true });
    await expect(dataSource.query('SELECT current_user AS role')).resolves.toEqual([{ role: 'icjims_login_allowed' }]);
  });

  it('says what to do when the runtime login cannot log in and nothing may fix it', async () => {
    const { login } = await createLogin();
    await start('login_wrong', { migrationUrl: ownerUrl, runtimeUrl: as(ownerUrl, login, 'test-only') });
    const started = start('login_wrong', { runtimeUrl: as(ownerUrl, login, 'not-its-password') });
    await expect(started).rejects.toThrow(DatabaseRoleError);
    await expect(started).rejects.toThrow(`Database login "${login}" in DATABASE_URL cannot log in or may not act as icjims_login_wrong`);
  });

  it('starts two services, and two instances of one, together', async () => {
    const [first, second, again] = await Promise.all([start('login_pair_one'), start('login_pair_two'), start('login_pair_two')]);
    await first.query(`INSERT INTO ledger (entry) VALUES ('one')`);
    await second.query(`INSERT INTO ledger (entry) VALUES ('two')`);
    await expect(again.query('SELECT entry FROM ledger')).resolves.toEqual([{ entry: 'two' }]);
    await expect(first.query('SELECT * FROM login_pair_two.ledger')).rejects.toThrow(/permission denied for schema login_pair_two/);
  });

  describe('with a migration login that is not a superuser, set up as docs/operations.md says', () => {
    const schema = freshName('login_docs');
    const migrator = freshName('t_owner');
    const runtime = `icjims_${schema}`;
    let migrationUrl: string;

    beforeAll(async () => {
      const database = new URL(ownerUrl).pathname.slice(1);
      await owner.query(`CREATE ROLE ${migrator} LOGIN PASSWORD 'owner-only' CREATEROLE`);
      await owner.query(`GRANT CREATE ON DATABASE "${database}" TO ${migrator}`);
      await owner.query(`CREATE ROLE ${runtime} LOGIN PASSWORD 'first'`);
      await owner.query(`GRANT ${runtime} TO ${migrator} WITH ADMIN OPTION`);
      logins.push(runtime, migrator); // dropped in this order: the owner's objects last
      migrationUrl = as(ownerUrl, migrator, 'owner-only');
    });

    it('migrates as that login, runs as the service login, and sets a rotated password', async () => {
      const first = await start(schema, { migrationUrl, runtimeUrl: as(ownerUrl, runtime, 'first') });
      await expect(first.query('SELECT session_user AS login, current_user AS role')).resolves.toEqual([{ login: runtime, role: runtime }]);
      await expect(first.query('DELETE FROM ledger')).rejects.toThrow(/permission denied for table ledger/);
      await expect(first.query('ALTER TABLE ledger DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner of table ledger/);
      await expect(first.query(`SET ROLE ${migrator}`)).rejects.toThrow(/permission denied to set role/);
      const rotated = await start(schema, { migrationUrl, runtimeUrl: as(ownerUrl, runtime, 'second') });
      await expect(rotated.query('SELECT session_user AS login')).resolves.toEqual([{ login: runtime }]);
    });

    it('creates a service’s own login itself when none was made for it', async () => {
      const other = freshName('login_docs_made');
      logins.unshift(`icjims_${other}`);
      const dataSource = await start(other, { migrationUrl });
      await expect(dataSource.query('SELECT session_user AS login')).resolves.toEqual([{ login: `icjims_${other}` }]);
      await expect(loginPowers((sql, parameters) => dataSource.query(sql, parameters))).resolves.toEqual([]);
    });
  });

  it('derives the same service password from the same migration login, and another from another', () => {
    const derived = derivedLoginUrl(ownerUrl, 'icjims_audit');
    expect(derivedLoginUrl(ownerUrl, 'icjims_audit')).toBe(derived);
    expect(new URL(derived).username).toBe('icjims_audit');
    expect(new URL(derived).password).not.toBe(new URL(ownerUrl).password);
    expect(derivedLoginUrl(as(ownerUrl, 'icjims', 'another'), 'icjims_audit')).not.toBe(derived);
    expect(() => derivedLoginUrl(as(ownerUrl, 'icjims', ''), 'icjims_audit')).toThrow(DatabaseRoleError);
  });
});
