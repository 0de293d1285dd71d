import type { Measure } from '../tables/statistical-table';

/** What a published number can be broken down by; each indicator says which it allows. */
export const BREAKDOWNS = [
  'region', 'month', 'stepType', 'citizenshipGroup', 'district', 'agency', 'iccsSection', 'article', 'caseAge', 'sex', 'ageBand', 'juvenile', 'disability', 'rule', 'ground', 'measure', 'outcome', 'office', 'caseType', 'end',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** One indicator of the catalogue (indicator-catalogue.ts), served as-is by GET /api/v1/indicators. */
export interface IndicatorDefinition {
  code: string;
  /** A changed definition or formula is a new version; a published table names the version it was computed under. */
  version: number;
  title: string;
  /** What it measures, in plain words. */
  definition: string;
  /** How it is computed from events. */
  formula: string;
  /** The events it is computed from. */
  sourceEvents: readonly string[];
  /** The first day (in the jurisdiction's calendar) its figures are defined for under this version. */
  validFrom: string;
  /** Where the definition comes from: the international standard it follows. */
  source?: string;
  /** Published on the open-data interface (to anyone, always under disclosure control). */
  public: boolean;
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
