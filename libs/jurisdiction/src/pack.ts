/**
 * A jurisdiction pack: everything a country decides, as data. One JSON file per country under
 * libs/jurisdiction/packs/<code>.json, checked by `validatePack` before any service uses it.
 * Codes are language-neutral and stable; every human-readable text is a `Labels` map.
 */

/** Text by language tag (BCP 47 primary subtag: en, ky, ru, kk, et). `en` is always present. */
export type Labels = { en: string } & Record<string, string>;

/** Where a rule or a list comes from: a law, its number and date, and an address when public. */
export interface LegalSource {
  /** Short id referenced by `cites` elsewhere in the pack, e.g. "kg-ccp-2021". */
  id: string;
  /** Official title in the original language, e.g. "Уголовно-процессуальный кодекс Кыргызской Республики". */
  title: string;
  /** Number and date as the law cites itself, e.g. "No. 129 of 28 October 2021". */
  citation: string;
  /** Public address of the text (informational only; nothing fetches it). */
  url?: string;
}

/** A reference to an article of a source: `{ source: "kg-ccp-2021", article: "96", part: "1" }`. */
export interface Citation {
  source: string;
  article: string;
  part?: string;
  /** What the cited provision says, in one line of English (so a reader need not open the law). */
  note?: string;
}

export interface District {
  /** Unique within its region; lower-case ASCII, digits and hyphens. */
  code: string;
  labels: Labels;
}

export interface Region {
  /** ISO 3166-2 code, e.g. KG-C. */
  code: string;
  /** `region` (oblast) or `city` (a city of republican significance and the like). */
  kind: 'region' | 'city';
  labels: Labels;
  districts: District[];
}

export interface AgencyKind {
  /** e.g. prosecutor, internal_affairs, national_security, financial_crime, customs, other */
  code: string;
  labels: Labels;
}

export interface Agency {
  /** Upper-case ASCII, digits and hyphens, e.g. GP-KG. */
  code: string;
  /** One of `agencyKinds`. */
  kind: string;
  labels: Labels;
  /** The region it serves; absent for national bodies. */
  region?: string;
  /** Whether the agency prosecutes (offices of the prosecutor) or investigates. */
  role: 'prosecution' | 'investigation';
}

export interface CourtLevel {
  /** e.g. district, regional, supreme */
  code: string;
  /** 1 = first instance, higher numbers hear appeals of lower ones. */
  rank: number;
  labels: Labels;
}

export interface Court {
  code: string;
  /** One of `courtLevels`. */
  level: string;
  /** Absent for national courts. */
  region?: string;
  labels: Labels;
}

export interface SeverityClass {
  /** Language-neutral code used in cases and statistics: minor | medium | grave | especially_grave (a pack may add others). */
  code: string;
  labels: Labels;
  cites: Citation;
}

/** One ICCS section (the first level of the UNODC classification), e.g. "01". */
export interface IccsSection {
  code: string;
  labels: Labels;
}

export interface Offence {
  /** The article and part as the case records it: "130-1" = article 130, part 1; "130" when the article has no parts. */
  article: string;
  labels: Labels;
  /** One of `severityClasses`. */
  severity: string;
  /** ICCS code, 2 to 6 digits; its first two digits name one of `iccsSections`. */
  iccsCode: string;
  /** Sexual or gender-based violence, for the gender-responsive indicators. */
  sexualOrGenderBasedViolence: boolean;
  cites: Citation;
}

/**
 * The national personal identification number, described so that one interpreter checks every
 * country's scheme. Positions are 0-based into the digit string.
 */
export interface NationalIdScheme {
  labels: Labels;
  /** Anchored regular expression the whole ID must match, e.g. "^[12][0-9]{13}$". */
  pattern: string;
  /** What to say when the pattern fails, e.g. "must be 14 digits starting with 1 or 2". */
  patternReason: string;
  /** The digit giving the holder's sex: its position and what each digit value means. */
  sex?: { position: number; values: Record<string, 'male' | 'female'> };
  dateOfBirth?: {
    day: { position: number; length: 2 };
    month: { position: number; length: 2 };
    /** 4 digits: the full year; 2 digits: with `century`. */
    year: { position: number; length: 2 | 4 };
    /** For 2-digit years: the digit naming the century and the first year of that century per value, e.g. {"3": 1900}. */
    century?: { position: number; values: Record<string, number> };
  };
  /** A weighted modulus check digit; absent when the scheme has none. */
  checkDigit?: {
    /** Position of the check digit; the weights apply to the digits before it. */
    position: number;
    modulus: number;
    /** First-round weights; when the remainder is 10, the next round's; and so on. */
    weightRounds: number[][];
    /** What a remainder of 10 after the last round means: the check digit is 0, or the ID cannot be valid. */
    whenTen: 'zero' | 'invalid';
  };
  cites?: Citation;
}

/**
 * How a case's national number is written. Cases are counted per region and per year of their
 * registration (in the pack's zone), without gaps; the number writes that count.
 */
export interface CaseNumberScheme {
  /**
   * The number's text, e.g. "{region}-{year}-{sequence}": `{region}` the region's code, `{year}`
   * the year of registration (4 digits), `{sequence}` the case's place in its region and year.
   * Each appears once; the rest is written as it stands.
   */
  format: string;
  /** The least number of digits of the sequence, zero-padded, e.g. 6; a longer sequence keeps all its digits. */
  sequenceDigits: number;
}

/** A statistical group of citizenships, e.g. national, CIS, other foreign, stateless, unknown. */
export interface CitizenshipGroup {
  code: string;
  labels: Labels;
  /** ISO 3166-1 alpha-2 codes in the group; "*" for every other country; "XX" stateless; absent for `unknown`. */
  countries?: string[];
}

export interface StepMatch {
  stepType: string;
  where?: Record<string, string | number | boolean>;
}

export interface Duration {
  amount: number;
  unit: 'hours' | 'days' | 'months';
}

/** How soon after the fact a record should be made: one made later is flagged as late, not refused. */
export interface RecordingTerm {
  term: Duration;
  /** The provision that sets it; absent when the pack's term is not confirmed (its `sampleData` says so). */
  cites?: Citation;
}

/** The recording terms of the registry and the journal. */
export interface RecordingTerms {
  /** From a report's receipt to the case's registration (beyond it, the case is `registeredLate`). */
  registration: RecordingTerm;
  /** From a step's taking place to its entry in the journal (beyond it, the step is `recordedLate`). */
  step: RecordingTerm;
}

/** A procedural deadline, as the journal's deadline rules (apps/procedural-steps deadlines) hold them. */
export interface DeadlineRule {
  code: string;
  labels: Labels;
  /** The article(s) of the code of criminal procedure that set the term; at least one. */
  cites: Citation[];
  scope: 'case' | 'person';
  startsWith: StepMatch[];
  /** A fixed term, or the date a starting step's field sets (e.g. a measure's `until`). */
  term: Duration | { field: string };
  extendedBy: (StepMatch & { untilField: string })[];
  stoppedBy: StepMatch[];
  warnBefore: Duration;
}

/**
 * A code the procedure uses (a preventive measure, a ground for terminating proceedings) with
 * the article that provides for it. Codes shared with the journal's step catalogue keep their
 * meaning across packs (custody is custody); a pack lists the ones its law knows.
 */
export interface ProceduralTerm {
  code: string;
  labels: Labels;
  cites: Citation;
}

/**
 * A probation office: the region it belongs to and the districts (codes of that region) it serves.
 * A district is served by at most one office, so that a case's district names its office; an
 * office with no districts serves the rest of its region.
 */
export interface ProbationOffice {
  /** Upper-case ASCII, digits and hyphens, at most 32 characters (the events' `office`), e.g. PR-KG-C-ALAMUDUN. */
  code: string;
  region: string;
  /** Districts of `region` this office serves; empty when it serves the whole region. */
  districts: string[];
  labels: Labels;
}

/**
 * A kind of probation case, and the court decisions that open one: a step type of the journal
 * and, optionally, the value of one of its fields (e.g. `sentence` with `sentenceType:
 * probation`). `termFrom` names the step field that gives the term in months.
 */
export interface ProbationCaseType {
  code: string;
  labels: Labels;
  cites: Citation[];
  opensOn: StepMatch[];
  /** Community work: the case is complete only when the ordered hours are worked, not at term end. */
  communityWork: boolean;
}

/** An obligation a court may impose (or a kind of plan item): reporting, curfew, no contact, treatment, work … */
export interface ProbationObligation {
  code: string;
  labels: Labels;
  cites: Citation;
  /** What the plan item for it measures: a visit every N days, a due date, hours, or nothing countable. */
  measure: 'every_days' | 'due_date' | 'hours' | 'none';
}

/** A response of the officer to a violation. `courtRequest` when the response is a submission to court. */
export interface ViolationResponse {
  code: string;
  labels: Labels;
  cites: Citation;
  /** Graver responses have higher ranks; a pack may require a lower one before a higher one (`requiresEarlier`). */
  rank: number;
  courtRequest?: 'extension' | 'revocation';
  /**
   * Responses of lower rank one of which must have been given earlier in the case — to any of its
   * violations — before this one may be, e.g. a written warning before a submission to court for
   * revocation. Absent: no response need come first.
   */
  requiresEarlier?: string[];
}

/** One item of a risk and needs instrument: a question with scored answers. */
export interface RiskItem {
  code: string;
  labels: Labels;
  /** The domain of need it measures (e.g. accommodation, employment, substance use). */
  domain: string;
  answers: { code: string; labels: Labels; points: number }[];
}

/** A structured risk and needs instrument, versioned as data: a recorded assessment names its version. */
export interface RiskInstrument {
  code: string;
  version: number;
  labels: Labels;
  /** Valid for new assessments from this date (YYYY-MM-DD); older versions stay for history. */
  validFrom: string;
  items: RiskItem[];
  /** Bands by minimum total score, lowest first and rising; the first has minScore 0, the last one the items can reach. */
  bands: { code: string; labels: Labels; minScore: number; reassessEveryMonths: number }[];
  cites?: Citation;
}

/**
 * A probation deadline, counted in days or months from an event of a stream (the case opened,
 * allocated, last assessed; the report requested) until an entry that meets it.
 */
export interface ProbationDeadlineRule {
  code: string;
  labels: Labels;
  cites: Citation[];
  stream: 'probation_case' | 'pre_sentence_report';
  /** The entry type that starts the clock: one of PROBATION_ENTRY_TYPES (@icjims/contracts). */
  startsWith: string;
  /**
   * A fixed term, or the date a field of the starting entry's details sets (`dueOn` of
   * report_requested, `endsOn` of opened, `nextDueOn` of assessment_recorded).
   */
  term: Duration | { field: string };
  /** Entries that meet it: `stepType` holds an entry type, `where` values of its details (e.g. contact_recorded with outcome attended). */
  metBy: StepMatch[];
  warnBefore: Duration;
}

/** Everything a country decides about probation (Kyrgyz Law "On Probation" and its procedures). */
export interface ProbationPack {
  offices: ProbationOffice[];
  caseTypes: ProbationCaseType[];
  obligations: ProbationObligation[];
  /** Kinds of contact: office appointment, home visit, phone … */
  contactKinds: ProceduralTerm[];
  /** Why a contact was missed, each excused or not. */
  missedReasons: (ProceduralTerm & { excused: boolean })[];
  violationTypes: ProceduralTerm[];
  violationResponses: ViolationResponse[];
  riskInstruments: RiskInstrument[];
  /** Who may request a pre-sentence report (court, prosecutor …). */
  reportRequesters: ProceduralTerm[];
  reportSections: ProceduralTerm[];
  reportRecommendations: ProceduralTerm[];
  deadlineRules: ProbationDeadlineRule[];
}

export interface JurisdictionPack {
  /** ISO 3166-1 alpha-2: KG, KZ, EE. */
  code: string;
  labels: Labels;
  /** Version of the pack's data, e.g. "2026.1"; recorded by an installation with the code. */
  version: string;
  /** Language tags in which every label of the pack is given; always includes "en". */
  languages: string[];
  /** IANA time zone, e.g. Asia/Bishkek. Dates the law and statistics count are local to it. */
  timeZone: string;
  /**
   * What in the pack is a sample rather than a full official list, in plain English: e.g.
   * "offences: 40 articles of the Criminal Code, not all; districts: complete; courts: sample".
   * Empty only when nothing is sample.
   */
  sampleData: string[];
  sources: LegalSource[];
  regions: Region[];
  agencyKinds: AgencyKind[];
  agencies: Agency[];
  courtLevels: CourtLevel[];
  courts: Court[];
  severityClasses: SeverityClass[];
  iccsSections: IccsSection[];
  offences: Offence[];
  nationalId: NationalIdScheme;
  caseNumber: CaseNumberScheme;
  citizenshipGroups: CitizenshipGroup[];
  preventiveMeasures: ProceduralTerm[];
  terminationGrounds: ProceduralTerm[];
  deadlineRules: DeadlineRule[];
  recordingTerms: RecordingTerms;
  probation: ProbationPack;
}
