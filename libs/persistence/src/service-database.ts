import { Client, DatabaseError } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { assertRuntimeLogin, derivedLoginUrl, provisionRuntimeLogin } from './service-login';
import { DatabaseRoleError, ensureServiceRole, grantServicePrivileges, serviceRoleName } from './service-role';
import { PipeliningClient } from './pipelining-client';

/**
 * Who migrates and as whom services run. At least one URL is given:
 * - `migrationUrl` only: the owner migrates, and each service runs as its own login
 *   `icjims_<schema>`, which the owner creates with a password derived from its own (embedded
 *   PostgreSQL, tests, one machine);
 * - both: the owner migrates, the service runs as the login of `runtimeUrl`;
 * - `runtimeUrl` only: a separate step has migrated; the service checks that none is pending.
 */
export interface DatabaseLogins {
  /** The login that owns the schemas: creates them and the service roles, migrates, grants. */
  migrationUrl?: string;
  /** The service's runtime login (DATABASE_URL): owns nothing, acts as the service role. */
  runtimeUrl?: string;
  /** Development only: run even when the runtime login owns objects or is a superuser. */
  allowPrivilegedLogin?: boolean;
}

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM lists entities and migrations as classes */
export interface ServiceDatabaseOptions extends DatabaseLogins {
  /** The service's own schema; no other service reads it. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Tables the service role may only read and append to (no UPDATE, DELETE or TRUNCATE). */
  appendOnlyTables?: readonly string[];
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

/**
 * libpq startup options of a session in a service's schema: the schema first on the search
 * path (so migrations and raw SQL need no prefix) and, unless it is the owner's session for
 * migrations, the service role.
 */
export function serviceSessionOptions(schema: string, session: 'service' | 'owner' = 'service'): string {
  const role = serviceRoleName(schema); // validates the schema name too
  return session === 'service' ? `-c search_path=${schema} -c role=${role}` : `-c search_path=${schema}`;
}

/** The URL a service's pool logs in with (see DatabaseLogins). */
export function serviceRuntimeUrl(logins: DatabaseLogins, schema: string): string {
  if (logins.runtimeUrl) return logins.runtimeUrl;
  if (!logins.migrationUrl) throw new Error('no database URL: give a runtime URL, a migration URL or both');
  return derivedLoginUrl(logins.migrationUrl, serviceRoleName(schema));
}

/** TypeORM options for one service's connections; migrations only — never `synchronize`. */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions & { url: string }, session: 'service' | 'owner' = 'service'): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: options.applicationName ?? options.schema,
    extra: { max: options.poolSize ?? 10, options: serviceSessionOptions(options.schema, session), Client: PipeliningClient },
  };
}

/**
 * As the owner, under an advisory lock that serialises instances of the same service:
 * creates the schema and the service role if needed, applies pending migrations (one
 * transaction each), re-applies the role's privileges, and makes the runtime login (when
 * given) able to log in and act as the role. The owner's session ends here: the separate
 * migration step (`--migrate-only`) is this alone.
 */
export async function migrateServiceSchema(options: ServiceDatabaseOptions & { migrationUrl: string }, runtimeUrl = options.runtimeUrl): Promise<void> {
  const role = serviceRoleName(options.schema);
  const owner = new Client({ connectionString: options.migrationUrl });
  owner.on('error', () => undefined); // a dropped connection fails the query in hand; never crash the process
  await owner.connect();
  const migrator = new DataSource(serviceDataSourceOptions({ ...options, url: options.migrationUrl, entities: [], poolSize: 1 }, 'owner'));
  try {
    await owner.query('SELECT pg_advisory_lock(hashtext($1))', [`icjims:migrate:${options.schema}`]);
    await owner.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    await ensureServiceRole(owner, role);
    await migrator.initialize();
    await migrator.runMigrations();
    await grantServicePrivileges(owner, options.schema, role, options.appendOnlyTables ?? []);
    if (runtimeUrl && !(await canActAsService(runtimeUrl, options.schema))) await provisionRuntimeLogin(owner, runtimeUrl, role);
  } finally {
    if (migrator.isInitialized) await migrator.destroy();
    await owner.end(); // ends the session, which releases the lock
  }
}

/**
 * Why PostgreSQL refuses a runtime login's connection, when an administrator (or the migration
 * login) can fix it: 28P01 wrong password or no such login, 28000 may not log in, 42501 may not
 * take the service role, 22023 the service role does not exist yet (nothing has migrated).
 */
const LOGIN_REFUSED = new Set(['28P01', '28000', '42501', '22023']);

const refusalCode = (error: unknown) => (error instanceof DatabaseError && LOGIN_REFUSED.has(error.code ?? '') ? error.code : undefined);

/** Whether the runtime login logs in and may take the service role (false when the migration login may fix it). */
async function canActAsService(runtimeUrl: string, schema: string): Promise<boolean> {
  const session = new Client({ connectionString: runtimeUrl, options: serviceSessionOptions(schema) });
  session.on('error', () => undefined);
  try {
    await session.connect();
    return true;
  } catch (error) {
    if (refusalCode(error)) return false;
    throw error;
  } finally {
    await session.end().catch(() => undefined);
  }
}

/** Names of the service's migrations that its schema has not recorded, read as the runtime login. */
async function pendingMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const [{ table }] = await dataSource.query<{ table: string | null }[]>(`SELECT to_regclass($1) AS table`, [`${schema}.migrations`]);
  const applied = new Set(table ? (await dataSource.query<{ name: string }[]>('SELECT name FROM migrations')).map((row) => row.name) : []);
  return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
}

/** Connecting as the runtime login failed in a way only an administrator can fix: say how, in one line. */
function loginFailure(error: unknown, runtimeUrl: string, schema: string): unknown {
  if (!refusalCode(error)) return error;
  const login = decodeURIComponent(new URL(runtimeUrl).username);
  const role = serviceRoleName(schema);
  return new DatabaseRoleError(
    `Database login "${login}" in DATABASE_URL cannot log in or may not act as ${role} (${(error as Error).message}): check its password, or as an administrator run GRANT ${role} TO "${login}"; or set DATABASE_MIGRATION_URL so that the service sets it up at start (see docs/operations.md)`,
  );
}

/** Logs in as the runtime login alone (no role taken yet) and refuses it if it has too much power. */
async function checkRuntimeLogin(runtimeUrl: string, schema: string): Promise<void> {
  const session = new Client({ connectionString: runtimeUrl });
  session.on('error', () => undefined);
  try {
    await session.connect().catch((error: unknown) => Promise.reject(loginFailure(error, runtimeUrl, schema)));
    await assertRuntimeLogin(async (sql, parameters) => (await session.query<Record<string, unknown>>(sql, parameters)).rows, 'DATABASE_URL');
  } finally {
    await session.end().catch(() => undefined);
  }
}

/**
 * Migrates the service's schema as the owner when a migration login is given, then opens
 * the service's pool as its runtime login, acting as the service role. Refuses, with one
 * line an operator can act on, a runtime login that owns anything or is a superuser (unless
 * `allowPrivilegedLogin`), and, without a migration login, a schema with pending migrations.
 */
export async function migrateServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const runtimeUrl = serviceRuntimeUrl(options, options.schema);
  if (options.migrationUrl) await migrateServiceSchema({ ...options, migrationUrl: options.migrationUrl }, runtimeUrl);
  if (!options.allowPrivilegedLogin) await checkRuntimeLogin(runtimeUrl, options.schema);
  const dataSource = new DataSource(serviceDataSourceOptions({ ...options, url: runtimeUrl }));
  try {
    await dataSource.initialize().catch((error: unknown) => Promise.reject(loginFailure(error, runtimeUrl, options.schema)));
    if (!options.migrationUrl) {
      const pending = await pendingMigrations(dataSource, options.schema);
      if (pending.length) {
        throw new DatabaseRoleError(
          `Schema ${options.schema} lacks ${pending.length} migration(s) (${pending.join(', ')}): run the migration step (main.js --migrate-only with DATABASE_MIGRATION_URL, the owner's login) or give the service DATABASE_MIGRATION_URL (see docs/operations.md)`,
        );
      }
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
