import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { CountRow } from '../tables/count-table';
import { countedTable, IndicatorFamily, TableAsk, TableTools } from '../tables/indicator-family';
import { monthsOf, periodOfMonth } from '../tables/periods';

/** Kept as running counts by region and month (this folder), not computed from the facts. */
export const COUNTED_INDICATOR_CODES = ['cases_registered', 'steps_recorded', 'probation_cases_opened', 'suspects_entered'] as const;
export type CountedIndicatorCode = (typeof COUNTED_INDICATOR_CODES)[number];

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    code: 'cases_registered',
    version: 1,
    title: 'Cases registered',
    definition: 'Reports of a crime registered as criminal cases, by the region of the case and the month of registration.',
    formula: 'count of CaseRegistered events with registeredAt in the month (in the jurisdiction’s time zone), per region',
    public: true,
    sourceEvents: ['case-registry case.registered'],
    validFrom: '2026-01-01',
    unit: 'cases',
    measure: 'count',
    breakdowns: ['region', 'month'],
    personBased: false,
    personLevelCategories: false,
  },
  {
    code: 'steps_recorded',
    version: 1,
    title: 'Procedural steps recorded',
    definition:
      'Procedural steps entered in case journals, by the region of the case, the month the step took place and the step type. ' +
      'Corrections apply: an annulled step is not counted, an amended one counts in the month it happened as corrected, ' +
      'and each correction is itself a step, counted under the step type "correction". ' +
      'Step types that concern one person each (their steps name a person: detentions, verdicts, sentences …) are counts of people: ' +
      'their small cells are suppressed like those of person-based indicators.',
    formula:
      'count of StepRecorded events with occurredAt in the month (in the jurisdiction’s time zone), per region and stepType, ' +
      'less the steps a StepCorrected annulled, with the occurredAt of the latest StepCorrected amending a step in place of its own',
    public: false,
    sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected'],
    validFrom: '2026-01-01',
    unit: 'steps',
    measure: 'count',
    breakdowns: ['region', 'month', 'stepType'],
    personBased: false,
    personLevelCategories: true,
  },
  {
    code: 'probation_cases_opened',
    version: 1,
    title: 'Probation cases opened',
    definition:
      'People placed under probation supervision by a probation sentence, by the region of the case and the month supervision started. ' +
      'Corrections of the sentence apply: an annulled probation case is not counted, an amended one counts in the month its supervision now starts.',
    formula:
      'count of ProbationCaseOpened events with startsOn in the month (in the jurisdiction’s time zone), per region, ' +
      'less those a ProbationCaseAnnulled annulled, with the startsOn of the latest ProbationCaseAmended in place of their own',
    public: false,
    sourceEvents: ['probation probation-case.opened', 'probation probation-case.amended', 'probation probation-case.annulled'],
    validFrom: '2026-01-01',
    unit: 'probation cases',
    measure: 'count',
    breakdowns: ['region', 'month'],
    personBased: true,
    personLevelCategories: false,
  },
  {
    code: 'suspects_entered',
    version: 1,
    title: 'Suspects entered, by citizenship group',
    definition:
      'People entered as suspects in the record of a criminal case, by the region of the case, the month they were entered and their citizenship group ' +
      '(the groups of the jurisdiction pack; "unknown" when the citizenship is not known). Each entry counts: a person entered as a suspect in two cases, ' +
      'or carried into another case by a join or a split, counts in each; a suspect removed from a case later is not taken back. ' +
      'Counts of people: small cells are suppressed.',
    formula:
      'count of PersonAddedToCase events with role suspect, with the event time in the month (in the jurisdiction’s time zone), per region and citizenshipGroup',
    public: true,
    sourceEvents: ['case-registry person.added'],
    validFrom: '2026-01-01',
    unit: 'suspect entries',
    measure: 'count',
    breakdowns: ['region', 'month', 'citizenshipGroup'],
    personBased: true,
    personLevelCategories: false,
  },
];

interface CountedRow {
  region: string;
  period: string;
  category: string;
  value: number;
}

/** The indicators kept as running counts: no figures as of a date, and a rows form besides the table. */
export const COUNTED_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask: TableAsk, { manager, dimensions }: TableTools) {
    const { indicator, periods, granularity, by, region } = ask;
    // The tables service refuses a range of days for these (400 naming period).
    if (granularity === 'range') throw new RangeError('running counts are kept by month: they have no figures for a range of days');
    const rows: CountedRow[] = await manager.query(
      `SELECT region, period, category, sum(value)::int AS value FROM activity_counts
        WHERE indicator = $1 AND period >= $2 AND period <= $3 AND ($4::text IS NULL OR region = $4)
        GROUP BY region, period, category`,
      [indicator.code, monthsOf(periods[0], granularity).first, monthsOf(periods.at(-1) as string, granularity).last, region ?? null],
    );
    const categoryOf = (row: CountedRow, breakdown: Breakdown) => (breakdown === 'region' ? row.region : row.category);
    const counted: CountRow[] = rows.map((row) => ({ key: [periodOfMonth(row.period, granularity), ...by.map((breakdown) => categoryOf(row, breakdown))], value: row.value }));
    // A step-type breakdown mixes case-level and person-level steps: counted as people throughout, so that no small cell of a person-level step shows.
    return countedTable(ask, dimensions(counted.map((row) => row.key)), counted);
  },
};
