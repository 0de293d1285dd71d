/**
 * Small-cell suppression, pure. A person-based count below the minimum cell size (other
 * than zero) could point at an identifiable person in a small region and month, so it is
 * published as suppressed instead of as a number.
 *
 * Counts of procedural acts (cases registered, steps recorded) are published exactly: they
 * count acts of public authorities, not people, and the law requires those acts to be
 * accountable. That includes acts concerning one person (a detention, a sentence): the
 * count says that the authority acted, like the public court record does, and carries no
 * category of the person. Any indicator that counts people or their situation (a probation
 * case is a person under supervision; breakdowns by sex or age group) sets `personBased` in
 * the catalogue and is suppressed. Revisit this if a step count gains person categories.
 *
 * This is primary suppression only: the API publishes no totals that a suppressed cell
 * could be recovered from by subtraction. Indicators with totals will need secondary
 * suppression.
 */
export type PublishedCount = { value: number; suppressed: false } | { value: null; suppressed: true };

export function publishCount(value: number, minCellSize: number, personBased: boolean): PublishedCount {
  if (personBased && value > 0 && value < minCellSize) return { value: null, suppressed: true };
  return { value, suppressed: false };
}
