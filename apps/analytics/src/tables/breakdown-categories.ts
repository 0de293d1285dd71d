import { AGE_BANDS, PROBATION_ENDS, SEXES, VERDICT_OUTCOMES } from '@icjims/contracts';
import type { Jurisdiction, Labels } from '@icjims/jurisdiction';
import { CASE_AGES } from '../flow/case-flow';
import { ageBandLabel, textsIn } from '../i18n/texts';
import type { Breakdown } from '../indicators/indicator-definition';

/**
 * The categories of each breakdown and their labels: the pack's where the country decides them
 * (regions, districts, agencies, offences, groups, rules, grounds, measures), the system's
 * otherwise (i18n/), in the request's language.
 */

/** The categories the pack names for a breakdown (those of `region` for its districts and agencies), labelled in `language`. */
export function packCategories(jurisdiction: Jurisdiction, breakdown: Breakdown, region: string | undefined, language: string): Map<string, string> {
  const pack = jurisdiction.pack;
  const label = (labels: Labels) => jurisdiction.label(labels, language);
  const texts = textsIn(language);
  const { unknown, yes, no } = texts.table;
  const regions = pack.regions.filter((candidate) => region === undefined || candidate.code === region);
  switch (breakdown) {
    case 'region':
      return new Map(pack.regions.map((candidate) => [candidate.code, label(candidate.labels)]));
    case 'citizenshipGroup':
      return new Map([...pack.citizenshipGroups.map((group) => [group.code, label(group.labels)] as const), ...(pack.citizenshipGroups.some((group) => group.code === 'unknown') ? [] : [['unknown', unknown] as const])]);
    case 'district':
      return new Map(regions.flatMap((candidate) => candidate.districts.map((district) => [`${candidate.code}.${district.code}`, `${label(district.labels)} (${label(candidate.labels)})`] as const)));
    case 'agency':
      return new Map(pack.agencies.filter((agency) => region === undefined || !agency.region || agency.region === region).map((agency) => [agency.code, label(agency.labels)]));
    case 'iccsSection':
      return new Map(pack.iccsSections.map((section) => [section.code, `${section.code} ${label(section.labels)}`]));
    case 'article':
      return new Map(pack.offences.map((offence) => [offence.article, `${offence.article} ${label(offence.labels)}`]));
    case 'caseAge':
      return new Map(CASE_AGES.map((age) => [age, texts.caseAges[age]]));
    case 'sex':
      return new Map(SEXES.map((sex) => [sex, sex === 'unknown' ? unknown : texts.sexes[sex]]));
    case 'ageBand':
      return new Map(AGE_BANDS.map((band) => [band, ageBandLabel(band, language)]));
    case 'rule':
      return new Map(pack.deadlineRules.map((rule) => [rule.code, label(rule.labels)]));
    case 'ground':
      return new Map([...pack.terminationGrounds.map((ground) => [ground.code, label(ground.labels)] as const), ['unknown', unknown] as const]);
    case 'measure':
      return new Map([...pack.preventiveMeasures.map((measure) => [measure.code, label(measure.labels)] as const), ['unknown', unknown] as const]);
    case 'outcome':
      return new Map([...VERDICT_OUTCOMES.map((outcome) => [outcome, texts.outcomes[outcome]] as const), ['unknown', unknown] as const]);
    // A pack without a probation section yet has no offices or case types: what is counted still shows, under its code.
    case 'office':
      return new Map([...(pack.probation?.offices ?? []).filter((office) => region === undefined || office.region === region).map((office) => [office.code, label(office.labels)] as const), ['unknown', unknown] as const]);
    case 'caseType':
      return new Map([...(pack.probation?.caseTypes ?? []).map((type) => [type.code, label(type.labels)] as const), ['unknown', unknown] as const]);
    case 'end':
      return new Map(PROBATION_ENDS.map((end) => [end, texts.probationEnds[end]]));
    case 'juvenile':
    case 'disability':
      return new Map([['yes', yes], ['no', no], ['unknown', unknown]]);
    default:
      return new Map();
  }
}
