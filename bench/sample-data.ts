import { loadJurisdiction } from '@icjims/jurisdiction';

/*
 * What the bench's requests carry: the default pack's codes (the services run under KG) and
 * one registration time for every case (one year, one analytics month, and steps may follow it).
 */

export const JURISDICTION = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
/** Registrations under load go to one region (one case-number counter row, Bishkek); propagation and freshness samples to another (Osh region). */
export const LOAD_REGION = 'KG-GB';
export const LAG_REGION = 'KG-O';
/** A district and an agency of each region, and the everyday offence: fraud (CC art. 209 part 1). */
export const PLACES: Record<string, { district: string; agency: string }> = { [LOAD_REGION]: { district: 'leninsky', agency: 'GUVD-GB' }, [LAG_REGION]: { district: 'kara-suu', agency: 'PR-O' } };
export const OFFENCE_ARTICLE = '209-1';
export const REGISTERED_AT = new Date(Date.now() - 3600_000).toISOString();

/** A load case's registration in `region` (LOAD_REGION or LAG_REGION). */
export function loadRegistration(region: string): Record<string, unknown> {
  return { source: 'complaint', receivedAt: REGISTERED_AT, registeredAt: REGISTERED_AT, region, ...PLACES[region], offenceArticle: OFFENCE_ARTICLE, description: 'Deposit for a flat taken, flat never let' };
}

/** The suspect a case needs before its steps to court. */
export const SUSPECT = { role: 'suspect', person: { givenName: 'Bench', familyName: 'Suspect', dateOfBirth: '1990-01-01', sex: 'unknown' } };

/** The steps that bring a registered case with its suspect `personId` to court, a minute apart after registration. */
export function stepsToCourt(personId: string): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [
    { stepType: 'investigation_started' },
    { stepType: 'suspicion_notified', personId, details: { offenceArticle: OFFENCE_ARTICLE } },
    { stepType: 'indictment' },
  ];
  return steps.map((step, index) => ({ ...step, occurredAt: new Date(Date.parse(REGISTERED_AT) + (index + 1) * 60_000).toISOString() }));
}

/** The freshness samples' cases (bench/freshness.ts): registered in LAG_REGION, terminated a minute after. */
export const FRESHNESS_SAMPLE = {
  region: LAG_REGION,
  registration: { source: 'complaint', receivedAt: REGISTERED_AT, registeredAt: REGISTERED_AT, region: LAG_REGION, ...PLACES[LAG_REGION], offenceArticle: OFFENCE_ARTICLE, description: 'Freshness sample' },
  occurredAt: new Date(Date.parse(REGISTERED_AT) + 60_000).toISOString(),
  jurisdiction: JURISDICTION,
};
