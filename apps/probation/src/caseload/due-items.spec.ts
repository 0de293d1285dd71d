import { entry } from '../domain';
import { attended, givenReport, requested, scheduled, supervised, ZONE } from '../domain/probation-pack.fixtures';
import { dueItems } from './due-items';

/** The fixture case: opened 1 March 2026 (10:00 Bishkek), allocated the next day; its first meeting is due on 11 March. */
const window = (from: string, to: string, today = from) => ({ from, to, today });

describe('dueItems: what a stream has due in a window', () => {
  it('lists a running deadline due in the window', () => {
    expect(dueItems(supervised(), window('2026-03-09', '2026-03-15'), ZONE)).toEqual([
      { kind: 'deadline', code: 'first_meeting', dueOn: '2026-03-11', overdue: false, breached: false },
    ]);
  });

  it('leaves out what falls outside the window, and what is met', () => {
    expect(dueItems(supervised(), window('2026-03-02', '2026-03-08'), ZONE)).toEqual([]);
    expect(dueItems(supervised(attended()), window('2026-03-09', '2026-03-15'), ZONE)).toEqual([]);
  });

  it('keeps listing what is overdue whatever the window, a breach marked as such', () => {
    const breached = supervised(entry('deadline_breached', '2026-03-12T04:00:00.000Z', { rule: 'first_meeting', dueOn: '2026-03-11' }));
    expect(dueItems(breached, window('2026-03-20', '2026-03-26'), ZONE)).toEqual([
      { kind: 'deadline', code: 'first_meeting', dueOn: '2026-03-11', overdue: true, breached: true },
    ]);
  });

  it('lists a scheduled contact on its day in the pack’s zone until it is recorded', () => {
    // 20:00 UTC on 5 March is 02:00 on 6 March in Bishkek.
    const state = supervised(scheduled('c-1', '2026-03-05T20:00:00.000Z'));
    expect(dueItems(state, window('2026-03-06', '2026-03-06'), ZONE)).toEqual([
      { kind: 'contact', code: 'office_appointment', dueOn: '2026-03-06', at: '2026-03-05T20:00:00.000Z', contactId: 'c-1', overdue: false, breached: false },
    ]);
    expect(dueItems(supervised(scheduled('c-1', '2026-03-05T20:00:00.000Z'), attended('2026-03-05T20:30:00.000Z', 'c-1')), window('2026-03-06', '2026-03-06'), ZONE)).toEqual([]);
  });

  it('lists the plan’s reporting from the allocation, and an item with a due date', () => {
    const plan = entry('plan_set', '2026-03-02T05:00:00.000Z', { items: [{ obligation: 'reporting', everyDays: 7 }, { obligation: 'curfew', dueOn: '2026-03-10' }] });
    const items = dueItems(supervised(plan), window('2026-03-09', '2026-03-11'), ZONE);
    expect(items.map(({ kind, code, dueOn }) => [kind, code, dueOn])).toEqual([
      ['plan_item', 'reporting', '2026-03-09'],
      ['plan_item', 'curfew', '2026-03-10'],
      ['deadline', 'first_meeting', '2026-03-11'],
    ]);
  });

  it('lists a report’s due date until it is submitted', () => {
    expect(dueItems(givenReport([requested('2026-04-20')]), window('2026-04-14', '2026-04-20'), ZONE)).toEqual([
      { kind: 'deadline', code: 'report_due', dueOn: '2026-04-20', overdue: false, breached: false },
    ]);
  });
});
