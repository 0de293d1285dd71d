import { ConfigError } from '@icjims/platform';
import { MIN_ACCESS_LOG_RETENTION_DAYS } from '../migrations/1763900000511-access-log-retention';

/**
 * AUDIT_RETENTION_DAYS: how long access-log entries are kept, at least 365 (the database
 * refuses less); unset or empty keeps them for ever. Throws ConfigError naming it.
 */
export function accessLogRetentionDays(env: Record<string, string | undefined>): number | undefined {
  const raw = env.AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return undefined;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < MIN_ACCESS_LOG_RETENTION_DAYS || days > 36_500) {
    throw new ConfigError(`Invalid configuration: AUDIT_RETENTION_DAYS must be a whole number of days from ${MIN_ACCESS_LOG_RETENTION_DAYS} to 36500 (got "${raw.slice(0, 20)}")`);
  }
  return days;
}
