/**
 * The synthetic caseload of `npm run seed`: pure and deterministic. The same options (seed,
 * size, year, the moment of seeding) give the same caseload byte for byte; nothing reads the
 * clock or Math.random. The caseload is also the truth the tests compute indicators from.
 */
import type { Jurisdiction, Offence } from '@icjims/jurisdiction';
import type { PersonRole, Sex } from '@icjims/contracts';
import { StepTypes } from '../../apps/procedural-steps/src/step-types/step-types';
import {
  AGENCY_WEIGHTS, CASE_SOURCE_WEIGHTS, CITIZENSHIP_WEIGHTS, MEASURE_WEIGHTS, NAME_SYLLABLES, OFFENCE_WEIGHTS, REGION_SHARES, SentenceShare, SENTENCES, SEVERITY_WEIGHTS,
  SUSPECT_AGES, VICTIM_AGES,
} from './profile';
import { Random } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Steps of cases registered late in the year run on into the next one, this many days at most (by default). */
const HORIZON_DAYS_AFTER_YEAR = 90;
/** The term a court sets for custody and house arrest, and each extension. */
const MEASURE_TERM = 60 * DAY;

/** How often the rarer things happen, per case (join, split, corrections). */
export interface Rates {
  /** A case joined into a later case of its region. */
  join: number;
  /** A case one of whose suspects is split off into a new case. */
  split: number;
  /** A case with a step amended by a correction. */
  amend: number;
  /** A case with a step annulled by a correction. */
  annul: number;
}

export const DEFAULT_RATES: Rates = { join: 0.004, split: 0.004, amend: 0.01, annul: 0.005 };

export interface GenerateOptions {
  seed?: number;
  /** Cases registered over the API in the year (split-off cases come on top). */
  cases?: number;
  year?: number;
  /** The moment of seeding: nothing happens after it. */
  now: Date;
  /** The KG pack (or one shaped like it). */
  jurisdiction: Jurisdiction;
  rates?: Partial<Rates>;
  /**
   * Court hearings before a verdict, fewest and most (default 1 to 3). The national-scale
   * histories of `npm run seed -- --direct` use more (NATIONAL_HEARINGS), as busy first-instance
   * courts adjourn, so that a case averages about ten steps.
   */
  hearings?: readonly [number, number];
  /** How far into the next year the journals run on, in days (default 90); `now` still bounds it. */
  horizonDays?: number;
  /** The sentences of a conviction and their weights (default SENTENCES); the national-scale histories use NATIONAL_SENTENCES. */
  sentences?: readonly SentenceShare[];
}

export const DEFAULT_HEARINGS = [1, 3] as const;

export const DEFAULTS = { seed: 1, cases: 40_000, year: 2025 } as const;

/** A person as case-registry's POST /cases/{id}/persons takes them. */
export interface PersonFacts {
  givenName: string;
  familyName: string;
  nationalId?: string;
  dateOfBirth?: string;
  sex: Sex;
  citizenship?: string;
  disability?: boolean;
}

export interface SeedPerson {
  key: string;
  facts: PersonFacts;
}

/** A role of a person in a case: added over the API, or gained by a join or a split. */
export interface SeedRole {
  personKey: string;
  role: PersonRole;
  via: 'added' | 'join' | 'split';
  /** The role ended when the person was split off into this case. */
  movedTo?: string;
}

export type StepDetails = Record<string, string | number | boolean>;

export interface SeedCorrection {
  correctsStepKey: string;
  action: 'annul' | 'amend';
  reason: string;
  details?: StepDetails;
}

/** A step of a journal, in recording order. System steps are written by procedural-steps itself. */
export interface SeedStep {
  key: string;
  stepType: string;
  /** null: the system sets it when the seeding makes it happen (the registration of a split-off case, a join). */
  occurredAt: string | null;
  personKey?: string;
  details?: StepDetails;
  correction?: SeedCorrection;
  system?: true;
}

export interface SeedCase {
  key: string;
  region: string;
  district: string;
  agency: string;
  source: string;
  offenceArticle: string;
  receivedAt: string;
  /** null for a split-off case: case-registry registers it when the split is made. */
  registeredAt: string | null;
  offenceCommittedAt?: string;
  description: string;
  roles: SeedRole[];
  steps: SeedStep[];
  joinedInto?: string;
  splitFrom?: string;
}

/** What the driver does as one piece of work, in order. */
export type SeedUnit =
  | { kind: 'case'; caseKey: string }
  | { kind: 'join'; joinedKey: string; intoKey: string }
  | { kind: 'split'; sourceKey: string; splitKey: string; personKeys: string[] };

export interface Caseload {
  seed: number;
  year: number;
  /** Cases asked for; fewer are registered when part of the year is still ahead of `now`. */
  requested: number;
  now: string;
  /** Nothing in the caseload happens after this: now, or 90 days after the year, whichever is first. */
  asOf: string;
  /** Prefix of every Idempotency-Key, so that another seed, size or year never reuses a key. */
  keyPrefix: string;
  units: SeedUnit[];
  cases: SeedCase[];
  persons: SeedPerson[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The allowed values of a step field under the pack: the journal's own catalogue decides. */
function valuesOf(stepTypes: StepTypes, stepType: string, field: string): readonly string[] {
  const values = stepTypes.spec(stepType)?.fields.find((candidate) => candidate.name === field)?.values;
  if (!values?.length) throw new Error(`the step catalogue has no values for ${stepType}.${field}`);
  return values;
}

/** Weights keyed by code, checked against what exists: an unknown code is a mistake in the profile. */
function weightsOver<T extends string>(codes: readonly T[], weights: Readonly<Record<string, number>>, fallback: (code: T) => number, what: string): [T, number][] {
  for (const code of Object.keys(weights)) if (!codes.includes(code as T)) throw new Error(`the seed profile names ${what} ${code}, which the pack does not have`);
  return codes.map((code) => [code, weights[code] ?? fallback(code)]);
}

function syllableName(random: Random, syllables: number): string {
  let name = '';
  for (let index = 0; index < syllables; index += 1) name += random.pick(NAME_SYLLABLES);
  return name[0].toUpperCase() + name.slice(1);
}

/** The reference data the generator draws from, resolved once from the pack. */
class Reference {
  readonly regions: [{ code: string; districts: string[] }, number][];
  readonly offences: [Offence, number][];
  readonly stepTypes: StepTypes;
  readonly lowestCourt: string;
  readonly appealCourt: string;

  constructor(readonly jurisdiction: Jurisdiction) {
    const pack = jurisdiction.pack;
    for (const code of Object.keys(REGION_SHARES)) if (!jurisdiction.region(code)) throw new Error(`the seed profile names region ${code}, which the pack does not have`);
    // District is required at registration: a region without districts cannot take a case.
    this.regions = pack.regions
      .filter((region) => region.districts.length > 0)
      .map((region) => [{ code: region.code, districts: region.districts.map((district) => district.code) }, REGION_SHARES[region.code] ?? 1]);
    const articles = pack.offences.map((offence) => offence.article);
    const weights = new Map(weightsOver(articles, OFFENCE_WEIGHTS, (article) => SEVERITY_WEIGHTS[jurisdiction.offence(article)?.severity ?? ''] ?? 1, 'article'));
    this.offences = pack.offences.map((offence) => [offence, weights.get(offence.article) ?? 1]);
    this.stepTypes = new StepTypes(pack);
    this.lowestCourt = valuesOf(this.stepTypes, 'court_hearing', 'instance')[0];
    this.appealCourt = valuesOf(this.stepTypes, 'appeal_filed', 'instance')[0];
  }

  agencyFor(random: Random, region: string): string {
    const { agencies } = this.jurisdiction.pack;
    const weighted = agencies.map((agency): [string, number] => {
      const own = agency.region === region;
      const national = agency.region === undefined;
      if (!own && !national) return [agency.code, 0];
      const investigation = agency.role === 'investigation';
      const kind = `${own ? 'regional' : 'national'}${investigation ? 'Investigation' : 'Prosecution'}` as keyof typeof AGENCY_WEIGHTS;
      return [agency.code, AGENCY_WEIGHTS[kind] / agencies.filter((other) => (own ? other.region === region : other.region === undefined) && other.role === agency.role).length];
    });
    return random.weighted(weighted.filter(([, weight]) => weight > 0));
  }

  values(stepType: string, field: string): readonly string[] {
    return valuesOf(this.stepTypes, stepType, field);
  }
}

/** The persons of a caseload: national IDs unique, and facts that follow from the ID alone. */
class People {
  readonly persons: SeedPerson[] = [];
  private readonly byKey = new Map<string, SeedPerson>();
  private readonly ids = new Set<string>();
  /** Suspects with a national ID, by region: some turn up again in a later case (reoffending). */
  private readonly known = new Map<string, string[]>();
  private readonly remembered = new Set<string>();

  constructor(private readonly random: Random) {}

  /**
   * A KG PIN (sex digit, DDMMYYYY, 5-digit serial) and facts that depend on it alone, so that
   * every seed that draws the same ID describes the same person and case-registry reuses the
   * record instead of refusing differing facts.
   */
  withNationalId(sex: 'female' | 'male', dateOfBirth: string): SeedPerson {
    const [year, month, day] = dateOfBirth.split('-');
    let serial = this.random.int(0, 99_999);
    let nationalId = '';
    do {
      serial = (serial + 1) % 100_000;
      nationalId = `${sex === 'female' ? 1 : 2}${day}${month}${year}${pad(serial, 5)}`;
    } while (this.ids.has(nationalId));
    this.ids.add(nationalId);
    const own = Random.of(nationalId);
    const family = syllableName(own, 2);
    const facts: PersonFacts = {
      givenName: syllableName(own, own.int(2, 3)),
      familyName: `${family}${sex === 'female' ? 'ova' : 'ov'}`,
      nationalId,
      dateOfBirth,
      sex,
      citizenship: 'KG',
      ...(own.chance(0.8) ? { disability: own.chance(0.04) } : {}),
    };
    return this.add(`p-${nationalId}`, facts);
  }

  withoutNationalId(facts: PersonFacts): SeedPerson {
    return this.add(`p${pad(this.persons.length + 1, 7)}`, facts);
  }

  /** A suspect with a national ID may turn up again in a later case of the region. */
  remember(region: string, personKey: string): void {
    if (!this.byKey.get(personKey)?.facts.nationalId || this.remembered.has(`${region} ${personKey}`)) return;
    this.remembered.add(`${region} ${personKey}`);
    const list = this.known.get(region) ?? [];
    list.push(personKey);
    this.known.set(region, list);
  }

  /** A suspect of an earlier case of the region, not already in this one. */
  repeat(region: string, exclude: ReadonlySet<string>): string | undefined {
    const candidates = this.known.get(region) ?? [];
    const key = candidates.length ? this.random.pick(candidates) : undefined;
    return key === undefined || exclude.has(key) ? undefined : key;
  }

  private add(key: string, facts: PersonFacts): SeedPerson {
    const person = { key, facts };
    this.persons.push(person);
    this.byKey.set(key, person);
    return person;
  }
}

/** One synthetic person: sex, age at the offence, citizenship, an ID for most citizens. */
function drawPerson(random: Random, people: People, role: 'suspect' | 'victim', offenceAt: number, offence: Offence): SeedPerson {
  const sexWeights: [Sex, number][] =
    role === 'suspect' ? [['male', 85], ['female', 13], ['unknown', 2]] : offence.sexualOrGenderBasedViolence ? [['female', 88], ['male', 10], ['unknown', 2]] : [['female', 50], ['male', 48], ['unknown', 2]];
  const sex = random.weighted(sexWeights);
  const [minAge, maxAge] = random.weighted(role === 'suspect' ? SUSPECT_AGES : VICTIM_AGES);
  const ageDays = random.int(minAge * 365 + 1, maxAge * 365 + 360);
  const dateOfBirth = iso(offenceAt - ageDays * DAY).slice(0, 10);
  const citizenship = random.weighted(CITIZENSHIP_WEIGHTS);
  if (citizenship === 'KG' && sex !== 'unknown' && random.chance(0.6)) return people.withNationalId(sex, dateOfBirth);
  const knownBirth = sex !== 'unknown' && random.chance(0.95);
  return people.withoutNationalId({
    givenName: syllableName(random, random.int(2, 3)),
    familyName: syllableName(random, 3),
    ...(knownBirth ? { dateOfBirth } : {}),
    sex,
    ...(citizenship ? { citizenship } : {}),
    ...(random.chance(0.7) ? { disability: random.chance(0.03) } : {}),
  });
}

interface Suspect {
  key: string;
  standing: boolean;
  custody: boolean;
  /** Running measures and their ends; a lapsed one runs on past its end (a breach) and is not extended again. */
  measures: Map<string, { until?: number; lapsed?: boolean }>;
}

/**
 * One case's journal, written forward in time: every step after the one before it, so that the
 * journal replays in recording order under the legal order.
 */
class Story {
  readonly steps: SeedStep[] = [];
  private t: number;

  constructor(
    private readonly caseKey: string,
    start: number,
    private readonly random: Random,
    private readonly reference: Reference,
    private readonly suspects: Suspect[],
    private readonly article: string,
    private readonly rates: Rates,
    private readonly hearings: readonly [number, number],
    private readonly sentences: readonly SentenceShare[],
  ) {
    this.t = start;
  }

  private add(stepType: string, gap: number, fields: Omit<SeedStep, 'key' | 'stepType' | 'occurredAt'> = {}): SeedStep {
    const target = this.t + gap;
    this.keepMeasures(target);
    this.t = Math.max(target, this.t + 60_000);
    const step: SeedStep = { key: `${this.caseKey}/s${pad(this.steps.length + 1, 2)}`, stepType, occurredAt: iso(this.t), ...fields };
    this.steps.push(step);
    return step;
  }

  private hours(min: number, max: number): number {
    return Math.round(this.random.between(min, max) * HOUR);
  }

  private days(min: number, max: number): number {
    return Math.round(this.random.between(min, max) * DAY);
  }

  /**
   * Courts extend custody and house arrest before their term runs out, soonest end first across
   * everyone in the case; a few lapse (breaches happen) and run on unextended.
   */
  private keepMeasures(until: number): void {
    for (;;) {
      let due: { suspect: Suspect; measure: string; running: { until?: number; lapsed?: boolean } } | undefined;
      for (const suspect of this.suspects) {
        for (const [measure, running] of suspect.measures) {
          if (running.until === undefined || running.lapsed || running.until > until) continue;
          if (!due || running.until < (due.running.until as number)) due = { suspect, measure, running };
        }
      }
      if (!due) return;
      const end = due.running.until as number;
      if (this.random.chance(0.04)) {
        due.running.lapsed = true;
        continue;
      }
      this.t = Math.max(this.t + 60_000, end - this.days(1, 4));
      // Extended late (another extension came first), the new end still lies ahead of the decision.
      due.running.until = Math.max(end, this.t) + MEASURE_TERM;
      this.steps.push({
        key: `${this.caseKey}/s${pad(this.steps.length + 1, 2)}`,
        stepType: 'preventive_measure_extended',
        occurredAt: iso(this.t),
        personKey: due.suspect.key,
        details: { measure: due.measure, until: iso(due.running.until) },
      });
    }
  }

  write(): void {
    if (!this.random.chance(0.9)) {
      // Never investigated: refused at once (terminated) or still waiting.
      if (this.random.chance(0.5)) this.terminate();
      return;
    }
    this.add('investigation_started', this.hours(0.5, 48));
    for (const suspect of this.suspects) this.pretrial(suspect);
    if (!this.suspects.some((suspect) => suspect.standing)) {
      if (this.random.chance(0.4)) this.add('proceedings_suspended', this.days(20, 90), { details: { ground: 'suspect_absconding' } });
      else if (this.random.chance(0.3)) this.terminate();
      return;
    }
    if (this.random.chance(0.1)) {
      this.add('proceedings_suspended', this.days(10, 60), { details: { ground: this.random.pick(this.reference.values('proceedings_suspended', 'ground')) } });
      if (!this.random.chance(0.6)) return;
      this.add('proceedings_resumed', this.days(30, 150));
    }
    const course = this.random.next();
    if (course < 0.26) {
      this.terminate();
    } else if (course < 0.82) {
      this.trial();
    } else if (this.random.chance(0.3)) {
      this.add('investigation_term_extended', this.days(30, 60), { details: { until: iso(this.t + 120 * DAY) } });
    }
    this.correct();
  }

  /** Detention (48 hours to a court decision or release, a few late), suspicion, other measures. */
  private pretrial(suspect: Suspect): void {
    if (this.random.chance(0.25)) {
      const detention = this.add('detention', this.hours(1, 72), {
        personKey: suspect.key,
        details: { ground: this.random.pick(this.reference.values('detention', 'ground')) },
      });
      const detainedAt = Date.parse(detention.occurredAt as string);
      suspect.standing = true;
      if (this.random.chance(0.9)) this.add('suspicion_notified', this.hours(1, 12), { personKey: suspect.key, details: { offenceArticle: this.article } });
      const late = this.random.chance(0.05);
      const decidedAt = detainedAt + this.hours(late ? 49 : 14, late ? 120 : 47);
      if (this.random.chance(0.45)) {
        this.add('preventive_measure_applied', Math.max(60_000, decidedAt - this.t), { personKey: suspect.key, details: { measure: 'custody', until: iso(decidedAt + MEASURE_TERM) } });
        suspect.custody = true;
        suspect.measures.set('custody', { until: decidedAt + MEASURE_TERM });
      } else {
        this.add('release_from_detention', Math.max(60_000, decidedAt - this.t), {
          personKey: suspect.key,
          details: { ground: this.random.pick(this.reference.values('release_from_detention', 'ground')) },
        });
      }
      return;
    }
    if (!this.random.chance(0.85)) return;
    this.add('suspicion_notified', this.days(1, 30), { personKey: suspect.key, details: { offenceArticle: this.article } });
    suspect.standing = true;
    if (this.random.chance(0.35)) {
      const allowed = this.reference.values('preventive_measure_applied', 'measure');
      const measure = this.random.weighted(Object.entries(MEASURE_WEIGHTS).filter(([code]) => allowed.includes(code)));
      const until = measure === 'house_arrest' ? this.t + this.days(0, 5) + MEASURE_TERM : undefined;
      this.add('preventive_measure_applied', this.days(0, 5), { personKey: suspect.key, details: { measure, ...(until ? { until: iso(until) } : {}) } });
      suspect.measures.set(measure, { until });
      if (this.random.chance(0.08) && measure !== 'bail' && allowed.includes('bail')) {
        this.add('preventive_measure_changed', this.days(10, 40), { personKey: suspect.key, details: { measure, newMeasure: 'bail' } });
        suspect.measures.delete(measure);
        suspect.measures.set('bail', {});
      }
    }
  }

  private terminate(): void {
    const ground = this.random.pick(this.reference.values('proceedings_terminated', 'ground'));
    this.add('proceedings_terminated', this.days(20, 150), { details: { ground } });
    for (const suspect of this.suspects) {
      suspect.measures.clear();
      suspect.custody = false;
    }
    if (this.random.chance(0.7)) this.add('case_closed', this.days(1, 40));
  }

  /** Indictment, hearings, a verdict and sentence for each accused, an appeal for a few, closure. */
  private trial(): void {
    for (const suspect of this.suspects) {
      if (suspect.custody && this.random.chance(0.3)) this.release(suspect, this.days(5, 60));
    }
    this.add('indictment', this.days(20, 150));
    // Every suspect with standing is indicted.
    const accused = this.suspects.filter((suspect) => suspect.standing);
    for (const suspect of accused) if (this.random.chance(0.1)) this.add('plea_agreement', this.days(1, 10), { personKey: suspect.key });
    for (let hearing = this.random.int(this.hearings[0], this.hearings[1]); hearing > 0; hearing -= 1) this.add('court_hearing', this.days(7, 40), { details: { instance: this.reference.lowestCourt } });
    if (this.random.chance(0.03)) {
      this.add('proceedings_suspended', this.days(5, 20), { details: { ground: 'serious_illness' } });
      this.add('proceedings_resumed', this.days(30, 90));
    }
    for (const suspect of accused) {
      const convicted = this.random.chance(0.9);
      this.add('verdict', this.days(1, 20), { personKey: suspect.key, details: { outcome: convicted ? 'conviction' : 'acquittal' } });
      if (!convicted) {
        if (suspect.custody) this.release(suspect, this.hours(1, 12));
        continue;
      }
      const sentence = this.random.weighted(this.sentences.map((candidate) => [candidate, candidate.weight] as const));
      const details: StepDetails = { sentenceType: sentence.type };
      if (sentence.months) details.termMonths = this.random.int(sentence.months[0], sentence.months[1]);
      else details.fineAmount = this.random.int(10, 400) * 1000;
      // Derived, not drawn: a draw here would change every caseload the seeds give.
      if (sentence.hoursPerMonth !== undefined) details.communityWorkHours = sentence.hoursPerMonth * (details.termMonths as number);
      this.add('sentence', this.days(0, 14), { personKey: suspect.key, details });
      if (suspect.custody && sentence.type !== 'imprisonment') this.release(suspect, this.hours(1, 24));
    }
    if (this.random.chance(0.08)) {
      const appellant = this.random.pick(this.reference.values('appeal_filed', 'appellant'));
      this.add('appeal_filed', this.days(5, 30), { details: { appellant, instance: this.reference.appealCourt } });
      const outcome = this.random.weighted([['upheld', 60], ['dismissed', 25], ['amended', 15]] as const);
      this.add('appeal_decided', this.days(30, 120), { details: { outcome } });
    }
    if (this.random.chance(0.85)) {
      this.add('case_closed', this.days(3, 40));
      for (const suspect of this.suspects) {
        suspect.measures.clear();
        suspect.custody = false;
      }
    }
  }

  private release(suspect: Suspect, gap: number): void {
    this.add('release_from_detention', gap, { personKey: suspect.key, details: { ground: 'grounds_ceased' } });
    suspect.custody = false;
    suspect.measures.delete('custody');
  }

  /**
   * A few mistakes fixed: an amendment of details no later step depends on (a detention's
   * ground, a suspicion's article, a sentence's term), or the annulment of a hearing or of the
   * last step — corrections under which the journal still replays.
   */
  private correct(): void {
    const rates = this.rates;
    if (this.random.chance(rates.amend)) {
      const candidates = this.steps.filter((step) => ['detention', 'suspicion_notified', 'sentence'].includes(step.stepType));
      if (candidates.length === 0) return;
      const target = this.random.pick(candidates);
      const details = { ...(target.details ?? {}) };
      if (target.stepType === 'detention') details.ground = this.random.pick(this.reference.values('detention', 'ground').filter((ground) => ground !== details.ground));
      else if (target.stepType === 'suspicion_notified') details.offenceArticle = this.random.pick(this.reference.jurisdiction.pack.offences.filter((offence) => offence.article !== details.offenceArticle)).article;
      else if (typeof details.termMonths === 'number') details.termMonths = details.termMonths + this.random.int(1, 6);
      else details.fineAmount = Number(details.fineAmount) + 5000;
      this.add('correction', this.days(1, 20), { correction: { correctsStepKey: target.key, action: 'amend', reason: 'Recorded wrongly: the decision says otherwise', details } });
    } else if (this.random.chance(rates.annul)) {
      const hearings = this.steps.filter((step) => step.stepType === 'court_hearing');
      const target = hearings.length ? this.random.pick(hearings) : this.steps[this.steps.length - 1];
      if (!target) return;
      this.add('correction', this.days(1, 20), { correction: { correctsStepKey: target.key, action: 'annul', reason: 'Recorded in the wrong case' } });
    }
  }
}

/** Registration times spread over the year in the pack's zone, in order. */
function registrationTimes(random: Random, count: number, yearStart: number, yearEnd: number): number[] {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) times.push(yearStart + Math.floor(random.next() * (yearEnd - yearStart)));
  return times.sort((a, b) => a - b);
}

export function generateCaseload(options: GenerateOptions): Caseload {
  const seed = options.seed ?? DEFAULTS.seed;
  const requested = options.cases ?? DEFAULTS.cases;
  const year = options.year ?? DEFAULTS.year;
  const rates = { ...DEFAULT_RATES, ...options.rates };
  const hearings = options.hearings ?? DEFAULT_HEARINGS;
  const { jurisdiction } = options;
  const random = new Random(seed);
  const reference = new Reference(jurisdiction);
  const people = new People(random);
  const now = options.now.getTime();
  const yearStart = jurisdiction.zonedInstant(`${year}-01-01T00:00`).getTime();
  const yearEnd = jurisdiction.zonedInstant(`${year + 1}-01-01T00:00`).getTime();
  const asOf = Math.min(now, yearEnd + (options.horizonDays ?? HORIZON_DAYS_AFTER_YEAR) * DAY);

  const cases: SeedCase[] = [];
  const suspectsOf = new Map<string, string[]>();
  const offenceOf = new Map<string, Offence>();
  for (const receivedAt of registrationTimes(random, requested, yearStart, yearEnd)) {
    const registeredAt = receivedAt + (random.chance(0.05) ? random.int(25, 120) * HOUR : random.int(10, 20 * 60) * 60_000);
    if (registeredAt > asOf) continue; // that part of the year has not come yet
    const key = `c${pad(cases.length + 1, 6)}`;
    const region = random.weighted(reference.regions);
    const offence = random.weighted(reference.offences);
    const offenceAt = random.chance(0.85) ? receivedAt - random.int(0, 20 * 24) * HOUR : undefined;
    const roles: SeedRole[] = [];
    const inCase = new Set<string>();
    const suspects: string[] = [];
    for (let count = random.weighted([[1, 70], [2, 22], [3, 8]] as const); count > 0; count -= 1) {
      const repeat = random.chance(0.05) ? people.repeat(region.code, inCase) : undefined;
      const person = repeat ?? drawPerson(random, people, 'suspect', offenceAt ?? receivedAt, offence).key;
      inCase.add(person);
      suspects.push(person);
      roles.push({ personKey: person, role: 'suspect', via: 'added' });
    }
    for (let count = random.weighted([[0, 25], [1, 55], [2, 20]] as const); count > 0; count -= 1) {
      roles.push({ personKey: drawPerson(random, people, 'victim', offenceAt ?? receivedAt, offence).key, role: 'victim', via: 'added' });
    }
    if (random.chance(0.5)) {
      const lawyer = people.withoutNationalId({ givenName: syllableName(random, 2), familyName: syllableName(random, 3), sex: random.pick(['female', 'male'] as const), citizenship: 'KG' });
      roles.push({ personKey: lawyer.key, role: 'defence_lawyer', via: 'added' });
    }
    for (const person of suspects) people.remember(region.code, person);
    suspectsOf.set(key, suspects);
    offenceOf.set(key, offence);
    cases.push({
      key,
      region: region.code,
      district: random.pick(region.districts),
      agency: reference.agencyFor(random, region.code),
      source: random.weighted(CASE_SOURCE_WEIGHTS),
      offenceArticle: offence.article,
      receivedAt: iso(receivedAt),
      registeredAt: iso(registeredAt),
      ...(offenceAt !== undefined ? { offenceCommittedAt: iso(offenceAt) } : {}),
      description: `Synthetic case ${key} (seed ${seed}): ${offence.labels.en ?? offence.article}`,
      roles,
      steps: [],
    });
  }

  // Joins and splits, decided before the journals, which depend on who is in which case.
  const units: SeedUnit[] = [];
  const linked = new Set<string>();
  const extra: SeedCase[] = [];
  for (const [index, seedCase] of cases.entries()) {
    if (linked.has(seedCase.key)) continue;
    if (random.chance(rates.join)) {
      const into = cases.slice(index + 1, index + 200).find((candidate) => candidate.region === seedCase.region && !linked.has(candidate.key));
      if (into) {
        linked.add(seedCase.key).add(into.key);
        seedCase.joinedInto = into.key;
        // The receiving case gains every role of the joined one.
        for (const role of seedCase.roles) if (!into.roles.some((held) => held.personKey === role.personKey && held.role === role.role)) into.roles.push({ ...role, via: 'join' });
        suspectsOf.set(into.key, [...(suspectsOf.get(into.key) ?? []), ...(suspectsOf.get(seedCase.key) ?? []).filter((person) => !suspectsOf.get(into.key)?.includes(person))]);
        units.push({ kind: 'join', joinedKey: seedCase.key, intoKey: into.key });
        continue;
      }
    }
    if (random.chance(rates.split) && (suspectsOf.get(seedCase.key)?.length ?? 0) >= 2) {
      const suspects = suspectsOf.get(seedCase.key) as string[];
      const moving = suspects[suspects.length - 1];
      const splitKey = `${seedCase.key}-split`;
      linked.add(seedCase.key);
      suspectsOf.set(seedCase.key, suspects.slice(0, -1));
      for (const role of seedCase.roles) if (role.personKey === moving) role.movedTo = splitKey;
      suspectsOf.set(splitKey, [moving]);
      offenceOf.set(splitKey, offenceOf.get(seedCase.key) as Offence);
      extra.push({
        ...seedCase,
        key: splitKey,
        registeredAt: null,
        description: `Split off case ${seedCase.key}`,
        roles: [{ personKey: moving, role: 'suspect', via: 'split' }],
        steps: [],
        splitFrom: seedCase.key,
      });
      units.push({ kind: 'split', sourceKey: seedCase.key, splitKey, personKeys: [moving] });
      continue;
    }
    units.push({ kind: 'case', caseKey: seedCase.key });
  }
  const allCases = [...cases, ...extra];

  for (const seedCase of allCases) {
    const system = (stepType: string, occurredAt: string | null, details?: StepDetails): SeedStep => ({ key: `${seedCase.key}/${stepType}`, stepType, occurredAt, ...(details ? { details } : {}), system: true });
    const start = Date.parse(seedCase.registeredAt ?? (cases.find((source) => source.key === seedCase.splitFrom) as SeedCase).registeredAt as string);
    const suspects = (suspectsOf.get(seedCase.key) ?? []).map((key): Suspect => ({ key, standing: false, custody: false, measures: new Map() }));
    const story = new Story(seedCase.key, start, random, reference, seedCase.joinedInto ? [] : suspects, seedCase.offenceArticle, rates, hearings, options.sentences ?? SENTENCES);
    if (seedCase.joinedInto) {
      // Joined before anyone in it had standing: only the investigation may have started.
      if (random.chance(0.7)) story.steps.push({ key: `${seedCase.key}/s01`, stepType: 'investigation_started', occurredAt: iso(start + random.int(1, 48) * HOUR) });
    } else {
      story.write();
    }
    const inTime = story.steps.filter((step) => Date.parse(step.occurredAt as string) <= asOf);
    // The truth names cases by key where procedural-steps holds their ids (intoCaseId).
    seedCase.steps = [system('registration', seedCase.registeredAt), ...inTime, ...(seedCase.joinedInto ? [system('case_joined', null, { intoCaseId: seedCase.joinedInto })] : [])];
  }
  return {
    seed,
    year,
    requested,
    now: iso(now),
    asOf: iso(asOf),
    keyPrefix: `seed-${seed}-${year}-${requested}`,
    units,
    cases: allCases,
    persons: people.persons,
  };
}

/** The caseload as NDJSON lines: a header, then each person, each case (without steps) and each step. */
export function* truthLines(caseload: Caseload): Generator<string> {
  const { cases, persons, units, ...header } = caseload;
  yield JSON.stringify({ type: 'caseload', ...header, cases: cases.length, persons: persons.length, units: units.length });
  for (const person of persons) yield JSON.stringify({ type: 'person', ...person });
  for (const seedCase of cases) {
    const { steps, ...rest } = seedCase;
    yield JSON.stringify({ type: 'case', ...rest });
    for (const step of steps) yield JSON.stringify({ type: 'step', caseKey: seedCase.key, ...step });
  }
}
