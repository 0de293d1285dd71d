import type { CaseBreakdown } from '../flow/case-flow';
import type { IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily } from '../tables/indicator-family';
import { terminationsFromAggregates } from '../aggregates/terminations-from-aggregates';

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    code: 'cases_terminated',
    version: 1,
    title: 'Cases terminated, by legal ground',
    definition:
      'Cases whose proceedings were terminated, each once, in the period of its first effective termination, by the legal ground recorded with it (the jurisdiction pack’s termination grounds; unknown when none was given) and the case’s place, agency and offence. Corrections apply.',
    formula: 'count of cases whose first effective proceedings_terminated step falls in the period, per ground and category',
    sourceEvents: ['case-registry case.registered', 'procedural-steps step.recorded', 'procedural-steps step.corrected'],
    validFrom: '2026-01-01',
    source: 'CEPEJ and UNODC: the ways criminal proceedings end before trial',
    public: true,
    unit: 'cases',
    measure: 'count',
    breakdowns: ['region', 'month', 'district', 'agency', 'iccsSection', 'article', 'ground'],
    personBased: false,
    personLevelCategories: false,
  },
];

/** Cases terminated by ground and the case's breakdowns: counts of cases. */
export const TERMINATION_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, timeZone }) {
    const rows = await terminationsFromAggregates(manager, { periods: ask.spans, by: ask.by as (CaseBreakdown | 'ground')[], region: ask.region, asOf: ask.asOf, timeZone });
    return countedTable(ask, dimensions(rows.map((row) => row.key)), rows);
  },
};
