import { Type } from '@nestjs/common';
import { ServiceName } from '@icjims/contracts';
import type { EnvironmentSchema } from '../config/environment';
import type { AdoptJurisdiction } from '../jurisdiction/installation';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM lists entities and migrations as classes */
/** Everything the platform needs to run one service; each app exports one. */
export interface ServiceDefinition {
  name: ServiceName;
  /** OpenAPI title and description. */
  title: string;
  description: string;
  defaultPort: number;
  /** The PostgreSQL schema the service owns. */
  schema: string;
  /** The service's root feature module; the TypeORM entities its modules declare with `TypeOrmModule.forFeature` are the service's (featureEntities). */
  module: Type<unknown>;
  /** In order; the platform runs its own migrations (outbox, inbox, idempotency keys) first. */
  migrations: Function[];
  /**
   * Tables of the schema whose rows are history: the service's database role may only read
   * and insert them (no UPDATE, DELETE or TRUNCATE). Re-applied at every start.
   */
  appendOnlyTables?: string[];
  /**
   * The service's own environment variables, beyond the platform's (platformEnvironment): each
   * validated and described. Parsed once at start (a bad value stops it with one line naming
   * the variable) and listed in docs/operations.md.
   */
  environment?: EnvironmentSchema;
  /**
   * Consuming: a service's event handlers are the `@EventPattern` methods of its module's
   * controllers (libs/messaging BusTransport), which subscribe to the topics of their types'
   * producers. `maxBatchSize`: events applied per consumer transaction (default 100); larger for
   * handlers that append in bulk.
   */
  consumes?: { maxBatchSize?: number };
  /** Takes in the pack's data the service keeps, at the installation's first start and when the pack's version changes. */
  adoptJurisdiction?: AdoptJurisdiction;
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */
