export const ROLES = ['prosecutor', 'investigator', 'probation_officer', 'probation_supervisor', 'analyst', 'auditor', 'admin', 'data_protection_officer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles whose holders may work nationally (a token with region "national" or none). The
 * data-protection officer answers data subjects' requests and sets access restrictions and
 * disclosure deferrals; an office has one for the whole country.
 */
export const NATIONAL_ROLES: readonly Role[] = ['admin', 'analyst', 'auditor', 'data_protection_officer'];

/** The token claim that names a probation officer's or supervisor's office (a code of the pack's probation offices). */
export const OFFICE_PATTERN = /^[A-Z0-9-]{1,32}$/;

/** The region claim value that means "all regions". */
export const NATIONAL_REGION = 'national';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
