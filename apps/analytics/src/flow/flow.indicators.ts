import { caseFlowFromAggregates } from '../aggregates/case-flow-from-aggregates';
import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily, ratioTable } from '../tables/indicator-family';
import { CaseBreakdown, Stage } from './case-flow';

/** Which stage and figure of the case flow an indicator is. */
type FlowMetric = 'incoming' | 'resolved' | 'pending' | 'clearance_rate' | 'disposition_time';

export function flowMetricOf(code: string): { stage: 'pretrial' | 'court'; metric: FlowMetric } | undefined {
  const match = /^(pretrial|court)_(incoming|resolved|pending|clearance_rate|disposition_time)$/.exec(code);
  return match ? { stage: match[1] as 'pretrial' | 'court', metric: match[2] as FlowMetric } : undefined;
}

/**
 * The CEPEJ flow indicators of one stage (CEPEJ, "Evaluation of European judicial systems",
 * clearance rate and disposition time), applied to criminal cases in the pre-trial stage and
 * in court. The stages' ends are steps of the journal (step types are the journal's own codes,
 * the same in every jurisdiction).
 */
function flowIndicators(stage: 'pretrial' | 'court'): IndicatorDefinition[] {
  const pretrial = stage === 'pretrial';
  const name = pretrial ? 'pre-trial stage' : 'court stage';
  const enters = pretrial ? 'its registration' : 'its first indictment (effective, as corrected)';
  const leaves = pretrial
    ? 'its first indictment, termination of proceedings or joinder into another case'
    : 'the first verdict, termination of proceedings or joinder into another case after its first indictment';
  const common = {
    version: 1,
    sourceEvents: ['case-registry case.registered', 'procedural-steps step.recorded', 'procedural-steps step.corrected'],
    validFrom: '2026-01-01',
    source: 'CEPEJ (European Commission for the Efficiency of Justice), Evaluation of European judicial systems: incoming, resolved and pending cases, clearance rate, disposition time',
    breakdowns: ['region', 'month', 'district', 'agency', 'iccsSection', 'article'] as Breakdown[],
    public: true,
    personBased: false,
    personLevelCategories: false,
  };
  const stageNote = `A case enters the ${name} at ${enters} and leaves it at ${leaves}. Corrections apply: an annulled step did not happen, an amended one happened when it now says.`;
  return [
    {
      ...common,
      code: `${stage}_incoming`,
      title: `Incoming cases, ${name}`,
      definition: `Cases that entered the ${name} in the period, by the case's place, agency and offence. ${stageNote}`,
      formula: `count of cases whose entry into the ${name} falls in the period (in the jurisdiction’s time zone)`,
      unit: 'cases',
      measure: 'count',
    },
    {
      ...common,
      code: `${stage}_resolved`,
      title: `Resolved cases, ${name}`,
      definition: `Cases that left the ${name} in the period. ${stageNote}`,
      formula: `count of cases whose end of the ${name} falls in the period`,
      unit: 'cases',
      measure: 'count',
    },
    {
      ...common,
      code: `${stage}_pending`,
      title: `Pending cases at the end of the period, ${name}`,
      definition:
        `Cases in the ${name} at the end of the period: entered before its end and not left by then. ` +
        `Broken down by caseAge, their age profile: how long before the end of the period they entered the stage (under 3 months, 3–6, 6–12, 12–24, over 24; over 12 months is the last two together). ${stageNote}`,
      formula: `count of cases with entry before the end of the period and no end of the ${name} before it; caseAge: the calendar months (in the jurisdiction’s time zone) from the entry to the end of the period`,
      breakdowns: [...common.breakdowns, 'caseAge'],
      unit: 'cases',
      measure: 'count',
    },
    {
      ...common,
      code: `${stage}_clearance_rate`,
      title: `Clearance rate, ${name}`,
      definition: `Resolved cases as a share of incoming cases in the period: above 100 % the stock of pending cases shrinks. ${stageNote}`,
      formula: `${stage}_resolved ÷ ${stage}_incoming × 100, per period and category (withheld when fewer incoming cases than the minimum denominator)`,
      unit: '%',
      measure: 'ratio',
    },
    {
      ...common,
      code: `${stage}_disposition_time`,
      title: `Disposition time, ${name}`,
      definition: `How many days the cases pending at the end of the period would take to resolve at the period's pace of resolution. ${stageNote}`,
      formula: `${stage}_pending ÷ ${stage}_resolved × the days of the period (365 for a year), per period and category (withheld when fewer resolved cases than the minimum denominator)`,
      unit: 'days',
      measure: 'ratio',
    },
  ];
}

/** The flow of cases through a stage, from the facts, as they stood at asOf. */
export const FLOW_INDICATORS: IndicatorFamily = {
  definitions: [...flowIndicators('pretrial'), ...flowIndicators('court')],

  async table(ask, { manager, timeZone, dimensions }) {
    const { stage, metric } = flowMetricOf(ask.indicator.code) as { stage: Stage; metric: FlowMetric };
    // The age band is a category of the period's end, computed last; the others are the case's.
    const byAge = ask.by.includes('caseAge');
    const by = ask.by.filter((breakdown) => breakdown !== 'caseAge') as CaseBreakdown[];
    // From the aggregates; a range of days, or an earlier instant, from the facts.
    const rows = await caseFlowFromAggregates(manager, { stage, periods: ask.spans, by, region: ask.region, asOf: ask.asOf, timeZone, ...(byAge && { byAge: { timeZone } }) });
    const dims = dimensions(rows.map((row) => row.key), [...by, ...(byAge ? (['caseAge'] as const) : [])]);
    const tableOf = (figure: 'incoming' | 'resolved' | 'pending') => countedTable(ask, dims, rows.map((row) => ({ key: row.key, value: row[figure] })));
    if (metric !== 'clearance_rate' && metric !== 'disposition_time') return tableOf(metric);
    const days = new Map(ask.spans.map((span) => [span.code, Math.round((span.ends.getTime() - span.starts.getTime()) / 86_400_000)]));
    return metric === 'clearance_rate'
      ? ratioTable(tableOf('resolved'), tableOf('incoming'), () => 100)
      : ratioTable(tableOf('pending'), tableOf('resolved'), (key) => days.get(key[0]) as number);
  },
};
