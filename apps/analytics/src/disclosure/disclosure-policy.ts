import { ConfigError } from '@icjims/platform';
import { readMinCellSize } from '../indicators/min-cell-size';

/** The rules a table is published under (docs/indicators.md, "Disclosure control"). */
export interface DisclosurePolicy {
  /** Person-based counts between 1 and minCellSize − 1 are withheld (primary suppression). */
  minCellSize: number;
  /** Ratios and quantiles over fewer than this many are withheld (small-denominator). */
  minDenominator: number;
  /** Publish every value as it is: only for a national analyst where the configuration allows it. */
  exact: boolean;
}

/** What the analytics service is configured with; whether a table is exact depends on who asks. */
export interface DisclosureSettings {
  minCellSize: number;
  minDenominator: number;
  /** Whether analysts with the national role see exact figures (in JSON only: never the public interface, never a file exported). */
  exactForNational: boolean;
}

export const MIN_DENOMINATOR_VARIABLE = 'ANALYTICS_MIN_DENOMINATOR';
export const DEFAULT_MIN_DENOMINATOR = 20;
export const EXACT_FOR_NATIONAL_VARIABLE = 'ANALYTICS_EXACT_FOR_NATIONAL';

type Env = Record<string, string | undefined>;

/** Reads ANALYTICS_MIN_DENOMINATOR (default 20); anything but an integer ≥ 1 is a ConfigError naming it. */
export function readMinDenominator(env: Env): number {
  const raw = env[MIN_DENOMINATOR_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_MIN_DENOMINATOR;
  const value = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || value < 1) {
    throw new ConfigError(`Invalid configuration: ${MIN_DENOMINATOR_VARIABLE} must be an integer of at least 1 (got "${raw.slice(0, 80)}")`);
  }
  return value;
}

/** Reads ANALYTICS_EXACT_FOR_NATIONAL (default false): "true" or "false", nothing else (no "1", "yes" or "TRUE" to guess at). */
export function readExactForNational(env: Env): boolean {
  const raw = env[EXACT_FOR_NATIONAL_VARIABLE];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`Invalid configuration: ${EXACT_FOR_NATIONAL_VARIABLE} must be "true" or "false" (got "${raw.slice(0, 80)}")`);
}

/** The disclosure settings of the analytics service, read once at start. */
export function readDisclosurePolicy(env: Env): DisclosureSettings {
  return { minCellSize: readMinCellSize(env), minDenominator: readMinDenominator(env), exactForNational: readExactForNational(env) };
}
