import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily, ratioTable } from '../tables/indicator-family';
import { reoffendingFromAggregates } from '../aggregates/reoffending-from-aggregates';
import { CohortBreakdown } from './reoffending';

/** The follow-up window of each reoffending indicator, in months. */
const WINDOWS: Readonly<Record<string, number>> = { reoffending_12m_share: 12, reoffending_24m_share: 24 };

function definitionOf(code: string, months: number): IndicatorDefinition {
  return {
    code,
    version: 1,
    title: `Reoffending within ${months} months of a conviction`,
    definition:
      `Of the persons convicted in the period (the cohort: each person once, at their first conviction in a case that falls in the period), the share who were then suspects in a new case — ` +
      `registered after that conviction and within ${months} months of it, in which they were given the role of suspect, notified of suspicion or detained (a case split off the one they were convicted in is not new). ` +
      'Persons are linked by their pseudonymous id only, never by name or other data, with merges of person records as they stood; categories are those of the person in the case they were convicted in. ' +
      `A cohort has a figure only once its window has run out for everyone in it — ${months} months after the period's end, by now or by asOf: until then the share is withheld (small-denominator: no completed cohort to divide by), for national analysts too. ` +
      'Counts of people: withheld when the cohort is smaller than the minimum denominator, or the reoffenders are a small count of people. ' +
      'The cohort of persons who completed probation is an indicator of its own (reoffending_after_probation_12m_share, _24m_share).',
    formula: `persons whose first verdict of conviction in a case falls in the period (the cohort, each person once) and who are suspects in a case registered within ${months} months after it ÷ the cohort × 100, per period and category; withheld until ${months} months after the period's end`,
    sourceEvents: [
      'procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry case.registered', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged',
    ],
    validFrom: '2026-01-01',
    source: 'Council of Europe Annual Penal Statistics (SPACE) and UNODC: reconviction and re-arrest rates of a cohort over a fixed follow-up period',
    public: true,
    unit: '%',
    measure: 'ratio',
    breakdowns: ['region', 'month', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as Breakdown[],
    personBased: true,
    personLevelCategories: false,
  };
}

/** The follow-up window of each reoffending indicator of the cohort who completed probation, in months. */
const PROBATION_WINDOWS: Readonly<Record<string, number>> = { reoffending_after_probation_12m_share: 12, reoffending_after_probation_24m_share: 24 };

function afterProbationDefinitionOf(code: string, months: number): IndicatorDefinition {
  const convicted = definitionOf(code, months);
  return {
    ...convicted,
    title: `Reoffending within ${months} months of completing probation`,
    definition:
      `Of the persons who completed probation in the period (the cohort: each person once, at the day their probation case ended completed — not annulled, as the probation journal recorded it — the earliest if several), the share who were then suspects in a new case — ` +
      `registered after that day and within ${months} months of it, in which they were given the role of suspect, notified of suspicion or detained (the criminal case of the probation, or one split off it, is not new). ` +
      'Persons are linked by their pseudonymous id only, with merges of person records as they stood; categories are those of the person in the criminal case of the probation, and the region that case\'s. ' +
      `A cohort has a figure only once its window has run out for everyone in it — ${months} months after the period's end: until then the share is withheld (small-denominator). ` +
      'Counts of people: withheld when the cohort is smaller than the minimum denominator, or the reoffenders are a small count of people.',
    formula: `persons whose first completion of probation (an ended entry with end completed) falls in the period (the cohort, each person once) and who are suspects in a case registered within ${months} months after it ÷ the cohort × 100, per period and category; withheld until ${months} months after the period's end`,
    sourceEvents: ['probation probation-entry.recorded', 'procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry case.registered', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
  };
}

/** Reoffending within 12 and 24 months of a conviction or of completing probation: a ratio of two counts of people, under disclosure control. */
export const REOFFENDING_INDICATORS: IndicatorFamily = {
  definitions: [...Object.entries(WINDOWS).map(([code, months]) => definitionOf(code, months)), ...Object.entries(PROBATION_WINDOWS).map(([code, months]) => afterProbationDefinitionOf(code, months))],

  async table(ask, { manager, dimensions, timeZone }) {
    const afterProbation = PROBATION_WINDOWS[ask.indicator.code];
    const query = { months: afterProbation ?? WINDOWS[ask.indicator.code], periods: ask.spans, by: ask.by as CohortBreakdown[], region: ask.region, asOf: ask.asOf, timeZone };
    const rows = await reoffendingFromAggregates(manager, { ...query, cohort: afterProbation ? 'completed_probation' : 'convicted' });
    const dims = dimensions(rows.cohort.map((row) => row.key));
    return ratioTable(countedTable(ask, dims, rows.reoffended), countedTable(ask, dims, rows.cohort), () => 100);
  },
};
