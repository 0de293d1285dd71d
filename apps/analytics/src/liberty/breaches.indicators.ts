import type { IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily } from '../tables/indicator-family';
import { breachesFromAggregates } from '../aggregates/liberty-from-aggregates';

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    code: 'deadline_breaches',
    version: 1,
    title: 'Procedural deadlines breached',
    definition:
      'Procedural deadlines that ran out before the step the law requires — a detainee not brought before a court within the legal time, custody held beyond the term the court set, an investigation beyond its term — ' +
      'by the rule breached (the jurisdiction pack’s deadline rules), the case’s region and the period the breach happened in. A breach procedural-steps later withdrew (a correction annulled the clock’s start, or showed it stopped in time) is not counted from its withdrawal on. ' +
      'Most rules concern one person each (a detention, custody): counts of people, small cells withheld.',
    formula: 'count of deadline.breached announcements with dueAt in the period, per rule and region, less those withdrawn (deadline.breach-withdrawn) by asOf',
    sourceEvents: ['procedural-steps deadline.breached', 'procedural-steps deadline.breach-withdrawn', 'case-registry case.registered'],
    validFrom: '2026-01-01',
    source: 'Human-rights safeguards of liberty: the ICCPR art. 9(3) (brought promptly before a judge) and the national code of criminal procedure’s terms, as the pack’s rules cite them',
    public: true,
    unit: 'breaches',
    measure: 'count',
    breakdowns: ['region', 'month', 'rule'],
    personBased: true,
    personLevelCategories: false,
  },
];

/** Deadline breaches by rule and region: each concerns a person or a case; counted as people. */
export const BREACH_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, timeZone }) {
    const { by } = ask;
    const rows = await breachesFromAggregates(manager, { periods: ask.spans, byRegion: by.includes('region'), byRule: by.includes('rule'), region: ask.region, asOf: ask.asOf, timeZone });
    // The query gives region before rule; the table follows the order asked for.
    const order = (['region', 'rule'] as const).filter((breakdown) => by.includes(breakdown));
    const keyed = rows.map((row) => ({ value: row.value, key: [row.key[0], ...by.map((breakdown) => row.key[1 + order.indexOf(breakdown as 'region')])] }));
    return countedTable(ask, dimensions(keyed.map((row) => row.key)), keyed);
  },
};
