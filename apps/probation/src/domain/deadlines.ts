import type { ProbationStream } from '@icjims/contracts';
import { addInZone, Duration, localDate, ProbationDeadlineRule, StepMatch, zonedInstant } from '@icjims/jurisdiction';
import type { ProbationEntry } from './entries';
import { DeadlineClock, FINAL_CASE_STATUSES, ProbationCaseState } from './stream-state';

/**
 * The pack's probation deadlines (`probation.deadlineRules`) as clocks kept in a stream's state.
 * An entry of a rule's `startsWith` type starts its clock (restarting one that runs); an entry
 * matching `metBy` meets it; a `deadline_breached` entry marks it breached (it keeps running
 * until met, late); an end of the stream stops what still runs. A term `{ field }` takes its due
 * date from that field of the starting entry, and a later entry carrying the same field (a
 * correction's or an extension's `endsOn`, a report's corrected `dueOn`) moves it, and a breach
 * recorded of the old date no longer marks it. Dates count in the pack's zone. A clock's
 * shape is the state's (`DeadlineClock`, stream-state.ts).
 */

/** Entries after which a stream takes nothing that could meet a deadline. */
const STREAM_ENDS = new Set(['ended', 'annulled', 'report_submitted', 'report_withdrawn']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A step or entry of `type` with these details matches: its type, and the values `where` names. */
export function matches(match: StepMatch, type: string, details: Readonly<Record<string, unknown>>): boolean {
  return match.stepType === type && Object.entries(match.where ?? {}).every(([field, value]) => details[field] === value);
}

const matchesEntry = (match: StepMatch, recorded: ProbationEntry) => matches(match, recorded.entryType, recorded.details as unknown as Record<string, unknown>);

export const isRunning = (clock: DeadlineClock): boolean => clock.metAt === undefined && clock.stoppedAt === undefined;

/** The day `duration` before `date` (hours count back from noon, as whole days do). */
function dateBefore(date: string, duration: Duration, timeZone: string): string {
  return localDate(addInZone(zonedInstant(`${date}T12:00`, timeZone), { ...duration, amount: -duration.amount }, timeZone), timeZone);
}

function dateField(recorded: ProbationEntry, field: string): string | undefined {
  const value = (recorded.details as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' && DATE.test(value) ? value : undefined;
}

function startClock(rule: ProbationDeadlineRule, recorded: ProbationEntry, timeZone: string): DeadlineClock | undefined {
  const fromField = 'field' in rule.term ? rule.term.field : undefined;
  const dueOn = fromField !== undefined ? dateField(recorded, fromField) : localDate(addInZone(new Date(recorded.occurredAt), rule.term as Duration, timeZone), timeZone);
  if (dueOn === undefined) return undefined; // the starting entry does not carry the date (an assessment with no reassessment due)
  return { rule: rule.code, startedAt: recorded.occurredAt, dueOn, warnFrom: dateBefore(dueOn, rule.warnBefore, timeZone), ...(fromField !== undefined && { field: fromField }) };
}

/** The clocks after an entry of a stream, under the rules of that stream. */
export function trackDeadlines(
  clocks: readonly DeadlineClock[],
  recorded: ProbationEntry,
  stream: ProbationStream,
  rules: readonly ProbationDeadlineRule[],
  timeZone: string,
): DeadlineClock[] {
  if (recorded.entryType === 'deadline_breached') {
    const { rule, dueOn } = recorded.details;
    return clocks.map((clock) => (isRunning(clock) && clock.rule === rule && clock.dueOn === dueOn ? { ...clock, breached: true } : clock));
  }
  const ofStream = rules.filter((rule) => rule.stream === stream);
  const byCode = new Map(ofStream.map((rule) => [rule.code, rule]));
  const ends = STREAM_ENDS.has(recorded.entryType);
  let next = clocks.map((clock) => {
    if (!isRunning(clock)) return clock;
    const rule = byCode.get(clock.rule);
    if (rule?.metBy.some((match) => matchesEntry(match, recorded))) return { ...clock, metAt: recorded.occurredAt };
    if (ends) return { ...clock, stoppedAt: recorded.occurredAt };
    const moved = clock.field === undefined ? undefined : dateField(recorded, clock.field);
    if (moved === undefined || moved === clock.dueOn || !rule) return clock;
    // A breach recorded was of the old date (its entry names it): the new date runs afresh, and is breached in its turn.
    const { breached: _breachedBefore, ...rest } = clock;
    return { ...rest, dueOn: moved, warnFrom: dateBefore(moved, rule.warnBefore, timeZone) };
  });
  if (ends) return next;
  for (const rule of ofStream.filter((candidate) => candidate.startsWith === recorded.entryType)) {
    const started = startClock(rule, recorded, timeZone);
    if (!started) continue;
    next = next.map((clock) => (isRunning(clock) && clock.rule === rule.code ? { ...clock, stoppedAt: recorded.occurredAt } : clock));
    next.push(started);
  }
  return next;
}

/** A deadline as the due lists show it. */
export interface DueDeadline {
  rule: string;
  dueOn: string;
  warnFrom: string;
  /** Past its due date and not met. */
  overdue: boolean;
  /** Running out: from warnFrom on. */
  warning: boolean;
  breached: boolean;
}

function due(clock: DeadlineClock, today: string): DueDeadline {
  return { rule: clock.rule, dueOn: clock.dueOn, warnFrom: clock.warnFrom, overdue: clock.dueOn < today, warning: clock.warnFrom <= today, breached: clock.breached === true };
}

/** The deadlines of a stream on `today` (YYYY-MM-DD in the pack's zone). */
export interface DeadlineStatus {
  running: DueDeadline[];
  met: Array<{ rule: string; dueOn: string; metAt: string; late: boolean }>;
  /** Past due, unmet and not yet recorded: each becomes one `deadline_breached` entry. */
  toBreach: Array<{ rule: string; dueOn: string }>;
}

export function deadlineStatus(clocks: readonly DeadlineClock[], today: string, timeZone: string): DeadlineStatus {
  const running = clocks.filter(isRunning);
  return {
    running: running.map((clock) => due(clock, today)),
    met: clocks
      .filter((clock) => clock.metAt !== undefined)
      .map((clock) => ({ rule: clock.rule, dueOn: clock.dueOn, metAt: clock.metAt as string, late: localDate(new Date(clock.metAt as string), timeZone) > clock.dueOn })),
    toBreach: running.filter((clock) => clock.dueOn < today && !clock.breached).map(({ rule, dueOn }) => ({ rule, dueOn })),
  };
}

/** What is due from `from` to `to` (inclusive, YYYY-MM-DD) for the caseload lists; `overdue` against `today`. */
export function dueBetween(clocks: readonly DeadlineClock[], from: string, to: string, today: string): DueDeadline[] {
  return clocks
    .filter((clock) => isRunning(clock) && clock.dueOn >= from && clock.dueOn <= to)
    .map((clock) => due(clock, today))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.rule.localeCompare(b.rule));
}

/**
 * What the officer's plan makes due, for the caseload lists: a reporting item (`everyDays`) the
 * given number of days after the last attended contact — or, before any, after the allocation —
 * and an item with a due date on that date. Nothing for a case that has ended.
 */
export function planDue(state: ProbationCaseState, timeZone: string): Array<{ obligation: string; dueOn: string }> {
  if (FINAL_CASE_STATUSES.includes(state.status)) return [];
  const since = state.lastAttendedAt ?? state.allocatedAt ?? state.openedAt;
  return state.plan.flatMap((item) => {
    if (item.dueOn !== undefined) return [{ obligation: item.obligation, dueOn: item.dueOn }];
    if (item.everyDays !== undefined && since) return [{ obligation: item.obligation, dueOn: localDate(addInZone(new Date(since), { amount: item.everyDays, unit: 'days' }, timeZone), timeZone) }];
    return [];
  });
}
