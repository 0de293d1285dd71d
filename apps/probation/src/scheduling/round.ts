import type { ProbationPack } from '@icjims/jurisdiction';
import { deadlineStatus, FINAL_CASE_STATUSES, matches, pendingSubmissions, ProbationCaseState, ProbationStreamState } from '../domain';

/** What the daily round gives one stream today: the deadlines to record as breached (in due order), then the completion. */
export interface RoundWork {
  breaches: Array<{ rule: string; dueOn: string }>;
  complete: boolean;
}

/** A running case whose term has run out (or whose ordered hours are worked) and that nobody holds up: absconding, a revocation or extension before the court. */
export function completesToday(state: ProbationCaseState, today: string): boolean {
  if (state.version === 0 || FINAL_CASE_STATUSES.includes(state.status) || state.status === 'absconded') return false;
  if (pendingSubmissions(state, 'revocation', 'extension').length > 0) return false;
  const work = state.communityWork;
  return work ? work.worked >= work.ordered : state.endsOn !== '' && today >= state.endsOn;
}

/**
 * The round's work on a stream on `today` (YYYY-MM-DD in the pack's zone). Breaches come first,
 * as the completion stops every clock; a clock the completion itself meets (the term's end, met
 * by `ended`) is not breached, since the case completes on the day its term ended.
 */
export function roundWork(state: ProbationStreamState, today: string, pack: ProbationPack, timeZone: string): RoundWork {
  const complete = state.stream === 'probation_case' && completesToday(state, today);
  const metByCompletion = new Set(
    pack.deadlineRules
      .filter((rule) => rule.stream === state.stream && rule.metBy.some((match) => matches(match, 'ended', { end: 'completed' })))
      .map((rule) => rule.code),
  );
  const breaches = deadlineStatus(state.deadlines, today, timeZone)
    .toBreach.filter((clock) => !(complete && metByCompletion.has(clock.rule)))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.rule.localeCompare(b.rule));
  return { breaches, complete };
}
