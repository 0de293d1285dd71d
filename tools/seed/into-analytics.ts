/**
 * Loads an event history straight into an analytics database's facts (`npm run seed -- --direct
 * --into-analytics`, and the analytics bench): migrates the analytics schema as a service start
 * would, then writes the facts in large batches through FactsBulkWriter on one connection.
 * Only the facts: the aggregates are rebuilt from them afterwards (`npm run analytics:rebuild`,
 * or the bench), the activity counts are not kept for loaded histories.
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { CloudEvent } from '@icjims/contracts';
import { migrateServiceSchema, serviceSessionOptions } from '@icjims/persistence';
import { serviceDatabaseOptions } from '@icjims/platform';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { BulkCounts, FactsBulkWriter } from '../../apps/analytics/src/facts/facts-bulk';

export interface LoadResult extends BulkCounts {
  ms: number;
}

export interface LoadOptions {
  /** The login that owns the schemas (the embedded superuser, or DATABASE_URL that may create roles). */
  migrationUrl: string;
  batchSize?: number;
  /** Called every `progressEvery` events. */
  onProgress?: (counts: BulkCounts, ms: number) => void;
  progressEvery?: number;
}

/** Migrates the analytics schema of the database `migrationUrl` names (nothing to do when it is current). */
export async function migrateAnalytics(migrationUrl: string): Promise<void> {
  await migrateServiceSchema({ ...serviceDatabaseOptions(analyticsService, {}), migrationUrl });
}

/** Writes the facts of `events` (any iterable, sync or async: a generator streams) and analyses the tables for the planner. */
export async function loadIntoAnalytics(events: Iterable<CloudEvent<unknown>> | AsyncIterable<CloudEvent<unknown>>, options: LoadOptions): Promise<LoadResult> {
  await migrateAnalytics(options.migrationUrl);
  const owner = new DataSource({ type: 'postgres', url: options.migrationUrl, applicationName: 'seed-direct', extra: { max: 1, options: serviceSessionOptions('analytics', 'owner') } });
  await owner.initialize();
  const started = performance.now();
  try {
    const writer = new FactsBulkWriter(owner.manager, options.batchSize);
    const every = options.progressEvery ?? 1_000_000;
    for await (const event of events) {
      await writer.add(event);
      if (writer.counts.events % every === 0) options.onProgress?.(writer.counts, performance.now() - started);
    }
    await writer.flush();
    await owner.query('ANALYZE fact_cases, fact_case_persons, fact_steps, fact_deadline_breaches, fact_probation_entries');
    return { ...writer.counts, ms: Math.round(performance.now() - started) };
  } finally {
    await owner.destroy();
  }
}
