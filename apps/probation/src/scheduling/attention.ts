import { FINAL_CASE_STATUSES, FINAL_REPORT_STATUSES, isRunning, pendingSubmissions, ProbationStreamState } from '../domain';

/** The calendar day after `date` (YYYY-MM-DD): a deadline due on `date` is breached from then on. */
export function dayAfter(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * The first day (YYYY-MM-DD in the pack's zone) on which the daily round has something to give
 * the stream: a deadline that will have passed unmet and is not yet recorded as breached (the
 * day after it is due), or — for a running case that nobody holds up (not absconding, no
 * revocation or extension before the court) — its completion: the end of the term, or `today`
 * once a community-work case's ordered hours are worked. Null when there is nothing to come.
 * Kept in the head's `attention_on` with every append, so a round reads one index, not every
 * state.
 */
export function attentionOn(state: ProbationStreamState, today: string): string | null {
  const days = state.deadlines.filter((clock) => isRunning(clock) && !clock.breached).map((clock) => dayAfter(clock.dueOn));
  if (state.stream === 'probation_case' && state.version > 0 && !FINAL_CASE_STATUSES.includes(state.status) && state.status !== 'absconded') {
    const heldUp = pendingSubmissions(state, 'revocation', 'extension').length > 0;
    const work = state.communityWork;
    if (!heldUp && work) {
      if (work.worked >= work.ordered) days.push(today);
    } else if (!heldUp && state.endsOn) days.push(state.endsOn);
  }
  if (state.stream === 'pre_sentence_report' && FINAL_REPORT_STATUSES.includes(state.status)) return null;
  return days.length ? days.reduce((first, day) => (day < first ? day : first)) : null;
}
