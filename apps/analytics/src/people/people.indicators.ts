import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily, ratioTable } from '../tables/indicator-family';
import { personCounts, PersonBreakdown, PersonPosition } from './person-counts';


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

/** What each people indicator counts: persons in one position, or the share of those in one among those in another. */
const MEASURES: Readonly<Record<string, PersonPosition | { of: PersonPosition; among: PersonPosition }>> = {
  persons_suspected: 'suspected',
  persons_detained: 'detained',
  persons_convicted: 'convicted',
  persons_sentenced: 'sentenced',
  victims_registered: 'victim',
  conviction_share: { of: 'judged_convicted', among: 'judged' },
  non_custodial_sentence_share: { of: 'sentenced_non_custodial', among: 'sentenced' },
};

/** Persons reaching a position, by their categories: counts of people (or, for a share, the ratio of two). */
export const PEOPLE_INDICATORS: IndicatorFamily = {
  definitions: peopleIndicators(),

  async table(ask, { manager, dimensions }) {
    const by = ask.by as PersonBreakdown[];
    const count = (position: PersonPosition) => personCounts(manager, { position, periods: ask.spans, by, region: ask.region, asOf: ask.asOf });
    const measure = MEASURES[ask.indicator.code];
    if (typeof measure === 'string') {
      const rows = await count(measure);
      return countedTable(ask, dimensions(rows.map((row) => row.key)), rows, true);
    }
    const [rows, denominators] = [await count(measure.of), await count(measure.among)];
    const dims = dimensions([...rows, ...denominators].map((row) => row.key));
    return ratioTable(countedTable(ask, dims, rows, true), countedTable(ask, dims, denominators, true), () => 100);
  },
};
