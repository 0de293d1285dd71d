import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM lists entities and migrations as classes */
export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own schema; no other service reads it. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * TypeORM options for one service: its schema first on the search path (so migrations
 * and raw SQL need no prefix), migrations only — never `synchronize`.
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): PostgresDataSourceOptions {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
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
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
  };
}

/**
 * Creates the schema if needed and applies pending migrations, one transaction each.
 * An advisory lock serialises instances of the same service starting together.
 */
export async function migrateServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const lock = new Client({ connectionString: options.url });
  lock.on('error', () => undefined); // a dropped connection fails the query in hand; never crash the process
  await lock.connect();
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`icjims:migrate:${options.schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    await dataSource.initialize();
    await dataSource.runMigrations();
    return dataSource;
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  } finally {
    await lock.end(); // ends the session, which releases the lock
  }
}
