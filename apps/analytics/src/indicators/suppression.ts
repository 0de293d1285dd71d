/**
 * Small-cell suppression, pure. A count of people below the minimum cell size (other than
 * zero) could point at an identifiable person in a small region and month, so it is
 * published as suppressed instead of as a number.
 *
 * Counts of people are person-based indicators (a probation case is a person under
 * supervision) and, inside `steps_recorded`, the step types that concern one person each (a
 * detention, a verdict, a sentence: their steps name a person). Counts of acts of public
 * authorities about a case as a whole (cases registered, indictments, case-level steps) are
 * published exactly: they carry no category of a person and the law requires those acts to
 * be accountable. Without the person-level rule a detention count of 1 stands next to a
 * suppressed probation cell, or alone in a small region, and points at someone.
 *
 * This is primary suppression. No secondary (complementary) suppression is needed as long
 * as the API publishes only these cells — no totals or margins over regions, months or
 * step types from which a suppressed cell could be recovered by subtraction, and no two
 * indicators where one is the sum of others. An indicator or endpoint that adds a total must
 * add complementary suppression with it (docs/indicators.md, "Suppression of small cells").
 */
export type PublishedCount = { value: number; suppressed: false } | { value: null; suppressed: true };

export function publishCount(value: number, minCellSize: number, countsPeople: boolean): PublishedCount {
  if (countsPeople && value > 0 && value < minCellSize) return { value: null, suppressed: true };
  return { value, suppressed: false };
}
