/**
 * The CEPEJ case flow computed straight from a generated caseload (tools/seed/generate.ts), in
 * plain TypeScript, from the definitions in docs/indicators.md ("The case flow (CEPEJ)") — not
 * from analytics' facts or SQL — so that a test can compare analytics' tables with it cell by
 * cell. Nothing here reads a database or the analytics code.
 */
import type { Jurisdiction } from '@icjims/jurisdiction';
import type { Caseload, SeedCase, SeedStep, SeedUnit } from '../../tools/seed/generate';

/** The code of the total over a dimension's categories (as analytics publishes it). */
export const TOTAL = '_T';

/** What a case is counted under in each breakdown. */
export interface CaseCategories {
  region: string;
  /** `<region>.<district>` */
  district: string;
  agency: string;
  /** The first two digits of the offence's ICCS code. */
  iccsSection: string;
  article: string;
}

export type Breakdown = keyof CaseCategories;

/** When a case entered and left a stage (ms since the epoch); no entry: it never reached the stage. */
export interface Spell {
  enteredAt?: number;
  leftAt?: number;
}

export interface FlowCase {
  key: string;
  categories: CaseCategories;
  pretrial: Spell;
  court: Spell;
}

/** A step as it stands after the corrections: annulled steps are gone, an amended one happened when it now says. */
interface EffectiveStep {
  stepType: string;
  occurredAt: number;
}

const PRETRIAL_ENDS = new Set(['indictment', 'proceedings_terminated', 'case_joined']);
const COURT_ENDS = new Set(['verdict', 'proceedings_terminated', 'case_joined']);

/**
 * The steps of a case as corrected. `systemTime` is when the seeding made a system step happen
 * whose time the truth cannot know in advance (a join's `case_joined`).
 */
function effectiveSteps(seedCase: SeedCase, systemTime: number): EffectiveStep[] {
  const annulled = new Set<string>();
  const amendedAt = new Map<string, number>();
  for (const step of seedCase.steps) {
    const correction = step.correction;
    if (correction?.action === 'annul') annulled.add(correction.correctsStepKey);
    if (correction?.action === 'amend' && typeof correction.details?.occurredAt === 'string') amendedAt.set(correction.correctsStepKey, Date.parse(correction.details.occurredAt));
  }
  const timeOf = (step: SeedStep) => amendedAt.get(step.key) ?? (step.occurredAt === null ? systemTime : Date.parse(step.occurredAt));
  return seedCase.steps.filter((step) => !step.correction && !annulled.has(step.key)).map((step) => ({ stepType: step.stepType, occurredAt: timeOf(step) }));
}

const earliest = (times: number[]): number | undefined => (times.length ? Math.min(...times) : undefined);
const notBefore = (start: number, time: number | undefined): number | undefined => (time === undefined ? undefined : Math.max(start, time));

/** Whether the journal ends the pre-trial stage before the case was registered (a split-off case, see `flowCase`). */
export function endedBeforeRegistration(seedCase: SeedCase, systemTime: number): boolean {
  const registeredAt = seedCase.registeredAt === null ? systemTime : Date.parse(seedCase.registeredAt);
  const ended = earliest(effectiveSteps(seedCase, systemTime).filter((step) => PRETRIAL_ENDS.has(step.stepType)).map((step) => step.occurredAt));
  return ended !== undefined && ended < registeredAt;
}

/**
 * The pre-trial stage runs from registration to the first indictment, termination or join; the
 * court stage from the first indictment to the first verdict, termination or join after it. No
 * case leaves a stage before it enters it: an end dated before the registration (a split-off
 * case is registered at the split, its journal may carry the source's dates) ends the pre-trial
 * stage at the registration.
 */
export function flowCase(seedCase: SeedCase, jurisdiction: Jurisdiction, systemTime: number): FlowCase {
  const steps = effectiveSteps(seedCase, systemTime);
  const registeredAt = seedCase.registeredAt === null ? systemTime : Date.parse(seedCase.registeredAt);
  const indictedAt = earliest(steps.filter((step) => step.stepType === 'indictment').map((step) => step.occurredAt));
  const offence = jurisdiction.offence(seedCase.offenceArticle);
  if (!offence) throw new Error(`the pack has no offence ${seedCase.offenceArticle}`);
  return {
    key: seedCase.key,
    categories: {
      region: seedCase.region,
      district: `${seedCase.region}.${seedCase.district}`,
      agency: seedCase.agency,
      iccsSection: offence.iccsCode.slice(0, 2),
      article: seedCase.offenceArticle,
    },
    pretrial: { enteredAt: registeredAt, leftAt: notBefore(registeredAt, earliest(steps.filter((step) => PRETRIAL_ENDS.has(step.stepType)).map((step) => step.occurredAt))) },
    court:
      indictedAt === undefined
        ? {}
        : { enteredAt: indictedAt, leftAt: earliest(steps.filter((step) => COURT_ENDS.has(step.stepType) && step.occurredAt >= indictedAt).map((step) => step.occurredAt)) },
  };
}

/**
 * The flow cases of the units of a caseload the seeding has worked (all of them by default),
 * each with the moment its unit was worked for the system steps and split-off registrations.
 */
export function flowCases(caseload: Caseload, jurisdiction: Jurisdiction, workedAt: (unitIndex: number) => number, unitIndexes?: readonly number[]): FlowCase[] {
  const byKey = new Map(caseload.cases.map((seedCase) => [seedCase.key, seedCase]));
  const indexes = unitIndexes ?? caseload.units.map((_unit, index) => index);
  return indexes.flatMap((index) => casesOfUnit(caseload.units[index]).map((key) => flowCase(byKey.get(key) as SeedCase, jurisdiction, workedAt(index))));
}

/** The keys of the cases a unit of the seeding registers (a join and a split: two). */
export function casesOfUnit(unit: SeedUnit): string[] {
  return unit.kind === 'case' ? [unit.caseKey] : unit.kind === 'join' ? [unit.joinedKey, unit.intoKey] : [unit.sourceKey, unit.splitKey];
}

/** A local calendar month or year of the jurisdiction: [start, end) and its number of days. */
export interface Period {
  code: string;
  start: number;
  end: number;
  days: number;
}

export function monthsBetween(from: string, to: string, jurisdiction: Jurisdiction): Period[] {
  const months: Period[] = [];
  const code = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
  let [year, month] = from.split('-').map(Number);
  while (code(year, month) <= to) {
    const [nextYear, nextMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
    months.push({
      code: code(year, month),
      start: jurisdiction.zonedInstant(`${code(year, month)}-01T00:00`).getTime(),
      end: jurisdiction.zonedInstant(`${code(nextYear, nextMonth)}-01T00:00`).getTime(),
      days: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    });
    [year, month] = [nextYear, nextMonth];
  }
  return months;
}

/** The quarters (codes YYYY-Qn) of the months from `from` to `to` (YYYY-MM), each whole. */
export function quartersBetween(from: string, to: string, jurisdiction: Jurisdiction): Period[] {
  const quarters: Period[] = [];
  for (const month of monthsBetween(from, to, jurisdiction)) {
    const year = month.code.slice(0, 4);
    const quarter = Math.ceil(Number(month.code.slice(5, 7)) / 3);
    const code = `${year}-Q${quarter}`;
    if (quarters[quarters.length - 1]?.code === code) continue;
    const its = monthsBetween(`${year}-${String(quarter * 3 - 2).padStart(2, '0')}`, `${year}-${String(quarter * 3).padStart(2, '0')}`, jurisdiction);
    quarters.push({ code, start: its[0].start, end: its[2].end, days: its.reduce((days, one) => days + one.days, 0) });
  }
  return quarters;
}

export function yearsBetween(from: number, to: number, jurisdiction: Jurisdiction): Period[] {
  const years: Period[] = [];
  for (let year = from; year <= to; year += 1) {
    const start = jurisdiction.zonedInstant(`${year}-01-01T00:00`).getTime();
    const end = jurisdiction.zonedInstant(`${year + 1}-01-01T00:00`).getTime();
    years.push({ code: String(year), start, end, days: Math.round((end - start) / 86_400_000) });
  }
  return years;
}

export interface FlowFigures {
  incoming: number;
  resolved: number;
  pending: number;
}

/** incoming: entered in the month; resolved: left in it; pending: entered before its end and not left by then. */
export function flowFigures(spells: readonly Spell[], month: Period): FlowFigures {
  const within = (time: number | undefined) => time !== undefined && time >= month.start && time < month.end;
  let incoming = 0;
  let resolved = 0;
  let pending = 0;
  for (const spell of spells) {
    if (within(spell.enteredAt)) incoming += 1;
    if (within(spell.leftAt)) resolved += 1;
    if (spell.enteredAt !== undefined && spell.enteredAt < month.end && !(spell.leftAt !== undefined && spell.leftAt < month.end)) pending += 1;
  }
  return { incoming, resolved, pending };
}

/** A figure of a case-flow indicator; a ratio carries what it divides, to apply the minimum denominator. */
export interface Figure {
  value: number;
  numerator?: number;
  denominator?: number;
}

/** Rounded to one decimal, as the ratios are published. */
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

export const STAGES = ['pretrial', 'court'] as const;
export type Stage = (typeof STAGES)[number];
export const FLOW_MEASURES = ['incoming', 'resolved', 'pending', 'clearance_rate', 'disposition_time'] as const;
export type FlowMeasure = (typeof FLOW_MEASURES)[number];

/** One figure of `<stage>_<measure>` for the cases of one cell in one month. */
export function flowFigure(measure: FlowMeasure, figures: FlowFigures, month: Period): Figure {
  switch (measure) {
    case 'incoming':
    case 'resolved':
    case 'pending':
      return { value: figures[measure] };
    case 'clearance_rate':
      return { value: figures.incoming ? oneDecimal((figures.resolved / figures.incoming) * 100) : NaN, numerator: figures.resolved, denominator: figures.incoming };
    case 'disposition_time':
      return { value: figures.resolved ? oneDecimal((figures.pending / figures.resolved) * month.days) : NaN, numerator: figures.pending, denominator: figures.resolved };
  }
}

/** The cases of a cell: a category code per breakdown, the total taking every case. */
export function inCell(cases: readonly FlowCase[], breakdowns: readonly Breakdown[], codes: readonly string[]): FlowCase[] {
  return cases.filter((flow) => breakdowns.every((breakdown, index) => codes[index] === TOTAL || flow.categories[breakdown] === codes[index]));
}


export const CASE_AGES = ['under_3_months', '3_to_6_months', '6_to_12_months', '12_to_24_months', 'over_24_months'] as const;
export type CaseAge = (typeof CASE_AGES)[number];

/**
 * The age of a pending case at the end of a period: the calendar months (in the pack's zone)
 * from its entry to the stage to that end; entered exactly three months before it, 3 to 6.
 */
export function caseAgeAt(enteredAt: number, periodEnd: number, jurisdiction: Jurisdiction): CaseAge {
  const monthsBefore = (months: number) => jurisdiction.addInZone(new Date(periodEnd), { amount: -months, unit: 'months' }).getTime();
  if (enteredAt > monthsBefore(3)) return 'under_3_months';
  if (enteredAt > monthsBefore(6)) return '3_to_6_months';
  if (enteredAt > monthsBefore(12)) return '6_to_12_months';
  if (enteredAt > monthsBefore(24)) return '12_to_24_months';
  return 'over_24_months';
}

/** The pending cases at the end of a period of one age (or of all, TOTAL). */
export function pendingOfAge(spells: readonly Spell[], period: Period, age: string, jurisdiction: Jurisdiction): number {
  const pending = spells.filter((spell) => spell.enteredAt !== undefined && flowFigures([spell], period).pending === 1);
  return age === TOTAL ? pending.length : pending.filter((spell) => caseAgeAt(spell.enteredAt as number, period.end, jurisdiction) === age).length;
}
