import { ConfigError, PURPOSE_CODE } from '@icjims/platform';

/** Injection token: the purposes whose entries a data-subject report withholds until their disclosure date. */
export const DEFERRED_PURPOSES = Symbol('DEFERRED_PURPOSES');

export const DEFERRED_PURPOSES_VARIABLE = 'AUDIT_DEFERRED_PURPOSES';
export const DEFAULT_DEFERRED_PURPOSES = ['covert_investigation'];

/** Reads AUDIT_DEFERRED_PURPOSES (comma-separated purpose codes; default covert_investigation); a bad code is a ConfigError naming the variable. */
export function readDeferredPurposes(env: Record<string, string | undefined>): string[] {
  const raw = env[DEFERRED_PURPOSES_VARIABLE];
  if (raw === undefined || raw.trim() === '') return DEFAULT_DEFERRED_PURPOSES;
  const codes = raw.split(',').map((code) => code.trim());
  const bad = codes.find((code) => !PURPOSE_CODE.test(code));
  if (bad !== undefined) {
    throw new ConfigError(`Invalid configuration: ${DEFERRED_PURPOSES_VARIABLE} must be comma-separated purpose codes such as covert_investigation (got "${raw.slice(0, 80)}")`);
  }
  return [...new Set(codes)];
}
