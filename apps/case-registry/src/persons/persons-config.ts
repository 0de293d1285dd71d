import { ConfigError } from '@icjims/platform';
import { isCitizenshipCode, STATELESS } from './citizenship-rules';

/** Injection token for the PersonsConfig read when the service starts. */
export const PERSONS_CONFIG = Symbol('PERSONS_CONFIG');

export const NATIONAL_COUNTRY_VARIABLE = 'CASE_REGISTRY_NATIONAL_COUNTRY';
export const TIME_ZONE_VARIABLE = 'CASE_REGISTRY_TIME_ZONE';

export interface PersonsConfig {
  /** ISO 3166-1 alpha-2 code whose citizens count as 'national' (sample: EE). */
  nationalCountry: string;
  /** IANA time zone in which dates of birth and offences are calendar dates (sample: Europe/Tallinn). */
  timeZone: string;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Reads the two variables (defaults EE and Europe/Tallinn); a bad value is a ConfigError naming its variable. */
export function readPersonsConfig(env: Record<string, string | undefined>): PersonsConfig {
  const nationalCountry = env[NATIONAL_COUNTRY_VARIABLE] || 'EE';
  const timeZone = env[TIME_ZONE_VARIABLE] || 'Europe/Tallinn';
  if (!isCitizenshipCode(nationalCountry) || nationalCountry === STATELESS) {
    throw new ConfigError(`Invalid configuration: ${NATIONAL_COUNTRY_VARIABLE} must be an ISO 3166-1 alpha-2 code such as EE (got "${nationalCountry.slice(0, 80)}")`);
  }
  if (!isTimeZone(timeZone)) {
    throw new ConfigError(`Invalid configuration: ${TIME_ZONE_VARIABLE} must be an IANA time zone such as Europe/Tallinn (got "${timeZone.slice(0, 80)}")`);
  }
  return { nationalCountry, timeZone };
}
