import { isISO31661Alpha2 } from 'class-validator';

/**
 * Citizenship is an ISO 3166-1 alpha-2 code, or XX for a stateless person. XX is in ISO's
 * user-assigned range, so it never clashes with a country (ICAO Doc 9303 writes stateless
 * as XXA in alpha-3). No citizenship given means it is not known. The groups statistics count
 * them in are the jurisdiction pack's (`Jurisdiction.citizenshipGroup`).
 */
export const STATELESS = 'XX';

/** An upper-case ISO 3166-1 alpha-2 code of an assigned country, or XX. */
export function isCitizenshipCode(code: string): boolean {
  return code === STATELESS || (/^[A-Z]{2}$/.test(code) && isISO31661Alpha2(code));
}
