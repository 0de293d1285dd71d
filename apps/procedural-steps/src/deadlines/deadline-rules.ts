import type { FieldProblem } from '@icjims/contracts';
import { addInZone } from '@icjims/jurisdiction';
import { StepTypeSpec } from '../step-types/step-catalogue';
import { JOURNAL_STEP_TYPES, StepTypes } from '../step-types/step-types';
import { fieldValueProblem, StepDetails } from '../steps/step-rules';

/**
 * Legal deadlines as data: which step starts the clock, how long it runs, which steps extend or
 * stop it. Rules are stored and changed by an admin; this file validates and evaluates them.
 * Terms count in the jurisdiction's time zone: hours are exact (48 hours are 48 hours, whatever
 * the clock does), days and months follow the local calendar at the same local time of day, a
 * day the target month lacks becoming its last day (31 Jan + 1 month = 28/29 Feb).
 */

export const TERM_UNITS = ['hours', 'days', 'months'] as const;
export type TermUnit = (typeof TERM_UNITS)[number];

export interface Duration {
  amount: number;
  unit: TermUnit;
}

/** A step of a type whose details have the given values. */
export interface StepMatch {
  stepType: string;
  where?: Readonly<Record<string, string | number | boolean>>;
}

/** A step that moves the due date to the instant in one of its datetime fields. */
export interface DeadlineExtension extends StepMatch {
  untilField: string;
}

/** A fixed duration from the starting step, or the instant in a datetime field of it (e.g. `until`). */
export type DeadlineTerm = Duration | { field: string };

export interface DeadlineRule {
  code: string;
  /** In English; the rules a pack brings keep their `labels` in the pack's languages too. */
  title: string;
  labels?: Readonly<Record<string, string>>;
  legalReference: string;
  /** `person`: one clock per person the starting step names; `case`: one for the case. */
  scope: 'case' | 'person';
  /** Any of these starts the clock; a start while one runs for the same person restarts it. */
  startsWith: readonly StepMatch[];
  term: DeadlineTerm;
  extendedBy: readonly DeadlineExtension[];
  /** A case-level stopping step stops every person's clock; a person-level one only that person's. */
  stoppedBy: readonly StepMatch[];
  /** How long before the due date the deadline counts as running out. */
  warnBefore: Duration;
}

/** The parts of an effective journal step that deadlines read (an EffectiveStep fits). */
export interface DeadlineStep {
  stepId: string;
  stepType: string;
  occurredAt: Date;
  personId?: string;
  details: StepDetails;
}

/** One version of a rule: clocks that start from `appliesFrom` on run under it, until a later version applies. */
export interface RuleVersion {
  version: number;
  appliesFrom: Date;
  rule: DeadlineRule;
}

export interface Deadline {
  /** The version of the rule the clock started under: it runs under it to the end. */
  rule: DeadlineRule;
  ruleVersion: number;
  personId?: string;
  startStepId: string;
  startedAt: Date;
  dueAt: Date;
  /** From when it counts as running out. */
  warnFrom: Date;
  extendedByStepIds: string[];
  stoppedAt?: Date;
  stoppedByStepId?: string;
  /** Stopped because the person's standing went on to another case, where the clock runs on (deadline_received). */
  handedOver?: boolean;
  /** A clock received from another case: when it arrived here (its start and due time are the source case's). */
  receivedAt?: Date;
}

export type DeadlineStatus = 'running' | 'running_out' | 'breached' | 'met' | 'handed_over';

/** `instant` plus (or, with a negative amount, minus) a duration, in `timeZone`. */
export function addDuration(instant: Date, amount: number, unit: TermUnit, timeZone: string): Date {
  return addInZone(instant, { amount, unit }, timeZone);
}

function matches(match: StepMatch, step: DeadlineStep): boolean {
  return match.stepType === step.stepType && Object.entries(match.where ?? {}).every(([field, value]) => step.details[field] === value);
}

function instantOf(value: unknown): Date | undefined {
  const instant = typeof value === 'string' ? new Date(value) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? instant : undefined;
}

function dueAtOf(term: DeadlineTerm, step: DeadlineStep, timeZone: string): Date | undefined {
  return 'field' in term ? instantOf(step.details[term.field]) : addDuration(step.occurredAt, term.amount, term.unit, timeZone);
}

/** The version in force at `instant`: the latest appliesFrom at or before it (the higher version of two with the same). */
export function ruleVersionAt(versions: readonly RuleVersion[], instant: Date): RuleVersion | undefined {
  let found: RuleVersion | undefined;
  for (const candidate of versions) {
    if (candidate.appliesFrom.getTime() > instant.getTime()) continue;
    const later = !found || candidate.appliesFrom.getTime() > found.appliesFrom.getTime() || (candidate.appliesFrom.getTime() === found.appliesFrom.getTime() && candidate.version > found.version);
    if (later) found = candidate;
  }
  return found;
}

/**
 * Whether the step hands the person's clocks over to another case: the case is joined into
 * another, or the person is split off into a new one (named: a split announced before standing
 * moved with the person names none, and its clocks stay). The receiving case records them as
 * deadline_received and they run on there, so here they end whatever the rule says.
 */
function handsOver(step: DeadlineStep, personId: string, gone: ReadonlySet<string>): boolean {
  if (step.stepType === 'case_joined') return !gone.has(personId);
  return step.stepType === 'person_left' && step.personId === personId && step.details.reason === 'split' && typeof step.details.toCaseId === 'string';
}

/** A clock deadline_received brings from another case under this rule: its version, start and due time as they were there. */
function receivedClock(versions: readonly RuleVersion[], step: DeadlineStep): { inForce: RuleVersion; startedAt: Date; dueAt: Date } | undefined {
  if (step.stepType !== 'deadline_received' || step.details.rule !== versions[0]?.rule.code) return undefined;
  const startedAt = instantOf(step.details.startedAt);
  const dueAt = instantOf(step.details.dueAt);
  // A version no longer kept here: the one in force when the clock started.
  const inForce = versions.find((candidate) => candidate.version === step.details.ruleVersion) ?? (startedAt && ruleVersionAt(versions, startedAt));
  return inForce && startedAt && dueAt ? { inForce, startedAt, dueAt } : undefined;
}

/** The version in force and the clock a step starts under this rule, if it starts one. */
function startedClock(versions: readonly RuleVersion[], step: DeadlineStep, timeZone: string): { inForce: RuleVersion; startedAt: Date; dueAt: Date } | undefined {
  const received = receivedClock(versions, step);
  if (received) return received;
  const inForce = ruleVersionAt(versions, step.occurredAt);
  if (!inForce || !inForce.rule.startsWith.some((match) => matches(match, step))) return undefined;
  const dueAt = dueAtOf(inForce.rule.term, step, timeZone);
  return dueAt && { inForce, startedAt: step.occurredAt, dueAt }; // a start without the term's field sets no deadline
}

/** The clocks of one rule that run after some steps, and the persons gone from the case: all that folding the next step needs. */
export interface RuleClocks {
  /** By person id; '' for the case. */
  running: Map<string, Deadline>;
  gone: Set<string>;
}

export function newRuleClocks(): RuleClocks {
  return { running: new Map(), gone: new Set() };
}

/** What one step did to a rule's clocks: the running ones it stopped or extended, and the one it started. */
export interface ClockChanges {
  changed: Deadline[];
  started?: Deadline;
}

/**
 * Folds one step of the effective journal into a rule's clocks (changed in place). A clock
 * starts under the version in force when its starting step occurred and keeps it: its term,
 * what extends and what stops it come from that version, whatever later versions say. A clock
 * received from another case keeps the version, start and due time it had there.
 */
export function foldClockStep(versions: readonly RuleVersion[], clocks: RuleClocks, step: DeadlineStep, timeZone: string): ClockChanges {
  const { running, gone } = clocks;
  const changed = new Set<Deadline>();
  const concerns = (key: string, deadline: Deadline) => deadline.rule.scope === 'case' || step.personId === undefined || key === step.personId;
  const stop = (key: string, deadline: Deadline) => {
    deadline.stoppedAt = step.occurredAt;
    deadline.stoppedByStepId = step.stepId;
    running.delete(key);
    changed.add(deadline);
  };

  for (const [key, deadline] of [...running.entries()]) {
    if (deadline.rule.scope === 'person' && handsOver(step, key, gone)) {
      stop(key, deadline);
      deadline.handedOver = true;
    } else if (concerns(key, deadline) && deadline.rule.stoppedBy.some((match) => matches(match, step))) stop(key, deadline);
  }
  if (step.personId !== undefined && step.stepType === 'person_left') gone.add(step.personId);
  if (step.personId !== undefined && step.stepType === 'person_returned') gone.delete(step.personId);
  for (const [key, deadline] of running.entries()) {
    if (!concerns(key, deadline)) continue;
    for (const extension of deadline.rule.extendedBy.filter((match) => matches(match, step))) {
      const until = instantOf(step.details[extension.untilField]);
      if (!until) continue;
      deadline.dueAt = until;
      deadline.warnFrom = addDuration(until, -deadline.rule.warnBefore.amount, deadline.rule.warnBefore.unit, timeZone);
      deadline.extendedByStepIds.push(step.stepId);
      changed.add(deadline);
    }
  }
  const clock = startedClock(versions, step, timeZone);
  const key = clock && (clock.inForce.rule.scope === 'case' ? '' : step.personId);
  if (!clock || key === undefined) return { changed: [...changed] };
  const { inForce, startedAt, dueAt } = clock;
  const rule = inForce.rule;
  const previous = running.get(key);
  if (previous) stop(key, previous);
  const started: Deadline = {
    rule,
    ruleVersion: inForce.version,
    ...(rule.scope === 'person' && { personId: key }),
    startStepId: step.stepId,
    startedAt,
    dueAt,
    warnFrom: addDuration(dueAt, -rule.warnBefore.amount, rule.warnBefore.unit, timeZone),
    extendedByStepIds: [],
    ...(step.stepType === 'deadline_received' && { receivedAt: step.occurredAt }),
  };
  running.set(key, started);
  return { changed: [...changed], started };
}

/** Every clock a journal sets, running or stopped, in the order they started per rule; and the clocks of each rule running at its end, by rule code. */
export function foldDeadlines(
  histories: readonly (readonly RuleVersion[])[],
  steps: readonly DeadlineStep[],
  timeZone: string,
): { deadlines: Deadline[]; clocks: Map<string, RuleClocks> } {
  const clocks = new Map<string, RuleClocks>();
  const deadlines = histories.flatMap((versions) => {
    const ruleClocks = newRuleClocks();
    if (versions[0]) clocks.set(versions[0].rule.code, ruleClocks);
    return steps.flatMap((step) => foldClockStep(versions, ruleClocks, step, timeZone).started ?? []);
  });
  return { deadlines, clocks };
}

/**
 * Every deadline the rules set on a case, running or stopped, recomputed from its whole
 * effective journal (so corrections are honoured). Steps in recording order; terms count in
 * `timeZone`, the jurisdiction's. `histories`: the versions of each rule in force.
 */
export function deadlinesOfVersions(histories: readonly (readonly RuleVersion[])[], steps: readonly DeadlineStep[], timeZone: string): Deadline[] {
  return foldDeadlines(histories, steps, timeZone).deadlines;
}

/** As deadlinesOfVersions, each rule having one version that has always applied. */
export function deadlinesOf(rules: readonly DeadlineRule[], steps: readonly DeadlineStep[], timeZone: string): Deadline[] {
  return deadlinesOfVersions(rules.map((rule) => [{ version: 1, appliesFrom: new Date(0), rule }]), steps, timeZone);
}

/** Breached when the due date passed before a stopping step (or, still running, before `now`). */
export function deadlineStatus(deadline: Deadline, now: Date): DeadlineStatus {
  if (deadline.stoppedAt && deadline.stoppedAt.getTime() > deadline.dueAt.getTime()) return 'breached';
  if (deadline.stoppedAt) return deadline.handedOver ? 'handed_over' : 'met';
  if (now.getTime() > deadline.dueAt.getTime()) return 'breached';
  return now.getTime() >= deadline.warnFrom.getTime() ? 'running_out' : 'running';
}

/** Identifies a deadline across recomputations: one start step starts at most one clock per rule. */
export function deadlineKey(deadline: Pick<Deadline, 'rule' | 'startStepId'>): string {
  return `${deadline.rule.code}:${deadline.startStepId}`;
}

// ---- Validation of a rule an admin sends (PUT); field paths follow the JSON, e.g. startsWith[0].where.measure.

const RULE_FIELDS = ['code', 'title', 'labels', 'legalReference', 'scope', 'startsWith', 'term', 'extendedBy', 'stoppedBy', 'warnBefore'];
const CODE = /^[a-z][a-z0-9_]{1,63}$/;
const MAX_MATCHES = 20;
const MAX_AMOUNT = 1000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(value: Json, known: readonly string[], path: string): FieldProblem[] {
  return Object.keys(value)
    .filter((name) => !known.includes(name))
    .map((name) => ({ field: `${path}${name}`, reason: `${path}${name} is not a field of a deadline rule` }));
}

function textProblems(value: unknown, field: string, maxLength: number): FieldProblem[] {
  if (typeof value !== 'string' || value.trim() === '') return [{ field, reason: `${field} must be a non-empty string` }];
  return value.length > maxLength ? [{ field, reason: `${field} must be at most ${maxLength} characters` }] : [];
}

function durationProblems(value: unknown, field: string, minAmount: number): FieldProblem[] {
  if (!isObject(value)) return [{ field, reason: `${field} must be an object with amount and unit` }];
  const problems = unknownFields(value, ['amount', 'unit'], `${field}.`);
  if (typeof value.amount !== 'number' || !Number.isInteger(value.amount) || value.amount < minAmount || value.amount > MAX_AMOUNT) {
    problems.push({ field: `${field}.amount`, reason: `${field}.amount must be an integer from ${minAmount} to ${MAX_AMOUNT}` });
  }
  if (!TERM_UNITS.includes(value.unit as TermUnit)) problems.push({ field: `${field}.unit`, reason: `${field}.unit must be one of: ${TERM_UNITS.join(', ')}` });
  return problems;
}

/** A datetime field of the step type: only an instant can be a due date. */
function instantFieldProblem(spec: StepTypeSpec, name: unknown, field: string): FieldProblem[] {
  const declared = spec.fields.find((candidate) => candidate.name === name);
  return declared?.type === 'datetime' ? [] : [{ field, reason: `${field} must name a datetime field of ${spec.code}` }];
}

/** A step match, its step type, and the values it requires; returns the spec when the type is known. */
function matchProblems(value: unknown, field: string, extraFields: readonly string[], stepTypes: StepTypes): { problems: FieldProblem[]; spec?: StepTypeSpec } {
  if (!isObject(value)) return { problems: [{ field, reason: `${field} must be an object with stepType` }] };
  const problems = unknownFields(value, ['stepType', 'where', ...extraFields], `${field}.`);
  const spec = typeof value.stepType === 'string' && value.stepType !== 'correction' ? stepTypes.spec(value.stepType) : undefined;
  if (!spec) return { problems: [...problems, { field: `${field}.stepType`, reason: `${field}.stepType must be a step type code other than correction` }] };
  if (value.where === undefined) return { problems, spec };
  if (!isObject(value.where)) return { problems: [...problems, { field: `${field}.where`, reason: `${field}.where must map field names to values` }], spec };
  for (const [name, expected] of Object.entries(value.where)) {
    const declared = spec.fields.find((candidate) => candidate.name === name);
    const problem = declared ? fieldValueProblem(declared, expected) : `is not a field of ${spec.code}`;
    if (problem) problems.push({ field: `${field}.where.${name}`, reason: `${field}.where.${name} ${problem}` });
  }
  return { problems, spec };
}

function listProblems(value: unknown, field: string, minLength: number, each: (item: unknown, itemField: string) => FieldProblem[]): FieldProblem[] {
  if (!Array.isArray(value) || value.length < minLength || value.length > MAX_MATCHES) {
    return [{ field, reason: `${field} must be a list of ${minLength} to ${MAX_MATCHES} step matches` }];
  }
  return value.flatMap((item, index) => each(item, `${field}[${index}]`));
}

/** Labels are optional; given, they hold a non-empty English one and only the pack's languages. */
function labelProblems(value: unknown, languages: readonly string[]): FieldProblem[] {
  if (value === undefined) return [];
  if (!isObject(value)) return [{ field: 'labels', reason: 'labels must map language tags to titles' }];
  const problems = 'en' in value ? [] : [{ field: 'labels.en', reason: 'labels.en is required: English is the fallback language' }];
  for (const [language, text] of Object.entries(value)) {
    if (!languages.includes(language)) problems.push({ field: `labels.${language}`, reason: `labels.${language}: the jurisdiction’s languages are ${languages.join(', ')}` });
    else problems.push(...textProblems(text, `labels.${language}`, 200));
  }
  return problems;
}

export interface RuleCheckOptions {
  /** The languages labels may be given in (the pack's); English only when not given. */
  languages?: readonly string[];
  /** The step types (and the measures they allow) under the installation's pack; the journal's own when not given. */
  stepTypes?: StepTypes;
}

/** Everything wrong with a rule sent by an admin; none means the value is a valid DeadlineRule. */
export function deadlineRuleProblems(input: unknown, options: RuleCheckOptions = {}): FieldProblem[] {
  if (!isObject(input)) return [{ field: 'rule', reason: 'a deadline rule must be an object' }];
  const scope = input.scope;
  const stepTypes = options.stepTypes ?? JOURNAL_STEP_TYPES;
  const startSpecs: StepTypeSpec[] = [];
  const problems = [
    ...unknownFields(input, RULE_FIELDS, ''),
    ...(typeof input.code === 'string' && CODE.test(input.code) ? [] : [{ field: 'code', reason: 'code must be 2–64 characters: a-z, 0-9, _, starting with a letter' }]),
    ...textProblems(input.title, 'title', 200),
    ...labelProblems(input.labels, options.languages ?? ['en']),
    ...textProblems(input.legalReference, 'legalReference', 256),
    ...(scope === 'case' || scope === 'person' ? [] : [{ field: 'scope', reason: 'scope must be one of: case, person' }]),
    ...listProblems(input.startsWith, 'startsWith', 1, (item, field) => {
      const { problems: found, spec } = matchProblems(item, field, [], stepTypes);
      if (spec) startSpecs.push(spec);
      const levelProblem = spec && (scope === 'case' || scope === 'person') && spec.level !== scope;
      return levelProblem ? [...found, { field: `${field}.stepType`, reason: `${field}.stepType must be a ${scope}-level step for a ${scope} deadline` }] : found;
    }),
    ...listProblems(input.extendedBy, 'extendedBy', 0, (item, field) => {
      const { problems: found, spec } = matchProblems(item, field, ['untilField'], stepTypes);
      return spec && isObject(item) ? [...found, ...instantFieldProblem(spec, item.untilField, `${field}.untilField`)] : found;
    }),
    ...listProblems(input.stoppedBy, 'stoppedBy', 0, (item, field) => matchProblems(item, field, [], stepTypes).problems),
    ...durationProblems(input.warnBefore, 'warnBefore', 0),
  ];
  const term = input.term;
  if (isObject(term) && 'field' in term) {
    problems.push(...unknownFields(term, ['field'], 'term.'), ...startSpecs.flatMap((spec) => instantFieldProblem(spec, term.field, 'term.field')));
  } else {
    problems.push(...durationProblems(term, 'term', 1));
  }
  return problems;
}
