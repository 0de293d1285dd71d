import { ConfigError } from '@icjims/platform';

/** Injection token: milliseconds between the scheduler's scans for breached deadlines. */
export const DEADLINE_SCAN_INTERVAL = Symbol('DEADLINE_SCAN_INTERVAL');

export const DEADLINE_SCAN_VARIABLE = 'DEADLINE_SCAN_INTERVAL_SECONDS';
export const DEFAULT_DEADLINE_SCAN_SECONDS = 60;

/** Reads DEADLINE_SCAN_INTERVAL_SECONDS (default 60, 1–3600) as milliseconds; anything else is a ConfigError naming it. */
export function readDeadlineScanInterval(env: Record<string, string | undefined>): number {
  const raw = env[DEADLINE_SCAN_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_DEADLINE_SCAN_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d{1,4}$/.test(raw) || seconds < 1 || seconds > 3600) {
    throw new ConfigError(`Invalid configuration: ${DEADLINE_SCAN_VARIABLE} must be a whole number of seconds from 1 to 3600 (got "${raw.slice(0, 80)}")`);
  }
  return seconds * 1000;
}
