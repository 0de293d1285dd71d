import type { Jurisdiction } from '@icjims/jurisdiction';
import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily, ratioTable } from '../tables/indicator-family';
import { personCountsFromAggregates } from '../aggregates/people-counts-from-aggregates';
import { PersonBreakdown, PersonFilter, PersonPosition } from './person-counts';


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
      code: 'persons_accused',
      title: 'Persons accused',
      definition:
        `Persons who were suspects in a case when it was first indicted and sent to court (the indictment makes every suspect an accused): their suspect's role was in force then, or a suspicion, detention, plea agreement or standing received from another case came before it and they had not left the case since; by the period of that first indictment. ${counting}`,
      formula: 'count of distinct (case, person) who were suspects in the case (role suspect or accused in force, or an effective suspicion_notified, detention, plea_agreement or standing_received step not followed by person_left) at its first effective indictment, in the period of that indictment',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.removed', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'UNODC Crime Trends Survey: persons prosecuted',
    },
    {
      ...common,
      code: 'persons_plea_agreement',
      title: 'Persons with a plea agreement',
      definition: `Suspects and accused with whom the prosecutor concluded a plea agreement, by the period of the first plea agreement with them in the case. ${counting}`,
      formula: 'count of distinct (case, person) whose first effective plea_agreement step falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'CEPEJ evaluation of judicial systems (guilty-plea and plea-bargaining procedures in criminal cases); UNODC Crime Trends Survey',
    },
    {
      ...common,
      code: 'verdicts_by_outcome',
      title: 'Persons judged, by verdict outcome',
      definition:
        `Persons on whom a court gave its first verdict in the case, by the period of that verdict and its outcome (the journal's verdict outcomes: conviction, acquittal; unknown when none was recorded); an appeal's verdict does not count them again. ${counting}`,
      formula: 'count of distinct (case, person) whose first effective verdict in the case falls in the period, by that verdict\'s outcome',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'UNODC Crime Trends Survey (persons convicted, acquitted) and CEPEJ (decisions on the merits in criminal cases)',
      breakdowns: ['region', 'month', 'outcome', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'],
    },
    {
      ...common,
      code: 'juveniles_suspected',
      title: 'Juveniles in conflict with the law',
      definition:
        `Persons notified of suspicion or detained as suspects who were juvenile (as case-registry classes the person in the case: under 18 at the time of the offence; a person with no known date of birth is not classed so, one never announced is not counted), by the period it first happened in the case. ${counting}`,
      formula: 'count of distinct (case, person) juvenile in the case whose first effective suspicion_notified or detention step falls in the period',
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'UNODC/UNICEF Manual for the Measurement of Juvenile Justice Indicators (children in conflict with the law); UN Convention on the Rights of the Child, art. 40',
      breakdowns: ['region', 'month', 'sex', 'ageBand', 'citizenshipGroup', 'disability'],
    },
    {
      ...common,
      code: 'victims_registered',
      title: 'Victims registered',
      definition: `Persons entered as victims in a case, by the period they were entered. ${counting}`,
      formula: 'count of distinct (case, person) given the role victim in the period',
      sourceEvents: ['case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
    },
    {
      ...common,
      code: 'sgbv_victims',
      title: 'Victims of sexual and gender-based violence',
      definition:
        `Persons entered as victims in a case whose offence the jurisdiction pack marks as sexual or gender-based violence, by the period they were entered, their sex and age band. ${counting}`,
      formula: 'count of distinct (case, person) given the role victim in the period, in cases whose offence article the pack marks sexualOrGenderBasedViolence',
      sourceEvents: ['case-registry case.registered', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'],
      source: 'UN Women and UNODC: statistical framework for measuring the gender-related killing of women and girls, and the ICCS’s sexual violence (section 03); SDG 5.2 and 16.1 disaggregation by sex and age',
      breakdowns: ['region', 'month', 'sex', 'ageBand'],
    },
  ];
}

/** Persons in one position, only some of them: the filter as the pack gives it. */
interface Filtered {
  position: PersonPosition;
  only(jurisdiction: Jurisdiction): PersonFilter;
}

/** What each people indicator counts: persons in one position (or some of them), or the share of those in one among those in another. */
const MEASURES: Readonly<Record<string, PersonPosition | Filtered | { of: PersonPosition; among: PersonPosition }>> = {
  persons_suspected: 'suspected',
  persons_detained: 'detained',
  persons_accused: 'accused',
  persons_plea_agreement: 'plea_agreement',
  persons_convicted: 'convicted',
  verdicts_by_outcome: 'judged',
  persons_sentenced: 'sentenced',
  victims_registered: 'victim',
  juveniles_suspected: { position: 'suspected', only: () => ({ juvenile: true }) },
  // The offences are the pack's: no article is named here.
  sgbv_victims: { position: 'victim', only: (jurisdiction) => ({ articles: jurisdiction.pack.offences.filter((offence) => offence.sexualOrGenderBasedViolence).map((offence) => offence.article) }) },
  conviction_share: { of: 'judged_convicted', among: 'judged' },
  non_custodial_sentence_share: { of: 'sentenced_non_custodial', among: 'sentenced' },
};

/** Persons reaching a position, by their categories: counts of people (or, for a share, the ratio of two). */
export const PEOPLE_INDICATORS: IndicatorFamily = {
  definitions: peopleIndicators(),

  async table(ask, { manager, dimensions, jurisdiction, timeZone }) {
    const by = ask.by as PersonBreakdown[];
    const count = (position: PersonPosition, only?: PersonFilter) =>
      personCountsFromAggregates(manager, { position, periods: ask.spans, by, region: ask.region, asOf: ask.asOf, only, timeZone });
    const measure = MEASURES[ask.indicator.code];
    if (typeof measure === 'string' || 'position' in measure) {
      const rows = typeof measure === 'string' ? await count(measure) : await count(measure.position, measure.only(jurisdiction));
      return countedTable(ask, dimensions(rows.map((row) => row.key)), rows);
    }
    const [rows, denominators] = [await count(measure.of), await count(measure.among)];
    const dims = dimensions([...rows, ...denominators].map((row) => row.key));
    return ratioTable(countedTable(ask, dims, rows), countedTable(ask, dims, denominators), () => 100);
  },
};
