import { QueryFailedError } from 'typeorm';
import { DomainError } from '@icjims/contracts';
import { ConfigError } from '@icjims/platform';

/** Injection token: how long (ms) the database may work on one table before the request is answered 503. */
export const TABLE_TIME_LIMIT = Symbol('TABLE_TIME_LIMIT');

export const TABLE_TIME_LIMIT_VARIABLE = 'ANALYTICS_TABLE_TIME_LIMIT_MS';
export const DEFAULT_TABLE_TIME_LIMIT_MS = 30_000;
const MAX_TABLE_TIME_LIMIT_MS = 600_000;

/** Reads ANALYTICS_TABLE_TIME_LIMIT_MS (default 30000); anything but an integer from 1 to 600000 is a ConfigError naming it. */
export function readTableTimeLimit(env: Record<string, string | undefined>): number {
  const raw = env[TABLE_TIME_LIMIT_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_TABLE_TIME_LIMIT_MS;
  const value = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || value < 1 || value > MAX_TABLE_TIME_LIMIT_MS) {
    throw new ConfigError(`Invalid configuration: ${TABLE_TIME_LIMIT_VARIABLE} must be an integer from 1 to ${MAX_TABLE_TIME_LIMIT_MS} (got "${raw.slice(0, 80)}")`);
  }
  return value;
}

/** A table the database could not compute within the time limit: the service stays free for others. */
export class TableTimeLimitError extends DomainError {
  readonly status = 503;
  readonly problemType = 'unavailable';
  readonly title = 'Service unavailable';
}

/** Whether PostgreSQL cancelled the statement because it ran past statement_timeout (SQLSTATE 57014). */
export function isStatementTimeout(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '57014';
}
