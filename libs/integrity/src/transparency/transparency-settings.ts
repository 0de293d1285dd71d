import { isAbsolute, join, resolve } from 'node:path';

export interface TransparencySettings {
  /** Where the signing keys live: outside the database, never in it. */
  keyDir: string;
  /** Where signed tree heads are appended (a WORM mount in production, if there is one). */
  checkpointDir: string;
  /** How often a service signs and checkpoints its tree head (when it has changed). */
  checkpointIntervalMs: number;
}

const DEFAULT_INTERVAL_SECONDS = 10;

/**
 * From the environment: `ICJIMS_TRANSPARENCY_KEY_DIR` (default `<dataDir>/transparency/keys`),
 * `ICJIMS_CHECKPOINT_DIR` (default `<dataDir>/checkpoints`), `ICJIMS_CHECKPOINT_INTERVAL_SECONDS`
 * (default 10; a positive number, fractions allowed). Relative paths are resolved against the
 * working directory. Throws a RangeError naming the variable on a bad value.
 */
export function transparencySettings(env: Record<string, string | undefined>, dataDir: string): TransparencySettings {
  const interval = env.ICJIMS_CHECKPOINT_INTERVAL_SECONDS?.trim();
  const seconds = interval ? Number(interval) : DEFAULT_INTERVAL_SECONDS;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new RangeError(`ICJIMS_CHECKPOINT_INTERVAL_SECONDS must be a number of seconds above 0 and at most 86400, got "${interval}"`);
  }
  return {
    keyDir: folder(env, 'ICJIMS_TRANSPARENCY_KEY_DIR', join(dataDir, 'transparency', 'keys')),
    checkpointDir: folder(env, 'ICJIMS_CHECKPOINT_DIR', join(dataDir, 'checkpoints')),
    checkpointIntervalMs: Math.round(seconds * 1000),
  };
}

function folder(env: Record<string, string | undefined>, name: string, fallback: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return resolve(fallback);
  if (value.includes('\0')) throw new RangeError(`${name} must be a folder path`);
  return isAbsolute(value) ? value : resolve(value);
}
