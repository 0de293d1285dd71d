import { AGE_BANDS, SEXES, VERDICT_OUTCOMES } from '@icjims/contracts';
import type { Jurisdiction, Labels } from '@icjims/jurisdiction';
import { CASE_AGES } from '../flow/case-flow';
import type { Breakdown } from '../indicators/indicator-definition';

/**
 * The categories of each breakdown and their labels: the pack's where the country decides them
 * (regions, districts, agencies, offences, groups, rules, grounds), the system's otherwise.
 */

/** The categories the pack names for a breakdown (those of `region` for its districts and agencies), labelled in `language`. */
export function packCategories(jurisdiction: Jurisdiction, breakdown: Breakdown, region: string | undefined, language: string): Map<string, string> {
  const pack = jurisdiction.pack;
  const label = (labels: Labels) => jurisdiction.label(labels, language);
  const regions = pack.regions.filter((candidate) => region === undefined || candidate.code === region);
  switch (breakdown) {
    case 'region':
      return new Map(pack.regions.map((candidate) => [candidate.code, label(candidate.labels)]));
    case 'citizenshipGroup':
      return new Map([...pack.citizenshipGroups.map((group) => [group.code, label(group.labels)] as const), ...(pack.citizenshipGroups.some((group) => group.code === 'unknown') ? [] : [['unknown', 'Unknown'] as const])]);
    case 'district':
      return new Map(regions.flatMap((candidate) => candidate.districts.map((district) => [`${candidate.code}.${district.code}`, `${label(district.labels)} (${label(candidate.labels)})`] as const)));
    case 'agency':
      return new Map(pack.agencies.filter((agency) => region === undefined || !agency.region || agency.region === region).map((agency) => [agency.code, label(agency.labels)]));
    case 'iccsSection':
      return new Map(pack.iccsSections.map((section) => [section.code, `${section.code} ${label(section.labels)}`]));
    case 'article':
      return new Map(pack.offences.map((offence) => [offence.article, `${offence.article} ${label(offence.labels)}`]));
    case 'caseAge':
      return new Map(CASE_AGES.map((age) => [age, CASE_AGE_LABELS[age]]));
    case 'sex':
      return new Map(SEXES.map((sex) => [sex, sex === 'unknown' ? 'Unknown' : sex === 'female' ? 'Female' : 'Male']));
    case 'ageBand':
      return new Map(AGE_BANDS.map((band) => [band, band === 'unknown' ? 'Unknown' : band.replace('_plus', ' and over').replace('under_', 'under ').replace('_', '–')]));
    case 'rule':
      return new Map(pack.deadlineRules.map((rule) => [rule.code, label(rule.labels)]));
    case 'ground':
      return new Map([...pack.terminationGrounds.map((ground) => [ground.code, label(ground.labels)] as const), ['unknown', 'Unknown'] as const]);
    case 'measure':
      return new Map([...pack.preventiveMeasures.map((measure) => [measure.code, label(measure.labels)] as const), ['unknown', 'Unknown'] as const]);
    case 'outcome':
      return new Map([...VERDICT_OUTCOMES.map((outcome) => [outcome, outcome === 'conviction' ? 'Conviction' : 'Acquittal'] as const), ['unknown', 'Unknown'] as const]);
    case 'juvenile':
    case 'disability':
      return new Map([['yes', 'Yes'], ['no', 'No'], ['unknown', 'Unknown']]);
    default:
      return new Map();
  }
}


const CASE_AGE_LABELS: Readonly<Record<(typeof CASE_AGES)[number], string>> = {
  under_3_months: 'Under 3 months',
  '3_to_6_months': '3 to 6 months',
  '6_to_12_months': '6 to 12 months',
  '12_to_24_months': '12 to 24 months',
  over_24_months: 'Over 24 months',
};

export const BREAKDOWN_LABELS: Readonly<Record<Breakdown, string>> = {
  region: 'Region',
  month: 'Month',
  stepType: 'Step type',
  citizenshipGroup: 'Citizenship group',
  district: 'District',
  agency: 'Agency',
  iccsSection: 'ICCS section',
  article: 'Offence (article)',
  caseAge: 'Age of the case',
  sex: 'Sex',
  ageBand: 'Age band',
  juvenile: 'Juvenile',
  disability: 'Disability',
  rule: 'Deadline rule',
  ground: 'Legal ground',
  measure: 'Preventive measure',
  outcome: 'Verdict outcome',
};
