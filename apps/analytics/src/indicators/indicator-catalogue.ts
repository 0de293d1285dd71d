import { COUNTED_INDICATOR_CODES, COUNTED_INDICATORS } from '../counting/counted.indicators';
import { DEFENCE_INDICATORS } from '../defence/defence.indicators';
import { DURATION_INDICATORS } from '../flow/durations.indicators';
import { FLOW_INDICATORS } from '../flow/flow.indicators';
import { BREACH_INDICATORS } from '../liberty/breaches.indicators';
import { LIBERTY_INDICATORS } from '../liberty/liberty.indicators';
import { INVESTIGATION_TERM_INDICATORS } from '../outcomes/investigation-term.indicators';
import { TERMINATION_INDICATORS } from '../outcomes/terminations.indicators';
import { PEOPLE_INDICATORS } from '../people/people.indicators';
import { PROBATION_INDICATORS } from '../probation/probation.indicators';
import { REOFFENDING_INDICATORS } from '../reoffending/reoffending.indicators';
import type { IndicatorFamily } from '../tables/indicator-family';
import type { Breakdown, IndicatorDefinition } from './indicator-definition';

export type { Breakdown, IndicatorDefinition } from './indicator-definition';
export { BREAKDOWNS } from './indicator-definition';

/**
 * The indicator catalogue: what each published number means and how it is computed, family by
 * family (each in its feature folder). It is data, served as-is by GET /api/v1/indicators, so
 * clients and docs never drift from the code. A new family is one line here.
 */
export const INDICATOR_FAMILIES: readonly IndicatorFamily[] = [
  COUNTED_INDICATORS,
  FLOW_INDICATORS,
  DURATION_INDICATORS,
  PEOPLE_INDICATORS,
  BREACH_INDICATORS,
  LIBERTY_INDICATORS,
  DEFENCE_INDICATORS,
  TERMINATION_INDICATORS,
  INVESTIGATION_TERM_INDICATORS,
  REOFFENDING_INDICATORS,
  PROBATION_INDICATORS,
];

export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = INDICATOR_FAMILIES.flatMap((family) => family.definitions);

export const INDICATOR_CODES: readonly string[] = INDICATOR_CATALOGUE.map((indicator) => indicator.code);

/** Kept as running counts (counting/), not computed from the facts: no figures as of a date, and a rows form besides the table. */
export function isCounted(code: string): boolean {
  return (COUNTED_INDICATOR_CODES as readonly string[]).includes(code);
}

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return INDICATOR_CATALOGUE.find((indicator) => indicator.code === code);
}

/** The family that computes an indicator of the catalogue. */
export function familyOf(code: string): IndicatorFamily {
  const family = INDICATOR_FAMILIES.find((candidate) => candidate.definitions.some((indicator) => indicator.code === code));
  if (!family) throw new RangeError(`no family computes indicator ${code}`);
  return family;
}

/** The breakdown reported in a row's `category`, if the indicator has one. */
export function categoryBreakdownOf(indicator: IndicatorDefinition): Breakdown | undefined {
  return indicator.breakdowns.find((breakdown) => breakdown !== 'region' && breakdown !== 'month');
}
