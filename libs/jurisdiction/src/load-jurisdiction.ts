import { caseNumberOf } from './case-number';
import { label, negotiateLanguage } from './languages';
import { checkNationalId, ClaimedHolder, NationalIdCheck } from './national-id';
import type { Agency, DeadlineRule, JurisdictionPack, Labels, Offence, RecordingTerms, Region } from './pack';
import { JurisdictionPackError, packSource } from './pack-source';
import { validatePack, ValidatePackOptions } from './validate-pack';
import { addInZone, localDate, localMonth, localYear, ZonedDuration, zonedInstant } from './zoned-time';

/** The validated, frozen pack with the look-ups and the time and language rules of its country. */
export interface Jurisdiction {
  readonly pack: Readonly<JurisdictionPack>;
  readonly code: string;
  readonly timeZone: string;
  readonly languages: readonly string[];
  region(code: string): Region | undefined;
  agency(code: string): Agency | undefined;
  offence(article: string): Offence | undefined;
  deadlineRule(code: string): DeadlineRule | undefined;
  /** The citizenship group's code: the national group for the pack's country, then the group listing the country, else the "*" group; `unknown` for null. */
  citizenshipGroup(citizenship: string | null): string;
  /** The label in `language`, else English. */
  label(labels: Labels, language: string): string;
  /** The pack language that best answers an Accept-Language header; `en` when none does. */
  language(acceptLanguage: string | undefined): string;
  checkNationalId(id: string, claimed?: ClaimedHolder): NationalIdCheck;
  /** The national number of the `sequence`-th case registered in `region` in `year` (the pack's `caseNumber` scheme). */
  caseNumber(region: string, year: number, sequence: number): string;
  /** Whether a record made at `recorded` of what happened at `happened` is late: past the pack's recording term of that kind. */
  recordedLate(kind: keyof RecordingTerms, happened: Date, recorded: Date): boolean;
  /** YYYY-MM-DD, YYYY-MM and the year of an instant in the pack's zone. */
  localDate(instant: Date): string;
  localMonth(instant: Date): string;
  localYear(instant: Date): number;
  /** The instant of a local 'YYYY-MM-DDTHH:mm[:ss]' in the pack's zone. */
  zonedInstant(localDateTime: string): Date;
  /** A term from an instant: hours exact, days and months by the pack's local calendar. */
  addInZone(instant: Date, duration: ZonedDuration): Date;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Validates a candidate pack and wraps it; `origin` says where it came from in the error. */
export function jurisdictionOf(candidate: unknown, origin: string, options: ValidatePackOptions = {}): Jurisdiction {
  const problems = validatePack(candidate, options);
  if (problems.length) {
    throw new JurisdictionPackError(`${origin} fails validation (${problems.length} problems):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  // A copy, so that freezing a built-in pack leaves the imported module object alone.
  const pack = deepFreeze(structuredClone(candidate) as JurisdictionPack);
  const byKey = <T>(items: T[], key: (item: T) => string) => new Map(items.map((item) => [key(item), item]));
  const regions = byKey(pack.regions, (region) => region.code);
  const agencies = byKey(pack.agencies, (agency) => agency.code);
  const offences = byKey(pack.offences, (offence) => offence.article);
  const rules = byKey(pack.deadlineRules, (rule) => rule.code);
  const groupOf = new Map<string, string>();
  for (const group of pack.citizenshipGroups) for (const country of group.countries ?? []) if (!groupOf.has(country)) groupOf.set(country, group.code);
  groupOf.set(pack.code, 'national');
  const { timeZone } = pack;

  return {
    pack,
    code: pack.code,
    timeZone,
    languages: pack.languages,
    region: (code) => regions.get(code),
    agency: (code) => agencies.get(code),
    offence: (article) => offences.get(article),
    deadlineRule: (code) => rules.get(code),
    citizenshipGroup: (citizenship) => (citizenship === null ? 'unknown' : (groupOf.get(citizenship) ?? (groupOf.get('*') as string))),
    label,
    language: (acceptLanguage) => negotiateLanguage(acceptLanguage, pack.languages),
    checkNationalId: (id, claimed) => checkNationalId(pack.nationalId, id, claimed),
    caseNumber: (region, year, sequence) => caseNumberOf(pack.caseNumber, region, year, sequence),
    recordedLate: (kind, happened, recorded) => recorded.getTime() > addInZone(happened, pack.recordingTerms[kind].term, timeZone).getTime(),
    localDate: (instant) => localDate(instant, timeZone),
    localMonth: (instant) => localMonth(instant, timeZone),
    localYear: (instant) => localYear(instant, timeZone),
    zonedInstant: (localDateTime) => zonedInstant(localDateTime, timeZone),
    addInZone: (instant, duration) => addInZone(instant, duration, timeZone),
  };
}

/**
 * The installation's jurisdiction: the pack packSource reads (ICJIMS_JURISDICTION_FILE, else the
 * built-in pack ICJIMS_JURISDICTION names, default KG), validated. Throws a JurisdictionPackError
 * naming the variable, its value and what is wrong; a service stops on it.
 */
export function loadJurisdiction(env: NodeJS.ProcessEnv, options: ValidatePackOptions = {}): Jurisdiction {
  const { candidate, origin, file, requested } = packSource(env);
  const jurisdiction = jurisdictionOf(candidate, origin, options);
  if (file && requested && requested !== jurisdiction.code) {
    throw new JurisdictionPackError(`ICJIMS_JURISDICTION=${requested} but ICJIMS_JURISDICTION_FILE=${file} holds the pack of ${jurisdiction.code}; set one or make them agree`);
  }
  return jurisdiction;
}
