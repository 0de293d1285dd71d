import type { IndicatorDefinition } from '../indicators/indicator-definition';

/**
 * The disclosure rule an indicator's tables are published under, in words, as disclosure
 * control applies it (disclosure-control.ts) from what the catalogue says of the indicator: its
 * measure and whether it counts people. Served with each catalogue entry.
 */
export function disclosureRuleOf(indicator: Pick<IndicatorDefinition, 'measure' | 'personBased' | 'personLevelCategories'>): string {
  const smallPeople = 'a cell counting from 1 to the minimum cell size − 1 people is withheld (primary), and as many more (secondary) as it takes for no withheld cell to be recovered from the totals';
  if (indicator.measure === 'quantile') return 'A statistic of a distribution: withheld when it is over fewer observations than the minimum denominator.';
  if (indicator.measure === 'ratio') {
    return indicator.personBased
      ? 'A share of people: withheld when its denominator is below the minimum denominator, or when its numerator is from 1 to the minimum cell size − 1 people.'
      : 'A rate of cases: withheld when its denominator is below the minimum denominator.';
  }
  if (indicator.personBased) return `Counts of people: ${smallPeople}.`;
  if (indicator.personLevelCategories) return `Counts of acts; the categories whose acts each concern one person are counts of people, and all of it is protected as such: ${smallPeople}.`;
  return 'Counts of cases, not of people: published as they are.';
}
