/**
 * The terminations (`cases_terminated`) and durations (`duration_<span>_median|p90`) computed
 * straight from a generated caseload, in plain TypeScript, from the definitions in
 * docs/indicators.md ("Durations", "People" → *Outcomes*) — not from analytics' facts or SQL.
 */
import type { Jurisdiction } from '@icjims/jurisdiction';
import type { SeedCase } from '../../tools/seed/generate';
import { Breakdown, CaseCategories, flowCase, Period, TOTAL } from './case-flow-truth';
import { EffectiveStep, effectiveSteps } from './people-truth';

export const SPANS = ['registration_to_indictment', 'indictment_to_verdict', 'registration_to_final_decision'] as const;
export type Span = (typeof SPANS)[number];

/** A case's milestones as corrected (ms since the epoch). */
export interface CaseOutcome {
  key: string;
  categories: CaseCategories;
  registeredAt: number;
  /** The first termination of proceedings, and its legal ground ('unknown' when none was given). */
  terminated?: { at: number; ground: string };
  indictedAt?: number;
  /** The first verdict at or after the first indictment. */
  verdictAt?: number;
  /** The first verdict or termination. */
  decidedAt?: number;
  /** Each suspension, until the first resumption at or after it (none: it runs on). */
  suspensions: { from: number; to?: number }[];
}

const earliest = (steps: readonly EffectiveStep[]): EffectiveStep | undefined => steps.reduce<EffectiveStep | undefined>((first, step) => (first && first.at <= step.at ? first : step), undefined);

/** `systemTime`: when the seeding registered a split-off case (its registeredAt is null). */
export function caseOutcome(seedCase: SeedCase, jurisdiction: Jurisdiction, systemTime: number): CaseOutcome {
  const steps = effectiveSteps(seedCase);
  const of = (...types: string[]) => steps.filter((step) => types.includes(step.stepType));
  const termination = earliest(of('proceedings_terminated'));
  const indictedAt = earliest(of('indictment'))?.at;
  const resumptions = of('proceedings_resumed').map((step) => step.at);
  return {
    key: seedCase.key,
    categories: flowCase(seedCase, jurisdiction, systemTime).categories,
    registeredAt: seedCase.registeredAt === null ? systemTime : Date.parse(seedCase.registeredAt),
    ...(termination ? { terminated: { at: termination.at, ground: typeof termination.details.ground === 'string' ? termination.details.ground : 'unknown' } } : {}),
    indictedAt,
    verdictAt: indictedAt === undefined ? undefined : earliest(of('verdict').filter((step) => step.at >= indictedAt))?.at,
    decidedAt: earliest(of('verdict', 'proceedings_terminated'))?.at,
    suspensions: of('proceedings_suspended').map((step) => {
      const to = resumptions.filter((at) => at >= step.at);
      return { from: step.at, ...(to.length ? { to: Math.min(...to) } : {}) };
    }),
  };
}

const DAY = 86_400_000;

/**
 * A case's duration over a span in whole days, and when the span ended; none when the span has
 * no start or end, or ends before it starts. Suspended time within the span does not count; what
 * is left is rounded down to whole days.
 */
export function spanDuration(outcome: CaseOutcome, span: Span): { endedAt: number; days: number } | undefined {
  const [start, end] =
    span === 'registration_to_indictment'
      ? [outcome.registeredAt, outcome.indictedAt]
      : span === 'indictment_to_verdict'
        ? [outcome.indictedAt, outcome.verdictAt]
        : [outcome.registeredAt, outcome.decidedAt];
  if (start === undefined || end === undefined || end < start) return undefined;
  const suspended = outcome.suspensions.reduce((sum, { from, to }) => sum + Math.max(0, Math.min(to ?? end, end) - Math.max(from, start)), 0);
  return { endedAt: end, days: Math.floor((end - start - suspended) / DAY) };
}

/** The interpolated quantile (as percentile_cont) of the values, one decimal; undefined over none. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const [low, high] = [Math.floor(position), Math.ceil(position)];
  return Math.round((sorted[low] + (position - low) * (sorted[high] - sorted[low])) * 10) / 10;
}

/** The cases in a cell's categories (the total taking every one). */
function inCategories(outcomes: readonly CaseOutcome[], by: readonly (Breakdown | 'ground')[], codes: readonly string[]): CaseOutcome[] {
  return outcomes.filter((outcome) =>
    by.every((breakdown, index) => codes[index] === TOTAL || (breakdown === 'ground' ? outcome.terminated?.ground : outcome.categories[breakdown]) === codes[index]),
  );
}

/** cases_terminated in a cell: each case once, in the period of its first effective termination. */
export function terminatedIn(outcomes: readonly CaseOutcome[], period: Period, by: readonly (Breakdown | 'ground')[], codes: readonly string[]): number {
  return inCategories(outcomes, by, codes).filter(({ terminated }) => terminated && terminated.at >= period.start && terminated.at < period.end).length;
}

/** A duration quantile in a cell, over the cases whose span ended in the period (`value` undefined over none). */
export function durationIn(outcomes: readonly CaseOutcome[], span: Span, q: number, period: Period, by: readonly Breakdown[], codes: readonly string[]): { value?: number; observations: number } {
  const days = inCategories(outcomes, by, codes).flatMap((outcome) => {
    const duration = spanDuration(outcome, span);
    return duration && duration.endedAt >= period.start && duration.endedAt < period.end ? [duration.days] : [];
  });
  return { value: quantile(days, q), observations: days.length };
}
