import type { Span } from '../flow/case-durations';
import type { Measure } from '../tables/statistical-table';

/**
 * The indicator catalogue: what each published number means and how it is computed. It is
 * data, served as-is by GET /api/v1/indicators, so clients and docs never drift from the code.
 */

export const BREAKDOWNS = [
  'region', 'month', 'stepType', 'citizenshipGroup', 'district', 'agency', 'iccsSection', 'article', 'caseAge', 'sex', 'ageBand', 'juvenile', 'disability', 'rule', 'ground',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Kept as running counts by region and month (counting/). */
export const COUNTED_INDICATOR_CODES = ['cases_registered', 'steps_recorded', 'probation_cases_opened', 'suspects_entered'] as const;

/** Computed from the facts (flow/): the flow of cases through the pre-trial and the court stage, in CEPEJ's terms. */
export const FLOW_INDICATOR_CODES = [
  'pretrial_incoming',
  'pretrial_resolved',
  'pretrial_pending',
  'pretrial_clearance_rate',
  'pretrial_disposition_time',
  'court_incoming',
  'court_resolved',
  'court_pending',
  'court_clearance_rate',
  'court_disposition_time',
] as const;
export type FlowIndicatorCode = (typeof FLOW_INDICATOR_CODES)[number];

/** Computed from the facts (flow/): how long cases take between milestones, median and 90th percentile. */
export const DURATION_INDICATOR_CODES = [
  'duration_registration_to_indictment_median',
  'duration_registration_to_indictment_p90',
  'duration_indictment_to_verdict_median',
  'duration_indictment_to_verdict_p90',
  'duration_registration_to_final_decision_median',
  'duration_registration_to_final_decision_p90',
] as const;

/** Computed from the facts (people/): persons reaching a position in a case, by their categories. */
export const PEOPLE_INDICATOR_CODES = [
  'persons_suspected', 'persons_detained', 'persons_convicted', 'conviction_share', 'persons_sentenced', 'non_custodial_sentence_share', 'victims_registered',
] as const;

/** Computed from the facts (liberty/): deadline breaches announced by procedural-steps. */
export const BREACH_INDICATOR_CODES = ['deadline_breaches'] as const;

/** Computed from the facts (outcomes/): how cases end. */
export const OUTCOME_INDICATOR_CODES = ['cases_terminated'] as const;

export const INDICATOR_CODES = [...COUNTED_INDICATOR_CODES, ...FLOW_INDICATOR_CODES, ...DURATION_INDICATOR_CODES, ...PEOPLE_INDICATOR_CODES, ...BREACH_INDICATOR_CODES, ...OUTCOME_INDICATOR_CODES] as const;
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

export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = [
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
  ...flowIndicators('pretrial'),
  ...flowIndicators('court'),
  ...durationIndicators(),
  ...peopleIndicators(),
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

export function isOutcomeIndicator(code: string): boolean {
  return (OUTCOME_INDICATOR_CODES as readonly string[]).includes(code);
}

export function isBreachIndicator(code: string): boolean {
  return (BREACH_INDICATOR_CODES as readonly string[]).includes(code);
}

/** Which position a people indicator counts. */
export function personPositionOf(code: string): 'suspected' | 'detained' | 'convicted' | 'sentenced' | 'victim' | undefined {
  return ({ persons_suspected: 'suspected', persons_detained: 'detained', persons_convicted: 'convicted', persons_sentenced: 'sentenced', victims_registered: 'victim' } as const)[
    code as 'persons_suspected'
  ];
}

/**
 * Persons in the criminal justice system by sex, age, juvenile status, citizenship and
 * disability (UNODC's crime trends survey and the SDG 16 gender and age disaggregation).
 */
function peopleIndicators(): IndicatorDefinition[] {
  const common = {
    version: 1,
    validFrom: '2026-01-01',
    source: 'UNODC Crime Trends Survey (persons brought into formal contact, prosecuted, convicted; victims), disaggregated by sex and age as SDG 16 asks',
    public: true,
    unit: 'persons',
    measure: 'count' as const,
    breakdowns: ['region', 'month', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as Breakdown[],
    personBased: true,
    personLevelCategories: false,
  };
  const counting =
    'A person counts once per case, in the period of the first effective step that puts them there (corrections apply); a record merged into another counts as the surviving one. ' +
    'Categories are those case-registry gave for the person in the case (age at the time of the offence); never announced, they count as unknown. Counts of people: small cells are withheld, and more cells so that the totals do not give them away.';
  return [
    {
      ...common,
      code: 'persons_suspected',
      title: 'Persons suspected',
      definition: `Persons notified of suspicion or detained as suspects, by the period it first happened in the case. ${counting}`,
      formula: 'count of distinct (case, person) whose first effective suspicion_notified or detention step falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
    {
      ...common,
      code: 'persons_detained',
      title: 'Persons detained',
      definition: `Persons detained as suspects, by the period of their first detention in the case. ${counting}`,
      formula: 'count of distinct (case, person) whose first effective detention step falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
    {
      ...common,
      code: 'persons_convicted',
      title: 'Persons convicted',
      definition: `Persons convicted by a verdict, by the period of the first conviction in the case (an appeal's verdict does not count them again). ${counting}`,
      formula: 'count of distinct (case, person) whose first effective verdict with outcome conviction falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
    {
      ...common,
      code: 'conviction_share',
      title: 'Conviction share',
      definition:
        `Of the persons on whom a court gave its first verdict in the case in the period, the share convicted (acquittals are the rest). ${counting} ` +
        'Withheld when fewer persons were judged than the minimum denominator, or when the convicted are a small count of people.',
      formula: 'persons whose first verdict in the case is a conviction ÷ persons given a first verdict in the case × 100, per period and category',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      unit: '%',
      measure: 'ratio' as const,
    },
    {
      ...common,
      code: 'persons_sentenced',
      title: 'Persons sentenced',
      definition: `Persons sentenced, by the period of their first sentence in the case. ${counting}`,
      formula: 'count of distinct (case, person) whose first effective sentence step falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
    {
      ...common,
      code: 'non_custodial_sentence_share',
      title: 'Share of non-custodial sentences',
      definition:
        `Of the persons sentenced in the period, the share whose sentence is not imprisonment: probation, a fine, community work or a conditional sentence (their first sentence in the case). ${counting} ` +
        'Withheld when fewer persons were sentenced than the minimum denominator, or when the non-custodial ones are a small count of people.',
      formula: 'persons_sentenced whose first sentence is not imprisonment ÷ persons_sentenced × 100, per period and category',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'UNODC / UN Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules): the use of alternatives to imprisonment',
      unit: '%',
      measure: 'ratio' as const,
    },
    {
      ...common,
      code: 'victims_registered',
      title: 'Victims registered',
      definition: `Persons entered as victims in a case, by the period they were entered. ${counting}`,
      formula: 'count of distinct (case, person) given the role victim in the period',
      sourceEvents: ['case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
  ];
}

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
      code: `duration_${span}_${statistic}` as IndicatorCode,
      version: 1,
      title: `Duration, ${name} (${statisticName})`,
      definition:
        `How long cases took ${what}, in days: ${statisticWhat} of the cases whose span ended in the period. ` +
        'Time the proceedings were suspended (from a suspension to the next resumption) does not count. Corrections apply; withheld when over fewer cases than the minimum denominator.',
      formula: `${statistic === 'median' ? 'percentile_cont(0.5)' : 'percentile_cont(0.9)'} over the cases whose span ends in the period of (end − start − suspended time) in days, one decimal`,
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

/** Kept as running counts (counting/), not computed from the facts: no figures as of a date, and a rows form besides the table. */
export function isCounted(code: string): boolean {
  return (COUNTED_INDICATOR_CODES as readonly string[]).includes(code);
}

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return INDICATOR_CATALOGUE.find((indicator) => indicator.code === code);
}

/** The breakdown reported in a row's `category`, if the indicator has one. */
export function categoryBreakdownOf(indicator: IndicatorDefinition): Breakdown | undefined {
  return indicator.breakdowns.find((breakdown) => breakdown !== 'region' && breakdown !== 'month');
}
