export const ROLES = ['prosecutor', 'investigator', 'probation_officer', 'analyst', 'auditor', 'admin', 'data_protection_officer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles whose holders may work nationally (a token with region "national" or none). The
 * data-protection officer answers data subjects' requests and sets access restrictions and
 * disclosure deferrals; an office has one for the whole country.
 */
export const NATIONAL_ROLES: readonly Role[] = ['admin', 'analyst', 'auditor', 'data_protection_officer'];

/** The region claim value that means "all regions". */
export const NATIONAL_REGION = 'national';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
