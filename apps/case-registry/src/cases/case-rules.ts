/** Pure rules of case registration; no framework, no database. */

/** National case number: region, year of registration, sequence of at least six digits — e.g. EE-37-2026-000042. */
export function formatCaseNumber(region: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence ${sequence} out of range`);
  return `${region}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** How far a client clock may run ahead of ours before a time counts as "in the future". */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

export interface RegistrationTimes {
  receivedAt: Date;
  registeredAt: Date;
}

/** Field problems with the times of a registration, checked against `now`. */
export function registrationTimeProblems({ receivedAt, registeredAt }: RegistrationTimes, now: Date): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (registeredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) problems.push({ field: 'registeredAt', reason: 'registeredAt must not be in the future' });
  if (receivedAt.getTime() > registeredAt.getTime()) problems.push({ field: 'receivedAt', reason: 'receivedAt must not be after registeredAt' });
  return problems;
}
