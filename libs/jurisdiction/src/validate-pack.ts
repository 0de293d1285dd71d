import { PROBATION_ENTRY_TYPES, PROBATION_STREAMS } from '@icjims/contracts';
import { isISO31661Alpha2 } from 'class-validator';
import { caseNumberSchemeProblems } from './case-number';
import { analysePattern } from './id-pattern';

/**
 * Checks a candidate jurisdiction pack (parsed JSON) before anything uses it, and lists every
 * problem as "path: reason" (e.g. `regions[3].code: duplicate region code KG-C`). First the
 * shape, from the table of checks below (mirroring pack.ts), then the rules across lists:
 * unique codes, references that resolve, the citizenship groups, the national-ID scheme's
 * positions, the case number's format, the probation section (offices in the pack's regions,
 * risk instruments that score, deadline rules on the probation journal's entry types) and, when
 * the journal's step types are given, the step matches of the deadline rules and of the
 * probation case types. The rules across lists read only well-typed values, so a shape problem
 * is reported once.
 */

export interface ValidatePackOptions {
  /** The journal's step types: step type → enum field → its allowed values. When given, deadline rules' and probation case types' step matches are checked against it. */
  stepTypes?: Record<string, Record<string, readonly string[]>>;
}

type Json = Record<string, unknown>;
interface Context {
  problems: string[];
  /** The pack's languages (and en): every label must have each. */
  languages: string[];
  /** The pack's country code, which region codes start with. */
  country: string;
}
type Check = (value: unknown, path: string, context: Context) => void;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

// ---- The shape: small checks composed into a table per type of pack.ts.

function must(test: (value: unknown, context: Context) => boolean, reason: string | ((context: Context) => string)): Check {
  return (value, path, context) => {
    if (!test(value, context)) context.problems.push(`${path}: ${typeof reason === 'string' ? reason : reason(context)}`);
  };
}

const string = must((value) => typeof value === 'string', 'must be a string');
const text = must((value) => typeof value === 'string' && value.trim() !== '', 'must be a non-empty string');
const boolean = must((value) => typeof value === 'boolean', 'must be true or false');
const matching = (pattern: RegExp, reason: string) => must((value) => typeof value === 'string' && pattern.test(value), reason);
const oneOf = (...values: unknown[]) => must((value) => values.includes(value), `must be one of: ${values.join(', ')}`);
const integer = (min: number) => must((value) => Number.isInteger(value) && (value as number) >= min, `must be an integer of at least ${min}`);

function validTimeZone(value: unknown): boolean {
  try {
    return typeof value === 'string' && value !== '' && Boolean(new Intl.DateTimeFormat('en', { timeZone: value }));
  } catch {
    return false;
  }
}

const countryCode = must((value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value), 'must be an ISO 3166-1 alpha-2 code');
const citizenship = must(
  (value) => value === '*' || value === 'XX' || (typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value)),
  'must be an ISO 3166-1 alpha-2 code, "*" (every other country) or "XX" (stateless)',
);
const regionCode = must(
  (value, { country }) => typeof value === 'string' && value.startsWith(`${country}-`) && /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(value),
  ({ country }) => `must be an ISO 3166-2 code of ${country} (${country}-…)`,
);

/** An array whose every element passes `item`; `nonEmpty` is the reason an empty one is refused. */
function list(item: Check, nonEmpty?: string): Check {
  return (value, path, context) => {
    if (!Array.isArray(value)) return void context.problems.push(`${path}: must be an array`);
    if (nonEmpty && value.length === 0) context.problems.push(`${path}: ${nonEmpty}`);
    value.forEach((element, index) => item(element, at(path, index), context));
  };
}

/** An object with these fields; a name ending in `?` is optional. */
function object(fields: Record<string, Check>): Check {
  return (value, path, context) => {
    if (!isObject(value)) return void context.problems.push(`${path || 'pack'}: must be an object`);
    for (const [key, check] of Object.entries(fields)) {
      const name = key.replace(/\?$/, '');
      if (value[name] !== undefined) check(value[name], at(path, name), context);
      else if (!key.endsWith('?')) context.problems.push(`${at(path, name)}: is missing`);
    }
  };
}

/** An object of single-character keys (digits of an ID) to values passing `item`. */
function byDigit(item: Check): Check {
  return (value, path, context) => {
    if (!isObject(value) || Object.keys(value).length === 0) return void context.problems.push(`${path}: must be a non-empty object by digit`);
    for (const [key, element] of Object.entries(value)) {
      if (key.length !== 1) context.problems.push(`${at(path, key)}: a key must be one character`);
      item(element, at(path, key), context);
    }
  };
}

const labels: Check = (value, path, context) => {
  if (!isObject(value)) return void context.problems.push(`${path}: must be an object of labels by language`);
  for (const language of context.languages) {
    const label = value[language];
    if (typeof label !== 'string' || label.trim() === '') context.problems.push(`${path}.${language}: missing the ${language} label`);
  }
};

const where = must(
  (value) => isObject(value) && Object.values(value).every((field) => ['string', 'number', 'boolean'].includes(typeof field)),
  'must be an object of field values (strings, numbers or booleans)',
);
const duration = (min: number) => object({ amount: integer(min), unit: oneOf('hours', 'days', 'months') });
const term: Check = (value, path, context) => {
  if (!isObject(value)) return void context.problems.push(`${path}: must be a duration { amount, unit } or { field }`);
  ('field' in value ? object({ field: text }) : duration(1))(value, path, context);
};

const CITATION = object({ source: text, article: text, 'part?': text, 'note?': text });
const STEP_MATCH = object({ stepType: text, 'where?': where });
const PROCEDURAL_TERM = object({ code: text, labels, cites: CITATION });
const RECORDING_TERM = object({ term: duration(1), 'cites?': CITATION });
const DIGITS = (length: number) => object({ position: integer(0), length: oneOf(length) });

const NATIONAL_ID = object({
  labels,
  pattern: text,
  patternReason: text,
  'sex?': object({ position: integer(0), values: byDigit(oneOf('male', 'female')) }),
  'dateOfBirth?': object({
    day: DIGITS(2),
    month: DIGITS(2),
    year: object({ position: integer(0), length: oneOf(2, 4) }),
    'century?': object({ position: integer(0), values: byDigit(integer(0)) }),
  }),
  'checkDigit?': object({
    position: integer(0),
    modulus: integer(2),
    weightRounds: list(list(integer(0)), 'needs at least one round of weights'),
    whenTen: oneOf('zero', 'invalid'),
  }),
  'cites?': CITATION,
});

const DEADLINE_RULE = object({
  code: text,
  labels,
  cites: list(CITATION, 'a rule must cite at least one article'),
  scope: oneOf('case', 'person'),
  startsWith: list(STEP_MATCH, 'a rule must start with at least one step'),
  term,
  extendedBy: list(object({ stepType: text, 'where?': where, untilField: text })),
  stoppedBy: list(STEP_MATCH),
  warnBefore: duration(0),
});

/** A YYYY-MM-DD calendar date that exists. */
const calendarDate = must((value) => {
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}, 'must be a date YYYY-MM-DD');
const entryType = oneOf(...PROBATION_ENTRY_TYPES);

const PROBATION = object({
  offices: list(
    object({
      // The event's `office` holds at most 32 characters.
      code: matching(/^[A-Z0-9-]{1,32}$/, 'must be 1 to 32 upper-case ASCII letters, digits and hyphens'),
      region: text,
      districts: list(text),
      labels,
    }),
  ),
  caseTypes: list(
    object({
      code: text,
      labels,
      cites: list(CITATION, 'a case type must cite at least one article'),
      opensOn: list(STEP_MATCH, 'a case type must open on at least one step'),
      communityWork: boolean,
    }),
  ),
  obligations: list(object({ code: text, labels, cites: CITATION, measure: oneOf('every_days', 'due_date', 'hours', 'none') })),
  contactKinds: list(PROCEDURAL_TERM),
  missedReasons: list(object({ code: text, labels, cites: CITATION, excused: boolean })),
  violationTypes: list(PROCEDURAL_TERM),
  violationResponses: list(
    object({ code: text, labels, cites: CITATION, rank: integer(1), 'courtRequest?': oneOf('extension', 'revocation'), 'requiresEarlier?': list(text, 'must name at least one response') }),
  ),
  riskInstruments: list(
    object({
      code: text,
      version: integer(1),
      labels,
      validFrom: calendarDate,
      items: list(
        object({
          code: text,
          labels,
          domain: text,
          answers: list(object({ code: text, labels, points: integer(0) })),
        }),
        'an instrument needs at least one item',
      ),
      bands: list(object({ code: text, labels, minScore: integer(0), reassessEveryMonths: integer(1) }), 'an instrument needs at least one band'),
      'cites?': CITATION,
    }),
  ),
  reportRequesters: list(PROCEDURAL_TERM),
  reportSections: list(PROCEDURAL_TERM),
  reportRecommendations: list(PROCEDURAL_TERM),
  deadlineRules: list(
    object({
      code: text,
      labels,
      cites: list(CITATION, 'a rule must cite at least one article'),
      stream: oneOf(...PROBATION_STREAMS),
      startsWith: entryType,
      term,
      metBy: list(object({ stepType: entryType, 'where?': where }), 'a rule must be met by at least one entry'),
      warnBefore: duration(0),
    }),
  ),
});
const PACK = object({
  code: countryCode,
  labels,
  version: text,
  languages: list(matching(/^[a-z]{2,3}$/, 'must be a primary language tag such as en, ky or ru')),
  timeZone: must(validTimeZone, 'must be an IANA time zone known to Intl, e.g. Asia/Bishkek'),
  sampleData: list(string),
  sources: list(object({ id: text, title: text, citation: text, 'url?': text })),
  regions: list(
    object({
      code: regionCode,
      kind: oneOf('region', 'city'),
      labels,
      districts: list(object({ code: matching(/^[a-z0-9-]+$/, 'must be lower-case ASCII letters, digits and hyphens'), labels })),
    }),
  ),
  agencyKinds: list(object({ code: text, labels })),
  agencies: list(
    object({
      code: matching(/^[A-Z0-9-]+$/, 'must be upper-case ASCII letters, digits and hyphens'),
      kind: text,
      labels,
      'region?': text,
      role: oneOf('prosecution', 'investigation'),
    }),
  ),
  courtLevels: list(object({ code: text, rank: integer(1), labels })),
  courts: list(object({ code: text, level: text, 'region?': text, labels })),
  severityClasses: list(PROCEDURAL_TERM),
  iccsSections: list(object({ code: matching(/^[0-9]{2}$/, 'must be two digits'), labels })),
  offences: list(
    object({
      article: text,
      labels,
      severity: text,
      iccsCode: matching(/^[0-9]{2,6}$/, 'must be 2 to 6 digits'),
      sexualOrGenderBasedViolence: boolean,
      cites: CITATION,
    }),
  ),
  nationalId: NATIONAL_ID,
  caseNumber: object({ format: text, sequenceDigits: integer(1) }),
  citizenshipGroups: list(object({ code: text, labels, 'countries?': list(citizenship) })),
  preventiveMeasures: list(PROCEDURAL_TERM),
  terminationGrounds: list(PROCEDURAL_TERM),
  deadlineRules: list(DEADLINE_RULE),
  recordingTerms: object({ registration: RECORDING_TERM, step: RECORDING_TERM }),
  probation: PROBATION,
});

// ---- The rules across lists, on the well-typed values only.

/** The elements of a list that are objects, with their index. */
const elements = (value: unknown): [Json, number][] => (Array.isArray(value) ? value.flatMap((element, index) => (isObject(element) ? [[element, index] as [Json, number]] : [])) : []);

/** Reports every repeated value of `key` in the list, and returns the values. */
function uniqueValues(problems: string[], value: unknown, path: string, key: string, what: string): Set<string> {
  const seen = new Set<string>();
  for (const [element, index] of elements(value)) {
    const code = element[key];
    if (typeof code !== 'string') continue;
    if (seen.has(code)) problems.push(`${path}[${index}].${key}: duplicate ${what} ${code}`);
    seen.add(code);
  }
  return seen;
}

/** Lists whose codes are unique, and what to call a code in a message. */
const UNIQUE: [list: string, key: string, what: string][] = [
  ['sources', 'id', 'source id'],
  ['regions', 'code', 'region code'],
  ['agencyKinds', 'code', 'agency kind'],
  ['agencies', 'code', 'agency code'],
  ['courtLevels', 'code', 'court level'],
  ['courts', 'code', 'court code'],
  ['severityClasses', 'code', 'severity class'],
  ['iccsSections', 'code', 'ICCS section'],
  ['offences', 'article', 'offence article'],
  ['citizenshipGroups', 'code', 'citizenship group'],
  ['preventiveMeasures', 'code', 'preventive measure'],
  ['terminationGrounds', 'code', 'termination ground'],
  ['deadlineRules', 'code', 'deadline rule'],
];

/** Lists of the probation section whose codes are unique, and what to call a code in a message. */
const PROBATION_UNIQUE: [list: string, key: string, what: string][] = [
  ['offices', 'code', 'probation office'],
  ['caseTypes', 'code', 'case type'],
  ['obligations', 'code', 'obligation'],
  ['contactKinds', 'code', 'contact kind'],
  ['missedReasons', 'code', 'missed reason'],
  ['violationTypes', 'code', 'violation type'],
  ['violationResponses', 'code', 'violation response'],
  ['reportRequesters', 'code', 'report requester'],
  ['reportSections', 'code', 'report section'],
  ['reportRecommendations', 'code', 'report recommendation'],
  ['deadlineRules', 'code', 'probation deadline rule'],
];

/** Fields that name an element of another list. */
const REFERENCES: [list: string, field: string, target: string][] = [
  ['agencies', 'kind', 'agencyKinds'],
  ['agencies', 'region', 'regions'],
  ['courts', 'level', 'courtLevels'],
  ['courts', 'region', 'regions'],
  ['offences', 'severity', 'severityClasses'],
];

/** Every citation of the pack with its path. */
function citations(pack: Json): [Json, string][] {
  const found: [Json, string][] = [];
  for (const list of ['severityClasses', 'offences', 'preventiveMeasures', 'terminationGrounds']) {
    for (const [element, index] of elements(pack[list])) if (isObject(element.cites)) found.push([element.cites, `${list}[${index}].cites`]);
  }
  for (const [rule, index] of elements(pack.deadlineRules)) {
    for (const [cite, c] of elements(rule.cites)) found.push([cite, `deadlineRules[${index}].cites[${c}]`]);
  }
  if (isObject(pack.nationalId) && isObject(pack.nationalId.cites)) found.push([pack.nationalId.cites, 'nationalId.cites']);
  for (const [kind, term] of Object.entries(isObject(pack.recordingTerms) ? pack.recordingTerms : {})) {
    if (isObject(term) && isObject(term.cites)) found.push([term.cites, `recordingTerms.${kind}.cites`]);
  }
  // A probation element cites one article, or (case types and deadline rules) a list of them.
  const probation = isObject(pack.probation) ? pack.probation : {};
  for (const list of [...PROBATION_UNIQUE.map(([name]) => name), 'riskInstruments']) {
    for (const [element, index] of elements(probation[list])) {
      const path = `probation.${list}[${index}].cites`;
      if (isObject(element.cites)) found.push([element.cites, path]);
      for (const [cite, c] of elements(element.cites)) found.push([cite, `${path}[${c}]`]);
    }
  }
  return found;
}

function crossListProblems(pack: Json, problems: string[]): void {
  // A list that is no array was reported with the shape; references into it are not checked.
  const codes = new Map(UNIQUE.filter(([list]) => Array.isArray(pack[list])).map(([list, key, what]) => [list, uniqueValues(problems, pack[list], list, key, what)]));
  for (const [region, index] of elements(pack.regions)) uniqueValues(problems, region.districts, `regions[${index}].districts`, 'code', `district code in ${String(region.code)}`);

  const refer = (value: unknown, path: string, target: string, shown = value) => {
    const known = codes.get(target);
    if (known && typeof value === 'string' && !known.has(value)) problems.push(`${path}: ${String(shown)} is not in ${target}`);
  };
  for (const [list, field, target] of REFERENCES) {
    for (const [element, index] of elements(pack[list])) refer(element[field], `${list}[${index}].${field}`, target);
  }
  for (const [offence, index] of elements(pack.offences)) {
    const iccsCode = offence.iccsCode;
    if (typeof iccsCode === 'string' && /^[0-9]{2}/.test(iccsCode)) refer(iccsCode.slice(0, 2), `offences[${index}].iccsCode`, 'iccsSections', `section ${iccsCode.slice(0, 2)}`);
  }
  for (const [cite, path] of citations(pack)) refer(cite.source, `${path}.source`, 'sources');

  if (Array.isArray(pack.languages) && !pack.languages.includes('en')) problems.push('languages: must include en');
  if (isObject(pack.probation)) probationProblems(pack.probation, pack.regions, problems);
  citizenshipProblems(pack, problems);
  if (isObject(pack.nationalId)) nationalIdProblems(pack.nationalId, problems);
  if (isObject(pack.caseNumber)) caseNumberProblems(pack.caseNumber, pack.regions, problems);
}

/** The case number's format, with room for the pack's longest region code (case-number.ts says what it checks). */
function caseNumberProblems(scheme: Json, regions: unknown, problems: string[]): void {
  const { format, sequenceDigits } = scheme;
  if (typeof format !== 'string' || !Number.isInteger(sequenceDigits) || (sequenceDigits as number) < 1) return;
  const longestRegion = elements(regions).map(([region]) => String(region.code)).reduce((longest, code) => (code.length > longest.length ? code : longest), '');
  problems.push(...caseNumberSchemeProblems({ format, sequenceDigits: sequenceDigits as number }, longestRegion));
}

/**
 * The probation section: unique codes; every office in a region of the pack, serving districts
 * of that region, no district served by two offices (allocation goes by district); responses
 * required earlier that are responses of the section, of lower rank; risk
 * instruments unique by code and version, whose items have at least two answers with unique
 * codes and whose bands rise from a minimum score of 0 to one the items can reach.
 */
function probationProblems(probation: Json, regions: unknown, problems: string[]): void {
  for (const [list, key, what] of PROBATION_UNIQUE) uniqueValues(problems, probation[list], `probation.${list}`, key, what);

  // Regions that are no array were reported with the shape; offices are not checked against them.
  const districtsOf = new Map(elements(regions).map(([region]) => [region.code, new Set(elements(region.districts).map(([district]) => district.code))]));
  const servedBy = new Map<string, string>();
  for (const [office, index] of elements(probation.offices)) {
    const path = `probation.offices[${index}]`;
    if (typeof office.region !== 'string' || !Array.isArray(regions)) continue;
    const districts = districtsOf.get(office.region);
    if (!districts) {
      problems.push(`${path}.region: ${office.region} is not in regions`);
      continue;
    }
    (Array.isArray(office.districts) ? office.districts : []).forEach((district, d) => {
      if (typeof district !== 'string') return;
      if (!districts.has(district)) return void problems.push(`${path}.districts[${d}]: ${district} is not a district of ${office.region}`);
      const key = `${office.region}/${district}`;
      const other = servedBy.get(key);
      if (other !== undefined) problems.push(`${path}.districts[${d}]: ${district} is already served by ${other}`);
      else servedBy.set(key, String(office.code));
    });
  }

  // A response required earlier is one of the section's, of lower rank: the order the responses climb.
  const responses = new Map(elements(probation.violationResponses).map(([response]) => [response.code, response]));
  for (const [response, index] of elements(probation.violationResponses)) {
    (Array.isArray(response.requiresEarlier) ? response.requiresEarlier : []).forEach((code, r) => {
      if (typeof code !== 'string') return;
      const path = `probation.violationResponses[${index}].requiresEarlier[${r}]`;
      const earlier = responses.get(code);
      if (!earlier) return void problems.push(`${path}: ${code} is not in probation.violationResponses`);
      if (Number.isInteger(earlier.rank) && Number.isInteger(response.rank) && (earlier.rank as number) >= (response.rank as number)) {
        problems.push(`${path}: ${code} (rank ${String(earlier.rank)}) must be of lower rank than ${String(response.code)} (rank ${String(response.rank)})`);
      }
    });
  }

  const versions = new Set<string>();
  for (const [instrument, index] of elements(probation.riskInstruments)) {
    const path = `probation.riskInstruments[${index}]`;
    const id = `${String(instrument.code)} version ${String(instrument.version)}`;
    if (typeof instrument.code === 'string' && Number.isInteger(instrument.version)) {
      if (versions.has(id)) problems.push(`${path}.version: duplicate risk instrument ${id}`);
      versions.add(id);
    }
    uniqueValues(problems, instrument.items, `${path}.items`, 'code', `item of ${id}`);
    uniqueValues(problems, instrument.bands, `${path}.bands`, 'code', `band of ${id}`);
    let highest = 0;
    for (const [item, i] of elements(instrument.items)) {
      if (!Array.isArray(item.answers)) continue;
      if (item.answers.length < 2) problems.push(`${path}.items[${i}].answers: an item needs at least two answers`);
      uniqueValues(problems, item.answers, `${path}.items[${i}].answers`, 'code', `answer of ${String(item.code)}`);
      highest += Math.max(0, ...elements(item.answers).map(([answer]) => (Number.isInteger(answer.points) ? (answer.points as number) : 0)));
    }
    const bands = elements(instrument.bands).filter(([band]) => Number.isInteger(band.minScore));
    if (bands.length && bands[0][0].minScore !== 0) problems.push(`${path}.bands[${bands[0][1]}].minScore: the first band starts at 0`);
    bands.forEach(([band, b], n) => {
      const min = band.minScore as number;
      if (n > 0 && min <= (bands[n - 1][0].minScore as number)) problems.push(`${path}.bands[${b}].minScore: bands go from the lowest score up; ${min} is not above the band before`);
      if (Array.isArray(instrument.items) && min > highest) problems.push(`${path}.bands[${b}].minScore: ${min} can never be reached; the items give at most ${highest}`);
    });
  }
}

function citizenshipProblems(pack: Json, problems: string[]): void {
  const groups = elements(pack.citizenshipGroups);
  const countriesOf = (group: Json): unknown[] => (Array.isArray(group.countries) ? group.countries : []);
  for (const [code, meaning] of [
    ['*', 'every other country'],
    ['XX', 'stateless persons'],
  ]) {
    const holding = groups.filter(([group]) => countriesOf(group).includes(code)).length;
    if (holding !== 1) problems.push(`citizenshipGroups: exactly one group must hold "${code}" (${meaning}); ${holding} do`);
  }
  const named = (code: string) => groups.find(([group]) => group.code === code);
  const unknown = named('unknown');
  if (!unknown) problems.push('citizenshipGroups: needs a group with code unknown');
  else if (countriesOf(unknown[0]).length) problems.push(`citizenshipGroups[${unknown[1]}].countries: the unknown group holds no countries`);
  const national = named('national');
  if (!national) problems.push('citizenshipGroups: needs a group with code national');
  else if (typeof pack.code === 'string' && !countriesOf(national[0]).includes(pack.code)) {
    problems.push(`citizenshipGroups[${national[1]}].countries: the national group must hold ${pack.code}`);
  }
}

/** The ID's pattern compiles, is anchored and has one length; every position lies inside it. */
function nationalIdProblems(scheme: Json, problems: string[]): void {
  const pattern = scheme.pattern;
  if (typeof pattern !== 'string') return;
  const analysed = analysePattern(pattern);
  if ('reason' in analysed) return void problems.push(`nationalId.pattern: ${analysed.reason}`);
  const { length } = analysed;

  const inside = (span: unknown, path: string) => {
    if (!isObject(span) || !Number.isInteger(span.position)) return;
    const end = (span.position as number) + (typeof span.length === 'number' ? span.length : 1);
    if (end > length) problems.push(`${path}.position: ${span.position as number} is outside the ID's ${length} characters`);
  };
  const { sex, dateOfBirth, checkDigit } = scheme;
  inside(sex, 'nationalId.sex');
  if (isObject(dateOfBirth)) {
    for (const part of ['day', 'month', 'year', 'century']) inside(dateOfBirth[part], `nationalId.dateOfBirth.${part}`);
    if (isObject(dateOfBirth.year) && dateOfBirth.year.length === 2 && dateOfBirth.century === undefined) {
      problems.push('nationalId.dateOfBirth.century: a 2-digit year needs the digit that gives its century');
    }
  }
  if (isObject(checkDigit) && Number.isInteger(checkDigit.position)) {
    inside(checkDigit, 'nationalId.checkDigit');
    for (const [weights, index] of (Array.isArray(checkDigit.weightRounds) ? checkDigit.weightRounds : []).map((round, i) => [round, i] as const)) {
      if (Array.isArray(weights) && weights.length !== checkDigit.position) {
        problems.push(`nationalId.checkDigit.weightRounds[${index}]: needs ${checkDigit.position as number} weights, one for each character before the check digit`);
      }
    }
  }
}

/**
 * With the journal's step types: every step a deadline rule or a probation case type matches
 * exists, and `where` names allowed values of its enum fields.
 */
function stepTypeProblems(pack: Json, stepTypes: Required<ValidatePackOptions>['stepTypes'], problems: string[]): void {
  const matches: [Json, string][] = [];
  for (const [rule, r] of elements(pack.deadlineRules)) {
    for (const list of ['startsWith', 'extendedBy', 'stoppedBy']) {
      for (const [match, m] of elements(rule[list])) matches.push([match, `deadlineRules[${r}].${list}[${m}]`]);
    }
  }
  for (const [caseType, c] of elements(isObject(pack.probation) ? pack.probation.caseTypes : undefined)) {
    for (const [match, m] of elements(caseType.opensOn)) matches.push([match, `probation.caseTypes[${c}].opensOn[${m}]`]);
  }
  for (const [match, path] of matches) {
    const stepType = match.stepType;
    if (typeof stepType !== 'string') continue;
    if (!Object.hasOwn(stepTypes, stepType)) {
      problems.push(`${path}.stepType: ${stepType} is not a step type of the journal`);
      continue;
    }
    const enums = stepTypes[stepType];
    for (const [field, value] of Object.entries(isObject(match.where) ? match.where : {})) {
      if (Object.hasOwn(enums, field) && !enums[field].includes(value as string)) {
        problems.push(`${path}.where.${field}: ${String(value)} is not a value of ${stepType}.${field}`);
      }
    }
  }
}

/** Every problem of a candidate pack, as "path: reason"; empty when it is a valid pack. */
export function validatePack(candidate: unknown, options: ValidatePackOptions = {}): string[] {
  if (!isObject(candidate)) return ['pack: must be a JSON object'];
  const declared = Array.isArray(candidate.languages) ? candidate.languages.filter((language): language is string => typeof language === 'string') : [];
  const context: Context = { problems: [], languages: [...new Set(['en', ...declared])], country: String(candidate.code) };
  PACK(candidate, '', context);
  crossListProblems(candidate, context.problems);
  if (options.stepTypes) stepTypeProblems(candidate, options.stepTypes, context.problems);
  return context.problems;
}
