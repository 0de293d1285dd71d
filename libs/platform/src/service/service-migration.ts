import { DeadLetterReplays1764000000200, InboxEntry, MessagingTables1763900000000, OutboxDeadLetterIndex1764000000100, OutboxMessage } from '@icjims/messaging';
import { createLogger } from '@icjims/observability';
import { DatabaseLogins, DatabaseRoleError, migrateServiceSchema, ServiceDatabaseOptions } from '@icjims/persistence';
import { redactUrl, ServiceConfig } from '../config/service-config';
import { IdempotencyKeys1763900000050 } from '../idempotency/idempotency-keys.migration';
import { Installation1764000000000 } from '../jurisdiction/installation.migration';
import { featureEntities } from './feature-entities';
import { ServiceDefinition } from './service-definition';

/**
 * A service's schema, entities, tables and migrations. Entities: the platform's own (outbox, inbox)
 * and those the service's modules declare with TypeOrmModule.forFeature. Migrations: the platform's
 * own (outbox, inbox, idempotency keys), the service's, then the installation record and the
 * outbox's dead-letter index and replay columns.
 */
export function serviceDatabaseOptions(definition: ServiceDefinition, database: DatabaseLogins): ServiceDatabaseOptions {
  return {
    ...database,
    schema: definition.schema,
    entities: [OutboxMessage, InboxEntry, ...featureEntities(definition.module)],
    migrations: [MessagingTables1763900000000, IdempotencyKeys1763900000050, ...definition.migrations, Installation1764000000000, OutboxDeadLetterIndex1764000000100, DeadLetterReplays1764000000200],
    appendOnlyTables: definition.appendOnlyTables,
    applicationName: definition.name,
  };
}

/**
 * `main.js --migrate-only`: the separate migration step of a deployment. With the owner's
 * DATABASE_MIGRATION_URL, migrates each service's schema, grants its role and — when
 * DATABASE_URL is set — makes that login able to log in (its password set from the URL) and
 * act as the role. The services themselves then need only DATABASE_URL. Exits 0 when done,
 * 1 with one line otherwise.
 */
export async function runMigrationStep(definitions: ServiceDefinition[], config: ServiceConfig): Promise<void> {
  const logger = createLogger({ service: 'migrate', level: config.logLevel });
  const migrationUrl = config.databaseMigrationUrl;
  if (!migrationUrl) {
    process.stderr.write('Invalid configuration: --migrate-only needs DATABASE_MIGRATION_URL (the login that owns the schemas)\n');
    process.exit(1);
  }
  try {
    for (const definition of definitions) {
      await migrateServiceSchema({ ...serviceDatabaseOptions(definition, { runtimeUrl: config.databaseUrl }), migrationUrl });
      logger.info({ schema: definition.schema, login: config.databaseUrl ? redactUrl(config.databaseUrl) : undefined }, `${definition.name} migrated`);
    }
  } catch (error) {
    if (error instanceof DatabaseRoleError) process.stderr.write(`${error.message}\n`);
    else logger.fatal({ err: error }, 'migration failed');
    process.exit(1);
  }
  process.exit(0);
}
