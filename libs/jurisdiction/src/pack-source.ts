import { readFileSync } from 'node:fs';
import { BUILT_IN_PACKS } from './built-in-packs';

export const DEFAULT_JURISDICTION = 'KG';

/** A pack that cannot be used: an unknown code, an unreadable file or a pack failing validation. The message says which and why. */
export class JurisdictionPackError extends Error {
  override readonly name = 'JurisdictionPackError';
}

/** The pack the environment names, as read: not yet validated. */
export interface PackSource {
  candidate: unknown;
  /** How messages name it. */
  origin: string;
  /** The file ICJIMS_JURISDICTION_FILE names, if it names one. */
  file?: string;
  /** ICJIMS_JURISDICTION, upper-cased, if set. */
  requested?: string;
}

/**
 * The pack file ICJIMS_JURISDICTION_FILE names (a country we do not ship), else the built-in pack
 * ICJIMS_JURISDICTION names (default KG), read but not validated: loadJurisdiction validates it;
 * the token command only looks a region up in it, and starts faster without the validation's
 * dependencies. Throws a JurisdictionPackError naming the variable, its value and what is wrong.
 */
export function packSource(env: NodeJS.ProcessEnv): PackSource {
  const requested = env.ICJIMS_JURISDICTION?.trim().toUpperCase() || undefined;
  const file = env.ICJIMS_JURISDICTION_FILE?.trim();
  if (file) {
    let candidate: unknown;
    try {
      candidate = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new JurisdictionPackError(`ICJIMS_JURISDICTION_FILE=${file}: cannot read the pack (${(error as Error).message})`);
    }
    return { candidate, origin: `ICJIMS_JURISDICTION_FILE=${file}: the pack`, file, requested };
  }
  const code = requested ?? DEFAULT_JURISDICTION;
  if (!Object.hasOwn(BUILT_IN_PACKS, code)) {
    const shown = requested ? env.ICJIMS_JURISDICTION?.trim() : `${code} (the default)`;
    throw new JurisdictionPackError(
      `ICJIMS_JURISDICTION=${shown}: no built-in jurisdiction pack has that code; built-in packs: ${Object.keys(BUILT_IN_PACKS).join(', ')} ` +
        '(or name a pack file with ICJIMS_JURISDICTION_FILE)',
    );
  }
  return { candidate: BUILT_IN_PACKS[code], origin: `the built-in jurisdiction pack ${code}`, requested };
}
