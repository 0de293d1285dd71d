import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ensureServiceRole, grantServicePrivileges, serviceRoleName } from './service-role';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM lists entities and migrations as classes */
export interface ServiceDatabaseOptions {
  /** The login user, which owns the schema: migrations run as it, everything else as the service role. */
  url: string;
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

/** TypeORM options for one service's connections; migrations only — never `synchronize`. */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions, session: 'service' | 'owner' = 'service'): PostgresDataSourceOptions {
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
    extra: { max: options.poolSize ?? 10, options: serviceSessionOptions(options.schema, session) },
  };
}

/**
 * Creates the schema and the service role if needed, applies pending migrations (one
 * transaction each) as the owner, re-applies the role's privileges, and returns the
 * service's pool, which runs as the role. An advisory lock serialises instances of the
 * same service starting together.
 */
export async function migrateServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const role = serviceRoleName(options.schema);
  const owner = new Client({ connectionString: options.url });
  owner.on('error', () => undefined); // a dropped connection fails the query in hand; never crash the process
  await owner.connect();
  const migrator = new DataSource(serviceDataSourceOptions({ ...options, entities: [], poolSize: 1 }, 'owner'));
  try {
    await owner.query('SELECT pg_advisory_lock(hashtext($1))', [`icjims:migrate:${options.schema}`]);
    await owner.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    await ensureServiceRole(owner, role);
    await migrator.initialize();
    await migrator.runMigrations();
    await grantServicePrivileges(owner, options.schema, role, options.appendOnlyTables ?? []);
  } finally {
    if (migrator.isInitialized) await migrator.destroy();
    await owner.end(); // ends the session, which releases the lock
  }
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  return dataSource;
}
