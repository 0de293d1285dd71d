import type { DeadlineRule, JurisdictionPack, StepMatch } from '@icjims/jurisdiction';

/**
 * What deprives a person of liberty before a verdict, and what ends it, read from the pack's
 * deadline rules by what starts them — never by a rule's or a measure's code, which the country
 * chooses. The journal's own step codes (detention, preventive_measure_applied …) are the same
 * everywhere and may be named.
 *
 * - detention rules: person rules a `detention` step starts (the time to bring a detainee
 *   before a court);
 * - custody measures: the measures that take over from a detention — those whose application
 *   stops a detention rule's clock;
 * - custody rules: person rules the application of a custody measure starts (its term).
 */
export interface LibertyRules {
  /** Codes of the rules on detention without a court decision. */
  detentionRules: string[];
  /** Codes of the preventive measures that are custody. */
  custodyMeasures: string[];
  /** Codes of the rules on the term of custody. */
  custodyRules: string[];
  /** Steps that deprive a person of liberty, or keep them deprived (a custody after a detention). */
  starts: StepMatch[];
  /** Steps that end a deprivation of liberty, for one person or (case-level steps) for everyone in the case. */
  stops: StepMatch[];
}

const DETENTION: StepMatch = { stepType: 'detention' };

export function libertyRules(pack: Pick<JurisdictionPack, 'deadlineRules'>): LibertyRules {
  const personRules = pack.deadlineRules.filter((rule) => rule.scope === 'person');
  const detention = personRules.filter((rule) => rule.startsWith.some((match) => sameMatch(match, DETENTION)));
  const custodyMeasures = unique(detention.flatMap((rule) => rule.stoppedBy.flatMap(measureApplied)));
  const custody = personRules.filter((rule) => rule.startsWith.some((match) => measureApplied(match).some((measure) => custodyMeasures.includes(measure))));
  const starts = uniqueMatches([DETENTION, ...custody.flatMap((rule) => rule.startsWith)]);
  const stops = uniqueMatches([...detention, ...custody].flatMap((rule: DeadlineRule) => rule.stoppedBy)).filter((stop) => !starts.some((start) => sameMatch(start, stop)));
  return { detentionRules: detention.map((rule) => rule.code), custodyMeasures, custodyRules: custody.map((rule) => rule.code), starts, stops };
}

/** The measure a step applies, if it applies one by name: a measure applied, or the new one a change brings. */
function measureApplied(match: StepMatch): string[] {
  const measure = match.stepType === 'preventive_measure_applied' ? match.where?.measure : match.stepType === 'preventive_measure_changed' ? match.where?.newMeasure : undefined;
  return typeof measure === 'string' ? [measure] : [];
}

function sameMatch(a: StepMatch, b: StepMatch): boolean {
  return a.stepType === b.stepType && JSON.stringify(sortedWhere(a)) === JSON.stringify(sortedWhere(b));
}

function sortedWhere(match: StepMatch): [string, unknown][] {
  return Object.entries(match.where ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

function uniqueMatches(matches: readonly StepMatch[]): StepMatch[] {
  return matches.filter((match, index) => matches.findIndex((other) => sameMatch(other, match)) === index);
}

function unique(codes: readonly string[]): string[] {
  return [...new Set(codes)];
}
