import { DataSource, EntityManager } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The connections indicator tables are read on: a pool of their own, as the service's login,
 * whose sessions are read-only and cancel any statement running past the time limit — both set
 * once, when a session starts. A table then costs the round trips of its queries alone, where a
 * read-only transaction with its time limit would add two (START … SET LOCAL, and COMMIT).
 */
export class TableReads {
  private readonly source: DataSource;

  constructor(
    private readonly service: DataSource,
    timeLimitMs: number,
  ) {
    const options = service.options as PostgresDataSourceOptions;
    const session = `${options.extra?.options ?? ''} -c default_transaction_read_only=on -c statement_timeout=${timeLimitMs}`.trim();
    this.source = new DataSource({
      ...options,
      entities: [], migrations: [], subscribers: [], migrationsRun: false, synchronize: false, dropSchema: false, cache: false,
      extra: { ...options.extra, options: session },
    });
  }

  /**
   * Opens the pool. TypeORM would first ask the server its version, database and schema, under
   * the time limit (a short one cancels them): it is told what the service's own pool found.
   */
  open(): Promise<unknown> {
    const { version, database, searchSchema } = this.service.driver as PostgresDriver;
    Object.assign(this.source.driver, { version, database, searchSchema });
    return this.source.initialize();
  }

  close(): Promise<void> {
    return this.source.isInitialized ? this.source.destroy() : Promise.resolve();
  }

  /** Runs `work` on one session of the pool, then gives the session back. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.source.createQueryRunner();
    try {
      await runner.connect();
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
