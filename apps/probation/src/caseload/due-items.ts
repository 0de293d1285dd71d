import { localDate } from '@icjims/jurisdiction';
import { isRunning, planDue, ProbationStreamState } from '../domain';

/** What a due list holds: a scheduled contact, an item of the plan, or a deadline of the pack (first meeting, assessments, report due, term end …). */
export type DueKind = 'contact' | 'plan_item' | 'deadline';

export interface DueItem {
  kind: DueKind;
  /** The contact kind, the plan's obligation or the deadline rule: a pack code. */
  code: string;
  /** YYYY-MM-DD in the pack's zone. */
  dueOn: string;
  /** A contact's scheduled instant. */
  at?: string;
  contactId?: string;
  /** Past its day and not done. */
  overdue: boolean;
  /** A deadline recorded as breached (it stays listed until met). */
  breached: boolean;
}

/** The window of a due list: `from` to `to` inclusive, and `today` for what is overdue (all YYYY-MM-DD in the pack's zone). */
export interface DueWindow {
  from: string;
  to: string;
  today: string;
}

/** Listed when due within the window, or overdue whatever its day: what is late never drops off a list. */
const listed = (dueOn: string, window: DueWindow) => dueOn <= window.to && (dueOn >= window.from || dueOn < window.today);

/**
 * What a stream has due in a window, soonest first: its scheduled contacts not yet recorded, the
 * items of its plan, and its running deadlines — read from the state kept with the head, never
 * from the journal.
 */
export function dueItems(state: ProbationStreamState, window: DueWindow, timeZone: string): DueItem[] {
  const items: DueItem[] = state.deadlines
    .filter((clock) => isRunning(clock) && listed(clock.dueOn, window))
    .map((clock) => ({ kind: 'deadline', code: clock.rule, dueOn: clock.dueOn, overdue: clock.dueOn < window.today, breached: clock.breached === true }));
  if (state.stream === 'probation_case') {
    for (const [contactId, contact] of Object.entries(state.contacts)) {
      const dueOn = localDate(new Date(contact.scheduledFor), timeZone);
      if (contact.outcome === undefined && listed(dueOn, window)) {
        items.push({ kind: 'contact', code: contact.contactKind, dueOn, at: contact.scheduledFor, contactId, overdue: dueOn < window.today, breached: false });
      }
    }
    for (const item of planDue(state, timeZone)) {
      if (listed(item.dueOn, window)) items.push({ kind: 'plan_item', code: item.obligation, dueOn: item.dueOn, overdue: item.dueOn < window.today, breached: false });
    }
  }
  return items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
}
