/**
 * The people indicators computed straight from a generated caseload (tools/seed/generate.ts),
 * in plain TypeScript, from the definitions in docs/indicators.md ("People", "Outcomes per
 * person", "Victims of sexual and gender-based violence; juveniles in conflict with the law") —
 * not from analytics' facts or SQL — so that a test can compare analytics' tables with them cell
 * by cell. Nothing here reads a database or the analytics code.
 *
 * A person counts once per case: the caseload names persons by key, and case-registry gives a
 * person one record (the seed reuses a record by its national ID; it merges none), so a
 * (case, person key) is what analytics counts as a (case, person id).
 */
import type { Jurisdiction } from '@icjims/jurisdiction';
import type { Caseload, PersonFacts, SeedCase, SeedStep, StepDetails } from '../../tools/seed/generate';
import { Period, TOTAL } from './case-flow-truth';

/** What a person is counted under (`outcome`: the outcome of their first verdict in the case; `measure`: the preventive measure given). */
export interface PersonCategories {
  region: string;
  sex: string;
  ageBand: string;
  juvenile: string;
  citizenshipGroup: string;
  disability: string;
  outcome: string;
  measure: string;
}

export type PersonBreakdown = keyof PersonCategories;

/** A person reaching a position in a case: when, and under which categories. */
export interface PersonEntry {
  caseKey: string;
  personKey: string;
  at: number;
  categories: PersonCategories;
  /** Of a first verdict its outcome, of a first sentence its type. */
  detail?: string;
}

/**
 * Age bands by the completed years they end at (the contract's codes; docs/indicators.md and
 * docs/persons.md: age at the time of the offence), and the age of criminal majority.
 */
const AGE_BANDS: [number, string][] = [[13, 'under_14'], [17, '14_17'], [24, '18_24'], [34, '25_34'], [44, '35_44'], [54, '45_54'], [64, '55_64']];
const MAJORITY = 18;

/** Whole years from a date of birth to a date (both YYYY-MM-DD): a year is completed on the birthday. */
export function yearsOld(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/**
 * A person's categories in a case: age at the local date of the offence (when committed, else
 * when reported); an unknown date of birth is an unknown age band and not juvenile.
 */
export function personCategories(person: PersonFacts, seedCase: SeedCase, jurisdiction: Jurisdiction): Omit<PersonCategories, 'outcome' | 'measure'> {
  const offenceOn = jurisdiction.localDate(new Date(seedCase.offenceCommittedAt ?? seedCase.receivedAt));
  const age = person.dateOfBirth && person.dateOfBirth <= offenceOn ? yearsOld(person.dateOfBirth, offenceOn) : undefined;
  const yesNo = (flag: boolean | undefined) => (flag === undefined ? 'unknown' : flag ? 'yes' : 'no');
  return {
    region: seedCase.region,
    sex: person.sex,
    ageBand: age === undefined ? 'unknown' : (AGE_BANDS.find(([last]) => age <= last)?.[1] ?? '65_plus'),
    juvenile: yesNo(age !== undefined && age < MAJORITY),
    citizenshipGroup: jurisdiction.citizenshipGroup(person.citizenship ?? null),
    disability: yesNo(person.disability),
  };
}

/** A step as it stands after the corrections: annulled ones are gone, amended ones carry their new details (and time, if the amendment gives one). */
export interface EffectiveStep {
  stepType: string;
  at: number;
  personKey?: string;
  details: StepDetails;
}

/** The steps of a case as corrected, but for those the seeding dates as it makes them happen (a split-off case's registration, a case_joined). */
export function effectiveSteps(seedCase: SeedCase): EffectiveStep[] {
  const annulled = new Set<string>();
  const amended = new Map<string, StepDetails>();
  for (const { correction } of seedCase.steps) {
    if (correction?.action === 'annul') annulled.add(correction.correctsStepKey);
    if (correction?.action === 'amend') amended.set(correction.correctsStepKey, { ...correction.details });
  }
  return seedCase.steps
    .filter((step): step is SeedStep & { occurredAt: string } => !step.correction && !annulled.has(step.key) && step.occurredAt !== null)
    .map((step) => {
      const details = amended.get(step.key) ?? step.details ?? {};
      return { stepType: step.stepType, at: typeof details.occurredAt === 'string' ? Date.parse(details.occurredAt) : Date.parse(step.occurredAt), personKey: step.personKey, details };
    });
}

/** Where persons stand in the criminal justice system (docs/indicators.md), one entry per case and person. */
export const POSITIONS = ['suspected', 'detained', 'accused', 'plea_agreement', 'convicted', 'judged', 'sentenced', 'victim', 'measure'] as const;
export type Position = (typeof POSITIONS)[number];

const SUSPECT_STEPS = ['suspicion_notified', 'detention'];
/** Steps that show a person is a suspect before an indictment (docs/indicators.md, persons_accused). */
const STANDING_STEPS = ['suspicion_notified', 'detention', 'plea_agreement', 'standing_received'];

/** The earliest of the steps (in time), or none. */
const first = (steps: readonly EffectiveStep[]): EffectiveStep | undefined => steps.reduce<EffectiveStep | undefined>((earliest, step) => (earliest && earliest.at <= step.at ? earliest : step), undefined);

/**
 * When the seeding gave each role: `rolesGivenAt(caseKey)` is the moment the seeding worked the
 * case's unit (roles are given then, or a moment later, never earlier — and long after every
 * step the caseload dates in its year).
 */
export type RolesGivenAt = (caseKey: string) => number;

/**
 * The persons who reached `position` in each case of the caseload, each once per case at the
 * first moment they did, under their categories in that case. `aliases` maps a merged person to
 * the one they were merged into: both count as that one (once per case, at the earlier of their
 * entries), under the categories of the surviving person where they hold a role in the case,
 * else of the record the first entry was made under.
 */
export function personEntries(caseload: Caseload, position: Position, jurisdiction: Jurisdiction, rolesGivenAt: RolesGivenAt, aliases: ReadonlyMap<string, string> = new Map()): PersonEntry[] {
  const persons = new Map(caseload.persons.map((person) => [person.key, person.facts]));
  const who = (personKey: string) => aliases.get(personKey) ?? personKey;
  return caseload.cases.flatMap((seedCase) => {
    const holders = new Set(seedCase.roles.map((role) => role.personKey));
    const entry = (personKey: string, recordedAs: string, at: number, detail?: string): PersonEntry => {
      const facts = persons.get(holders.has(personKey) ? personKey : recordedAs);
      if (!facts) throw new Error(`the caseload has no person ${personKey}`);
      // Only a verdict has an outcome to break the persons down by, only a measure given a measure.
      const outcome = position === 'judged' ? (detail ?? 'unknown') : 'unknown';
      const measure = position === 'measure' ? (detail ?? 'unknown') : 'unknown';
      return { caseKey: seedCase.key, personKey, at, categories: { ...personCategories(facts, seedCase, jurisdiction), outcome, measure }, ...(detail === undefined ? {} : { detail }) };
    };
    const detailOf = (step: EffectiveStep, field: string) => (typeof step.details[field] === 'string' ? (step.details[field] as string) : undefined);
    const steps = effectiveSteps(seedCase);
    /** Each person's first step of these types (the step names the record it was recorded under). */
    const firstOf = (types: readonly string[], also: (step: EffectiveStep) => boolean = () => true) => {
      const byPerson = new Map<string, EffectiveStep[]>();
      for (const step of steps) if (step.personKey && types.includes(step.stepType) && also(step)) byPerson.set(who(step.personKey), [...(byPerson.get(who(step.personKey)) ?? []), step]);
      return [...byPerson].map(([personKey, its]) => [personKey, first(its) as EffectiveStep & { personKey: string }] as const);
    };
    const fromSteps = (types: readonly string[], detail?: string, also?: (step: EffectiveStep) => boolean) =>
      firstOf(types, also).map(([person, step]) => entry(person, step.personKey, step.at, detail === undefined ? undefined : detailOf(step, detail)));
    /** Persons found at one moment (roles given, an indictment): each once under who they stand for. */
    const atOnce = (found: readonly string[], at: number) => {
      const recordedAs = new Map<string, string>();
      for (const person of found) if (!recordedAs.has(who(person))) recordedAs.set(who(person), person);
      return [...recordedAs].map(([person, recorded]) => entry(person, recorded, at));
    };
    switch (position) {
      case 'suspected':
        return fromSteps(SUSPECT_STEPS);
      case 'detained':
        return fromSteps(['detention']);
      case 'plea_agreement':
        return fromSteps(['plea_agreement']);
      case 'convicted':
        return fromSteps(['verdict'], undefined, (step) => step.details.outcome === 'conviction');
      case 'judged':
        return fromSteps(['verdict'], 'outcome');
      case 'sentenced':
        return fromSteps(['sentence'], 'sentenceType');
      case 'victim':
        return atOnce(seedCase.roles.filter((role) => role.role === 'victim').map((role) => role.personKey), rolesGivenAt(seedCase.key));
      case 'measure': {
        // Each measure given to a person (applied, or the new one of a change): once per case and measure, when first given.
        const given = steps.flatMap((step) => {
          const field = step.stepType === 'preventive_measure_applied' ? 'measure' : step.stepType === 'preventive_measure_changed' ? 'newMeasure' : undefined;
          return field && step.personKey ? [{ step: step as EffectiveStep & { personKey: string }, measure: detailOf(step, field) ?? 'unknown' }] : [];
        });
        const firsts = new Map<string, { step: EffectiveStep & { personKey: string }; measure: string }>();
        for (const one of given) {
          const key = `${who(one.step.personKey)} ${one.measure}`;
          const held = firsts.get(key);
          if (!held || one.step.at < held.step.at) firsts.set(key, one);
        }
        return [...firsts.values()].map(({ step, measure }) => entry(who(step.personKey), step.personKey, step.at, measure));
      }
      case 'accused': {
        const accused = accusedOf(seedCase, steps, rolesGivenAt(seedCase.key));
        return accused ? atOnce(accused.persons, accused.at) : [];
      }
    }
  });
}

/**
 * The suspects of a case at its first effective indictment: a suspect's role given by then and
 * not ended by then (a split ends the role of whom it moves, but only after the role was given),
 * or a suspicion, detention, plea agreement or standing received before it, not followed by the
 * person leaving the case (a person_left without a person_returned after it) up to the indictment.
 */
function accusedOf(seedCase: SeedCase, steps: readonly EffectiveStep[], rolesGivenAt: number): { persons: string[]; at: number } | undefined {
  const indictment = first(steps.filter((step) => step.stepType === 'indictment'));
  if (!indictment) return undefined;
  const at = indictment.at;
  const accused = new Set<string>();
  if (rolesGivenAt <= at) for (const role of seedCase.roles) if (role.role === 'suspect' && !role.movedTo) accused.add(role.personKey);
  const stepsOf = (person: string, type: string) => steps.filter((step) => step.personKey === person && step.stepType === type && step.at <= at);
  for (const step of steps) {
    if (!step.personKey || !STANDING_STEPS.includes(step.stepType) || step.at > at) continue;
    const left = stepsOf(step.personKey, 'person_left').filter((leaving) => leaving.at >= step.at);
    const stillLeft = left.some((leaving) => !stepsOf(step.personKey as string, 'person_returned').some((back) => back.at > leaving.at));
    if (!stillLeft) accused.add(step.personKey);
  }
  return { persons: [...accused], at };
}

/** A figure of a people indicator; a share carries what it divides. */
export interface PeopleFigure {
  value: number;
  numerator?: number;
  denominator?: number;
}

/**
 * Each people indicator: the persons of one position it counts (some of them), or the share of
 * some of them among all (× 100, one decimal).
 */
export interface PeopleIndicator {
  position: Position;
  /** Only these entries are counted (a count), or are the numerator (a share). */
  only?: (entry: PersonEntry) => boolean;
  share?: true;
}

/** `custody`: the preventive measures that are custody (the rest, but unknown, are non-custodial). */
export function peopleIndicators(caseload: Caseload, jurisdiction: Jurisdiction, custody: readonly string[]): Record<string, PeopleIndicator> {
  // The offences are the pack's marked ones: no article is named here.
  const marked = new Set(jurisdiction.pack.offences.filter((offence) => offence.sexualOrGenderBasedViolence).map((offence) => offence.article));
  const sgbvCases = new Set(caseload.cases.filter((seedCase) => marked.has(seedCase.offenceArticle)).map((seedCase) => seedCase.key));
  return {
    persons_suspected: { position: 'suspected' },
    persons_detained: { position: 'detained' },
    persons_accused: { position: 'accused' },
    persons_plea_agreement: { position: 'plea_agreement' },
    persons_convicted: { position: 'convicted' },
    verdicts_by_outcome: { position: 'judged' },
    persons_sentenced: { position: 'sentenced' },
    victims_registered: { position: 'victim' },
    juveniles_suspected: { position: 'suspected', only: (entry) => entry.categories.juvenile === 'yes' },
    sgbv_victims: { position: 'victim', only: (entry) => sgbvCases.has(entry.caseKey) },
    conviction_share: { position: 'judged', only: (entry) => entry.detail === 'conviction', share: true },
    non_custodial_sentence_share: { position: 'sentenced', only: (entry) => entry.detail !== undefined && entry.detail !== 'imprisonment', share: true },
    persons_given_preventive_measure: { position: 'measure' },
    non_custodial_measure_share: { position: 'measure', only: (entry) => entry.detail !== undefined && entry.detail !== 'unknown' && !custody.includes(entry.detail), share: true },
  };
}

/** The entries of a cell: in the period, and in each breakdown's category (the total taking all). */
export function inPersonCell(entries: readonly PersonEntry[], period: Period, by: readonly PersonBreakdown[], codes: readonly string[]): PersonEntry[] {
  return entries.filter((entry) => entry.at >= period.start && entry.at < period.end && by.every((breakdown, index) => codes[index] === TOTAL || entry.categories[breakdown] === codes[index]));
}

/** A cell's figure: the count of its entries, or the share of those `only` takes among them. */
export function peopleFigure(indicator: PeopleIndicator, cell: readonly PersonEntry[]): PeopleFigure {
  const counted = indicator.only ? cell.filter(indicator.only) : cell;
  if (!indicator.share) return { value: counted.length };
  const value = cell.length === 0 ? 0 : Math.round((counted.length / cell.length) * 100 * 10) / 10;
  return { value, numerator: counted.length, denominator: cell.length };
}
