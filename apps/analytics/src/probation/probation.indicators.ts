import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import type { CountRow } from '../tables/count-table';
import { countedTable, IndicatorFamily, ratioTable, TableAsk, tableIndicator } from '../tables/indicator-family';
import { cellKeys, ExactCell, ExactTable, TableDimension, TOTAL } from '../tables/statistical-table';
import { ProbationBreakdown, ProbationQuery, StockRow } from './probation-figures';
import { firstMeetingDaysFromAggregates, probationSumsFromAggregates, stocksFromAggregates, supervisionDaysFromAggregates } from './probation-from-aggregates';
import type { ProbationMeasure } from './probation-sql';

/** The days of an average month (365.25 ÷ 12): days under supervision ÷ this = supervision-months. */
export const DAYS_PER_MONTH = 30.4375;

const PERSON: Breakdown[] = ['region', 'month', 'sex', 'ageBand', 'juvenile'];
const CASES_NOTE =
  'A probation case is counted from the journal of the probation service (probation-entry.recorded); an annulled case (its sentence corrected away) counts nowhere, and a corrected term counts as corrected. ' +
  'Categories are those case-registry gave the person in the criminal case (the surviving record of merges), unknown when never announced; the region is that of the entry that recorded the event.';

const common = {
  version: 1,
  validFrom: '2026-01-01',
  public: true,
  personLevelCategories: false,
  source: 'Council of Europe Annual Penal Statistics, SPACE II (persons under the supervision of probation agencies: stock at a date, entries and exits by type); Council of Europe Probation Rules, CM/Rec(2010)1',
  sourceEvents: ['probation probation-entry.recorded', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
};

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    ...common,
    code: 'probation_caseload',
    title: 'Probation caseload at the end of the period',
    definition: `Probation cases active at the end of the period: opened, their term started, and active (not absconded, not ended) after the last entry before the period's end, by the office and region responsible then. ${CASES_NOTE}`,
    formula: 'count of probation cases whose term started before the end of the period and whose status after the last entry before the end is active, per period and category',
    unit: 'cases',
    measure: 'count',
    breakdowns: [...PERSON, 'office'],
    personBased: true,
  },
  {
    ...common,
    code: 'probation_caseload_per_officer',
    title: 'Probation cases per officer at the end of the period',
    definition:
      'Active probation cases at the end of the period divided by the probation officers who had at least one of them (the officer last allocated to each), per office and region. ' +
      `Officers are counted distinct in each cell and total, from a hash of their id: no officer is named or kept. ${CASES_NOTE}`,
    formula: 'probation_caseload ÷ distinct officers allocated to those cases, per period and category (withheld when fewer officers than the minimum denominator)',
    unit: 'cases per officer',
    measure: 'ratio',
    breakdowns: ['region', 'month', 'office'],
    personBased: true,
  },
  {
    ...common,
    code: 'probation_cases_started',
    title: 'Probation cases started',
    definition: `Probation cases whose term started in the period (the start as last corrected), by type of case (the pack's case types). ${CASES_NOTE}`,
    formula: 'count of probation cases whose startsOn (opened, or the last amended) falls in the period, per period and category (caseType of opened, or the last amended that states it)',
    unit: 'cases',
    measure: 'count',
    breakdowns: [...PERSON, 'caseType'],
    personBased: true,
  },
  {
    ...common,
    code: 'probation_cases_ended',
    title: 'Probation cases ended',
    definition: `Probation cases that ended in the period (the day of the end), by type of end: completed, terminated early, revoked, the person deceased. ${CASES_NOTE}`,
    formula: 'count of probation cases whose ended entry (the last) has endedOn in the period, per period and category',
    unit: 'cases',
    measure: 'count',
    breakdowns: [...PERSON, 'end'],
    personBased: true,
  },
  {
    ...common,
    code: 'probation_completion_rate',
    title: 'Probation completion rate',
    definition: `Of the probation cases that ended in the period, the share that ended completed. ${CASES_NOTE} Withheld when fewer cases ended than the minimum denominator.`,
    formula: 'count of probation cases ended completed in the period ÷ count of probation cases ended in the period × 100, per period and category',
    unit: '%',
    measure: 'ratio',
    breakdowns: PERSON,
    personBased: true,
  },
  {
    ...common,
    code: 'probation_revocation_rate',
    title: 'Probation revocation rate',
    definition: `Of the probation cases that ended in the period, the share that ended revoked by the court. ${CASES_NOTE} Withheld when fewer cases ended than the minimum denominator.`,
    formula: 'count of probation cases ended revoked in the period ÷ count of probation cases ended in the period × 100, per period and category',
    unit: '%',
    measure: 'ratio',
    breakdowns: PERSON,
    personBased: true,
  },
  {
    ...common,
    code: 'probation_violations_per_100_supervision_months',
    title: 'Violations per 100 supervision-months',
    definition:
      'Violations of obligations recorded with a day in the period, per 100 months under supervision in the period: the time each probation case spent active or absconded within the period, from the start of its term on, ' +
      `in days ÷ ${DAYS_PER_MONTH} (an average month). ${CASES_NOTE} Withheld when the period holds fewer whole supervision-months than the minimum denominator, or the violations are a small count.`,
    formula: `count of violations whose occurredOn falls in the period ÷ (days under supervision (active or absconded) in the period ÷ ${DAYS_PER_MONTH}) × 100, per period and category`,
    unit: 'violations per 100 supervision-months',
    measure: 'ratio',
    breakdowns: PERSON,
    personBased: true,
  },
  ...(['median', 'p90'] as const).map((statistic) => ({
    ...common,
    code: `probation_first_meeting_days_${statistic}`,
    title: `Days from intake to the first meeting (${statistic === 'median' ? 'median' : '90th percentile'})`,
    definition:
      `The whole days from the day a probation case was opened (intake) to the day of its first contact attended, ${statistic === 'median' ? 'the median' : 'the 90th percentile (interpolated)'} of the cases whose first meeting fell in the period. ` +
      `${CASES_NOTE} Withheld when over fewer cases than the minimum denominator.`,
    formula: `percentile_cont(${statistic === 'median' ? '0.5' : '0.9'}) over the cases whose first attended contact_recorded falls in the period of (its day − the opened entry's day), in whole days`,
    unit: 'days',
    measure: 'quantile' as const,
    breakdowns: PERSON,
    personBased: false,
  })),
  {
    ...common,
    code: 'probation_assessments_overdue',
    title: 'Probation cases with a risk assessment overdue at the end of the period',
    definition:
      'Probation cases active at the end of the period whose next risk and needs assessment was overdue then: the next assessment due by their last assessment had passed (its day over), ' +
      `or a reassessment deadline (a pack deadline rule met by an assessment) had been breached with no assessment recorded since. ${CASES_NOTE}`,
    formula: 'count of probation cases active at the end of the period with nextDueOn of the last assessment before then + 1 day ≤ the end, or a breach of a reassessment rule before then not followed by an assessment, per period and category',
    unit: 'cases',
    measure: 'count',
    breakdowns: [...PERSON, 'office'],
    personBased: true,
  },
  {
    ...common,
    code: 'probation_community_work_hours_ordered',
    title: 'Community-work hours ordered',
    definition: `The hours of community work courts ordered in the probation cases whose term started in the period. ${CASES_NOTE} Hours, not persons: published without small-cell suppression.`,
    formula: 'sum of communityWorkHours (opened, or the last amended that states the caseType) of the probation cases whose startsOn falls in the period, per period and category',
    unit: 'hours',
    measure: 'count',
    breakdowns: [...PERSON, 'caseType'],
    personBased: false,
  },
  {
    ...common,
    code: 'probation_community_work_hours_worked',
    title: 'Community-work hours worked',
    definition: `The hours of community work logged as worked on days in the period. ${CASES_NOTE} Hours, not persons: published without small-cell suppression.`,
    formula: 'sum of hours of the community_work_logged entries whose workedOn falls in the period, per period and category',
    unit: 'hours',
    measure: 'count',
    breakdowns: PERSON,
    personBased: false,
  },
  {
    ...common,
    code: 'pre_sentence_reports_on_time_share',
    title: 'Pre-sentence reports delivered on time',
    definition:
      'Of the pre-sentence reports submitted in the period (withdrawn reports not counted), the share submitted by their due date. ' +
      'Categories are those of the person reported on in the criminal case; the region is that of the submission. Withheld when fewer reports than the minimum denominator.',
    formula: 'count of report_submitted entries in the period with onTime ÷ count of report_submitted entries in the period × 100, per period and category',
    unit: '%',
    measure: 'ratio',
    breakdowns: PERSON,
    personBased: true,
  },
];

/** A dense table whose totals the query computed (TOTAL in the rows' keys): cells from the rows, zero (or no figure) where none. */
function tableOfRows<T extends { key: readonly string[] }>(ask: TableAsk, dims: readonly TableDimension[], rows: readonly T[], cell: (row: T | undefined) => Omit<ExactCell, 'key'>): ExactTable {
  const byKey = new Map(rows.map((row) => [row.key.join('\u0000'), row]));
  const cells = cellKeys(dims).map((key) => ({ key, ...cell(byKey.get(key.join('\u0000'))) }));
  return { indicator: tableIndicator(ask.indicator), dimensions: dims, ...(ask.asOf && { asOf: ask.asOf.toISOString() }), language: ask.language, cells };
}

/** The rows' keys without a category they were computed by (the last one), and only those of `category` when given. */
function withoutLast(rows: readonly CountRow[], category?: string): CountRow[] {
  return rows.filter((row) => category === undefined || row.key.at(-1) === category).map((row) => ({ key: row.key.slice(0, -1), value: row.value }));
}

const RATE_OF_END: Readonly<Record<string, string>> = { probation_completion_rate: 'completed', probation_revocation_rate: 'revoked' };
const SUMS: Readonly<Record<string, ProbationMeasure>> = {
  probation_cases_started: 'started',
  probation_cases_ended: 'ended',
  probation_community_work_hours_ordered: 'hours_ordered',
  probation_community_work_hours_worked: 'hours_worked',
};

/** The probation indicators (issue 10): from the probation journal's entries, under the same disclosure control as the others. */
export const PROBATION_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, timeZone, jurisdiction }) {
    const code = ask.indicator.code;
    const by = ask.by as ProbationBreakdown[];
    const query: ProbationQuery = { periods: ask.spans, by, region: ask.region, asOf: ask.asOf, timeZone };
    const keys = (rows: readonly { key: readonly string[] }[]) => rows.map((row) => row.key).filter((key) => !key.includes(TOTAL));

    if (SUMS[code]) {
      const rows = await probationSumsFromAggregates(manager, { ...query, measure: SUMS[code] });
      return countedTable(ask, dimensions(keys(rows)), rows);
    }
    if (RATE_OF_END[code] || code === 'pre_sentence_reports_on_time_share') {
      const rows = await probationSumsFromAggregates(manager, { ...query, measure: RATE_OF_END[code] ? 'ended' : 'report', byCategory: true });
      const all = withoutLast(rows);
      const dims = dimensions(keys(all));
      return ratioTable(countedTable(ask, dims, withoutLast(rows, RATE_OF_END[code] ?? 'yes')), countedTable(ask, dims, all), () => 100);
    }
    if (code === 'probation_violations_per_100_supervision_months') {
      const [violations, days] = await Promise.all([probationSumsFromAggregates(manager, { ...query, measure: 'violation' }), supervisionDaysFromAggregates(manager, query)]);
      const dims = dimensions([...keys(violations), ...keys(days)]);
      const [numerators, denominators] = [countedTable(ask, dims, violations), countedTable(ask, dims, days)];
      // The min-denominator rule counts whole supervision-months; the rate divides by the exact time.
      return {
        ...numerators,
        cells: numerators.cells.map((cell, index) => {
          const months = denominators.cells[index].value / DAYS_PER_MONTH;
          return { key: cell.key, value: months === 0 ? 0 : Math.round((cell.value / months) * 100 * 10) / 10, numerator: cell.value, denominator: Math.floor(months) };
        }),
      };
    }
    if (code.startsWith('probation_first_meeting_days_')) {
      const rows = await firstMeetingDaysFromAggregates(manager, { ...query, quantile: code.endsWith('_median') ? 0.5 : 0.9 });
      return tableOfRows(ask, dimensions(keys(rows)), rows, (row) => ({ value: row?.days ?? 0, observations: row?.cases ?? 0 }));
    }
    // Stocks at the period's end: caseload, per officer, assessments overdue.
    const reassessmentRules = (jurisdiction.pack.probation?.deadlineRules ?? []).filter((rule) => rule.metBy.some((match) => match.stepType === 'assessment_recorded')).map((rule) => rule.code);
    const rows = await stocksFromAggregates(manager, { ...query, reassessmentRules, officers: code === 'probation_caseload_per_officer' });
    const dims = dimensions(keys(rows));
    if (code === 'probation_caseload_per_officer') {
      return tableOfRows(ask, dims, rows, (row?: StockRow) => {
        const [cases, officers] = [row?.cases ?? 0, row?.officers ?? 0];
        return { value: officers === 0 ? 0 : Math.round((cases / officers) * 10) / 10, numerator: cases, denominator: officers };
      });
    }
    const figure = code === 'probation_assessments_overdue' ? 'overdue' : 'cases';
    return tableOfRows(ask, dims, rows, (row?: StockRow) => ({ value: row?.[figure] ?? 0 }));
  },
};
