import type { Measure } from '../tables/statistical-table';

/**
 * The indicator catalogue: what each published number means and how it is computed. It is
 * data, served as-is by GET /api/v1/indicators, so clients and docs never drift from the code.
 */

export const BREAKDOWNS = ['region', 'month', 'stepType', 'citizenshipGroup'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const INDICATOR_CODES = ['cases_registered', 'steps_recorded', 'probation_cases_opened', 'suspects_entered'] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export interface IndicatorDefinition {
  code: IndicatorCode;
  /** A changed definition or formula is a new version; a published table names the version it was computed under. */
  version: number;
  title: string;
  /** What it measures, in plain words. */
  definition: string;
  /** How it is computed from events. */
  formula: string;
  unit: string;
  measure: Measure;
  /** Dimensions a value is broken down by; a breakdown beyond region and month is a row's `category`. */
  breakdowns: readonly Breakdown[];
  /** Counts people (or things that stand for one person each): small cells are suppressed. */
  personBased: boolean;
  /**
   * Some categories count acts that each concern one person (person-level step types: a
   * detention, a verdict, a sentence): their small cells are suppressed as if person-based.
   */
  personLevelCategories: boolean;
}

export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = [
  {
    code: 'cases_registered',
    version: 1,
    title: 'Cases registered',
    definition: 'Reports of a crime registered as criminal cases, by the region of the case and the month of registration.',
    formula: 'count of CaseRegistered events with registeredAt in the month (in the jurisdiction’s time zone), per region',
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
    unit: 'suspect entries',
    measure: 'count',
    breakdowns: ['region', 'month', 'citizenshipGroup'],
    personBased: true,
    personLevelCategories: false,
  },
];

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return INDICATOR_CATALOGUE.find((indicator) => indicator.code === code);
}

/** The breakdown reported in a row's `category`, if the indicator has one. */
export function categoryBreakdownOf(indicator: IndicatorDefinition): Breakdown | undefined {
  return indicator.breakdowns.find((breakdown) => breakdown !== 'region' && breakdown !== 'month');
}
