import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { IndicatorFamily, PeriodSpan, tableIndicator } from '../tables/indicator-family';
import { cellKeys, TOTAL } from '../tables/statistical-table';
import { caseDurationsFromAggregates } from '../aggregates/duration-from-aggregates';
import { Span } from './case-durations';
import { CaseBreakdown } from './case-flow';

/** Which span and statistic a duration indicator is. */
export function durationMetricOf(code: string): { span: Span; quantile: number } | undefined {
  const match = /^duration_(registration_to_indictment|indictment_to_verdict|registration_to_final_decision)_(median|p90)$/.exec(code);
  return match ? { span: match[1] as Span, quantile: match[2] === 'median' ? 0.5 : 0.9 } : undefined;
}

/** Median and 90th percentile of the time cases took between two milestones, suspension excluded. */
function durationIndicators(): IndicatorDefinition[] {
  const spans = [
    ['registration_to_indictment', 'registration to indictment', 'from its registration to its first indictment'],
    ['indictment_to_verdict', 'indictment to verdict', 'from its first indictment to the first verdict after it'],
    ['registration_to_final_decision', 'registration to final decision', 'from its registration to its first verdict or termination of proceedings'],
  ] as const;
  const statistics = [
    ['median', 'median', 'the median (50th percentile, interpolated)'],
    ['p90', '90th percentile', 'the 90th percentile (interpolated): nine cases in ten took no longer'],
  ] as const;
  return spans.flatMap(([span, name, what]) =>
    statistics.map(([statistic, statisticName, statisticWhat]) => ({
      code: `duration_${span}_${statistic}`,
      version: 2,
      title: `Duration, ${name} (${statisticName})`,
      definition:
        `How long cases took ${what}, in whole days: ${statisticWhat} of the cases whose span ended in the period. ` +
        'Time the proceedings were suspended (from a suspension to the next resumption) does not count; what is left is rounded down to whole days. ' +
        'Corrections apply; withheld when over fewer cases than the minimum denominator. ' +
        'Version 2: durations in whole days (version 1 took fractions of days).',
      formula: `${statistic === 'median' ? 'percentile_cont(0.5)' : 'percentile_cont(0.9)'} over the cases whose span ends in the period of ⌊(end − start − suspended time) in days⌋ (whole days), one decimal`,
      sourceEvents: ['case-registry case.registered', 'procedural-steps step.recorded', 'procedural-steps step.corrected'],
      validFrom: '2026-01-01',
      source: 'CEPEJ Guidelines on judicial statistics (GOJUST): length of proceedings as the distribution of case durations',
      public: true,
      unit: 'days',
      measure: 'quantile' as const,
      breakdowns: ['region', 'month', 'district', 'agency', 'iccsSection', 'article'] as Breakdown[],
      personBased: false,
      personLevelCategories: false,
    })),
  );
}

/** A quantile of the time cases took between two milestones; each total is its own quantile, not a sum. */
export const DURATION_INDICATORS: IndicatorFamily = {
  definitions: durationIndicators(),

  async table(ask, { sideBySide, timeZone, dimensions }) {
    const { span, quantile } = durationMetricOf(ask.indicator.code) as { span: Span; quantile: number };
    // The heaviest tables there are: each period's quantiles are its own, so the periods are read in two parts side by side,
    // every other period in each (a dataset's later months hold longer cases, so more blocks: halves took unequal times).
    const parts = [0, 1].map((part) => ask.spans.filter((_period, i) => i % 2 === part)).filter((periods) => periods.length);
    const read = (periods: PeriodSpan[]) => caseDurationsFromAggregates(sideBySide, { span, quantile, periods, by: ask.by as CaseBreakdown[], region: ask.region, asOf: ask.asOf, timeZone });
    const rows = (await Promise.all(parts.map(read))).flat();
    const dims = dimensions(rows.map((row) => row.key).filter((key) => !key.includes(TOTAL)));
    const byKey = new Map(rows.map((row) => [row.key.join('\u0000'), row]));
    // A combination with no case has no duration: withheld (small-denominator), exact or not.
    const cells = cellKeys(dims).map((key) => {
      const row = byKey.get(key.join('\u0000'));
      return { key, value: row?.days ?? 0, observations: row?.cases ?? 0 };
    });
    return { indicator: tableIndicator(ask.indicator), dimensions: dims, ...(ask.asOf && { asOf: ask.asOf.toISOString() }), language: ask.language, cells };
  },
};
