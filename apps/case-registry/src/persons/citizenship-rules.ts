import { isISO31661Alpha2 } from 'class-validator';
import type { CitizenshipGroup } from '@icjims/contracts';

/**
 * Citizenship is an ISO 3166-1 alpha-2 code, or XX for a stateless person. XX is in ISO's
 * user-assigned range, so it never clashes with a country (ICAO Doc 9303 writes stateless
 * as XXA in alpha-3). No citizenship given means it is not known.
 */
export const STATELESS = 'XX';

/** The member states of the European Union (ISO codes: Greece is GR). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** An upper-case ISO 3166-1 alpha-2 code of an assigned country, or XX. */
export function isCitizenshipCode(code: string): boolean {
  return code === STATELESS || (/^[A-Z]{2}$/.test(code) && isISO31661Alpha2(code));
}

/** The group statistics report: the national country first, then EU, other states, stateless, unknown. */
export function citizenshipGroup(citizenship: string | null, nationalCountry: string): CitizenshipGroup {
  if (citizenship === null) return 'unknown';
  if (citizenship === nationalCountry) return 'national';
  if (citizenship === STATELESS) return 'stateless';
  return EU_MEMBER_STATES.has(citizenship) ? 'eu' : 'non_eu';
}
