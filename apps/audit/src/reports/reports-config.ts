import { ConfigError } from '@icjims/platform';

/** Injection token for the ReportsConfig read when the service starts. */
export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

/**
 * What counts as unusual, set per installation: working time is read in the jurisdiction's
 * time zone unless AUDIT_TIME_ZONE says otherwise; working days and hours and the thresholds
 * are the auditors' policy. Each report takes its thresholds as query parameters too; these
 * are the defaults.
 */
export interface ReportsConfig {
  /** IANA zone in which working hours are read (AUDIT_TIME_ZONE, default the jurisdiction pack's zone). */
  timeZone: string;
  /** ISO weekdays, 1 = Monday (AUDIT_WORKING_DAYS, e.g. 1-5 or 1,2,3,4,5; default 1-5). */
  workingDays: number[];
  /** HH:MM, start inclusive, end exclusive; an end before the start spans midnight (AUDIT_WORKING_HOURS, default 08:00-18:00). */
  workingHours: { start: string; end: string };
  /** Distinct persons in a period that are always reported (AUDIT_PERSONS_THRESHOLD, default 50). */
  personsThreshold: number;
  /** Reported also when this many times the user's own average of the periods before (AUDIT_PERSONS_BASELINE_FACTOR, default 3) … */
  personsBaselineFactor: number;
  /** … over this many periods of the same length (AUDIT_PERSONS_BASELINE_PERIODS, default 4) … */
  personsBaselinePeriods: number;
  /** … and at least this many persons (AUDIT_PERSONS_BASELINE_MINIMUM, default 10). */
  personsBaselineMinimum: number;
  /** Refusals within one window that make a burst (AUDIT_REFUSAL_BURST_THRESHOLD, default 20) … */
  refusalBurstThreshold: number;
  /** … of this many seconds (AUDIT_REFUSAL_BURST_WINDOW_SECONDS, default 60). */
  refusalBurstWindowSeconds: number;
}

type Env = Record<string, string | undefined>;

function invalid(name: string, expectation: string, raw: string): never {
  throw new ConfigError(`Invalid configuration: ${name} must be ${expectation} (got "${raw.slice(0, 80)}")`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || value < min || value > max) invalid(name, `an integer from ${min} to ${max}`, raw);
  return value;
}

function timeZone(env: Env, name: string, fallback: string): string {
  const zone = env[name] || fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    invalid(name, 'an IANA time zone such as Asia/Bishkek', zone);
  }
  return zone;
}

function weekdays(env: Env, name: string, fallback: string): number[] {
  const raw = env[name] || fallback;
  const days = new Set<number>();
  for (const part of raw.split(',').map((text) => text.trim())) {
    const range = /^([1-7])(?:-([1-7]))?$/.exec(part);
    if (!range || Number(range[2] ?? range[1]) < Number(range[1])) invalid(name, 'ISO weekdays 1 (Monday) to 7, as a list or ranges such as 1-5', raw);
    for (let day = Number(range[1]); day <= Number(range[2] ?? range[1]); day++) days.add(day);
  }
  return [...days].sort();
}

function hours(env: Env, name: string, fallback: string): { start: string; end: string } {
  const raw = env[name] || fallback;
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
  if (!match || raw.slice(0, 5) === raw.slice(6)) invalid(name, 'a span of working hours such as 08:00-18:00', raw);
  return { start: raw.slice(0, 5), end: raw.slice(6) };
}

/**
 * Reads the variables above; a bad value is a ConfigError naming its variable.
 * `jurisdictionTimeZone` (the pack's `timeZone`) is the zone when AUDIT_TIME_ZONE is not set.
 */
export function readReportsConfig(env: Env, jurisdictionTimeZone: string): ReportsConfig {
  return {
    timeZone: timeZone(env, 'AUDIT_TIME_ZONE', jurisdictionTimeZone),
    workingDays: weekdays(env, 'AUDIT_WORKING_DAYS', '1-5'),
    workingHours: hours(env, 'AUDIT_WORKING_HOURS', '08:00-18:00'),
    personsThreshold: integer(env, 'AUDIT_PERSONS_THRESHOLD', 50, 1, 1_000_000),
    personsBaselineFactor: integer(env, 'AUDIT_PERSONS_BASELINE_FACTOR', 3, 2, 1000),
    personsBaselinePeriods: integer(env, 'AUDIT_PERSONS_BASELINE_PERIODS', 4, 1, 52),
    personsBaselineMinimum: integer(env, 'AUDIT_PERSONS_BASELINE_MINIMUM', 10, 1, 1_000_000),
    refusalBurstThreshold: integer(env, 'AUDIT_REFUSAL_BURST_THRESHOLD', 20, 2, 1_000_000),
    refusalBurstWindowSeconds: integer(env, 'AUDIT_REFUSAL_BURST_WINDOW_SECONDS', 60, 1, 86_400),
  };
}
