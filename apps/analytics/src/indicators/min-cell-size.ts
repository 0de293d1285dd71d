import { ConfigError } from '@icjims/platform';

/** Injection token: the smallest person-based count that is published as a number. */
export const MIN_CELL_SIZE = Symbol('MIN_CELL_SIZE');

export const MIN_CELL_SIZE_VARIABLE = 'ANALYTICS_MIN_CELL_SIZE';
export const DEFAULT_MIN_CELL_SIZE = 3;

/** Reads ANALYTICS_MIN_CELL_SIZE (default 3); anything but an integer ≥ 1 is a ConfigError naming it. */
export function readMinCellSize(env: Record<string, string | undefined>): number {
  const raw = env[MIN_CELL_SIZE_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_MIN_CELL_SIZE;
  const value = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || value < 1) {
    throw new ConfigError(`Invalid configuration: ${MIN_CELL_SIZE_VARIABLE} must be an integer of at least 1 (got "${raw.slice(0, 80)}")`);
  }
  return value;
}
