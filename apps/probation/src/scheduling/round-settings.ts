import { ConfigError } from '@icjims/platform';

/** Injection token: milliseconds between two passes of probation's daily round. */
export const PROBATION_ROUND_INTERVAL = Symbol('PROBATION_ROUND_INTERVAL');

export const PROBATION_ROUND_VARIABLE = 'PROBATION_ROUND_INTERVAL_SECONDS';
/** Hourly: what the round gives (breaches, completions) changes by the day, in the pack's zone. */
export const DEFAULT_PROBATION_ROUND_SECONDS = 3600;

/** Reads PROBATION_ROUND_INTERVAL_SECONDS (default 3600, 1–86400) as milliseconds; anything else is a ConfigError naming it. */
export function readProbationRoundInterval(env: Record<string, string | undefined>): number {
  const raw = env[PROBATION_ROUND_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_PROBATION_ROUND_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || seconds < 1 || seconds > 86_400) {
    throw new ConfigError(`Invalid configuration: ${PROBATION_ROUND_VARIABLE} must be a whole number of seconds from 1 to 86400 (got "${raw.slice(0, 80)}")`);
  }
  return seconds * 1000;
}
