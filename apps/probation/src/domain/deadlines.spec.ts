import type { ProbationDeadlineRule } from '@icjims/jurisdiction';
import { deadlineStatus, dueBetween, planDue, trackDeadlines } from './deadlines';
import { entry } from './entries';
import {
  absconded, allocated, annulled, assessed, attended, daysAfterSentence, ended, givenCase, givenReport, opened, requested, submitted, supervised, TEST_PACK, violation, ZONE,
} from './probation-pack.fixtures';

const clocks = (state: { deadlines: unknown[] }) => state.deadlines;

describe('deadline clocks of a probation case', () => {
  it('start with the opening: the first meeting within 10 days, the end of the term on endsOn', () => {
    expect(clocks(givenCase([opened()]))).toEqual([
      { rule: 'first_meeting', startedAt: '2026-03-01T04:00:00.000Z', dueOn: '2026-03-11', warnFrom: '2026-03-08' },
      { rule: 'term_end', startedAt: '2026-03-01T04:00:00.000Z', dueOn: '2027-03-01', warnFrom: '2027-02-01', field: 'endsOn' },
    ]);
  });

  it('count days in the pack zone: opened at 00:30 on 2 March in Bishkek is due on the 12th', () => {
    expect(givenCase([opened({}, '2026-03-01T18:30:00.000Z')]).deadlines[0]).toMatchObject({ dueOn: '2026-03-12' });
  });

  it('are met by what the rule says: an attended contact, not a missed one', () => {
    const missed = entry('contact_recorded', daysAfterSentence(4), { contactKind: 'phone', outcome: 'missed', excused: false, missedReason: 'no_reason' });
    expect(givenCase([opened(), allocated(), missed]).deadlines[0].metAt).toBeUndefined();
    expect(givenCase([opened(), allocated(), missed, attended(daysAfterSentence(5))]).deadlines[0]).toMatchObject({ rule: 'first_meeting', metAt: daysAfterSentence(5) });
  });

  it('restart reassessment with every assessment, due by its band', () => {
    const state = supervised(assessed(daysAfterSentence(6), '2026-09-07'), assessed(daysAfterSentence(100), '2026-09-09', 'reassessment'));
    expect(state.deadlines.filter((clock) => clock.rule === 'reassessment')).toEqual([
      { rule: 'reassessment', startedAt: daysAfterSentence(6), dueOn: '2026-09-07', warnFrom: '2026-08-24', field: 'nextDueOn', metAt: daysAfterSentence(100) },
      { rule: 'reassessment', startedAt: daysAfterSentence(100), dueOn: '2026-09-09', warnFrom: '2026-08-26', field: 'nextDueOn' },
    ]);
  });

  it('start no reassessment for an assessment with none due', () => {
    const none = entry('assessment_recorded', daysAfterSentence(6), { instrument: 'needs', instrumentVersion: 1, purpose: 'intake', score: 0, band: 'low' });
    expect(supervised(none).deadlines.map((clock) => clock.rule)).toEqual(['first_meeting', 'term_end']);
  });

  it('move the end of the term with a correction and with a granted extension', () => {
    const amended = entry('amended', daysAfterSentence(3), { sourceStepId: 'step-1', correctionStepId: 'c', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01' });
    expect(supervised(amended).deadlines[1]).toMatchObject({ rule: 'term_end', dueOn: '2026-09-01', warnFrom: '2026-08-01' });
    const extended = entry('court_decided', daysAfterSentence(25), { submissionId: 's-1', request: 'extension', granted: true, extensionMonths: 2, endsOn: '2027-05-01' });
    expect(supervised(violation(), ...submitted(), extended).deadlines[1]).toMatchObject({ rule: 'term_end', dueOn: '2027-05-01' });
  });

  it('are met by the end of the term and stopped by any other end or an annulment', () => {
    const done = supervised(attended(), ended('completed', '2027-03-01T04:00:00.000Z', '2027-03-01'));
    expect(done.deadlines.map(({ rule, metAt, stoppedAt }) => ({ rule, met: Boolean(metAt), stopped: Boolean(stoppedAt) }))).toEqual([
      { rule: 'first_meeting', met: true, stopped: false },
      { rule: 'term_end', met: true, stopped: false },
    ]);
    expect(supervised(annulled()).deadlines.every((clock) => clock.stoppedAt === daysAfterSentence(30))).toBe(true);
    expect(supervised(absconded()).deadlines.every((clock) => clock.stoppedAt === undefined)).toBe(true);
  });

  it('remember a recorded breach, and keep running until met late', () => {
    const breach = entry('deadline_breached', daysAfterSentence(11), { rule: 'first_meeting', dueOn: '2026-03-11' });
    const state = supervised(breach, attended(daysAfterSentence(12)));
    expect(state.deadlines[0]).toMatchObject({ breached: true, metAt: daysAfterSentence(12) });
    expect(deadlineStatus(state.deadlines, '2026-03-20', ZONE).met).toEqual([{ rule: 'first_meeting', dueOn: '2026-03-11', metAt: daysAfterSentence(12), late: true }]);
  });

  it('follow rules of other terms: hours, months, and ignore the other stream rules', () => {
    const rules: ProbationDeadlineRule[] = [
      { ...TEST_PACK.deadlineRules[0], code: 'call', term: { amount: 48, unit: 'hours' }, warnBefore: { amount: 12, unit: 'hours' } },
      { ...TEST_PACK.deadlineRules[0], code: 'month', term: { amount: 1, unit: 'months' } },
      { ...TEST_PACK.deadlineRules[3] },
    ];
    expect(trackDeadlines([], opened({}, '2026-01-31T04:00:00.000Z'), 'probation_case', rules, ZONE)).toEqual([
      { rule: 'call', startedAt: '2026-01-31T04:00:00.000Z', dueOn: '2026-02-02', warnFrom: '2026-02-02' },
      { rule: 'month', startedAt: '2026-01-31T04:00:00.000Z', dueOn: '2026-02-28', warnFrom: '2026-02-25' },
    ]);
  });
});

describe('deadline clocks of a pre-sentence report', () => {
  it('run to its due date, met by the submission', () => {
    expect(givenReport([requested('2026-04-20')]).deadlines).toEqual([{ rule: 'report_due', startedAt: '2026-04-01T04:00:00.000Z', dueOn: '2026-04-20', warnFrom: '2026-04-18', field: 'dueOn' }]);
    const done = givenReport([requested('2026-04-20'), entry('report_submitted', '2026-04-19T04:00:00.000Z', { recommendation: 'r', dueOn: '2026-04-20', onTime: true })]);
    expect(done.deadlines[0].metAt).toBe('2026-04-19T04:00:00.000Z');
  });
});

describe('deadlineStatus', () => {
  const state = supervised();

  it('lists what runs, warning from warnFrom and overdue after the due date', () => {
    expect(deadlineStatus(state.deadlines, '2026-03-07', ZONE).running[0]).toEqual({ rule: 'first_meeting', dueOn: '2026-03-11', warnFrom: '2026-03-08', overdue: false, warning: false, breached: false });
    expect(deadlineStatus(state.deadlines, '2026-03-08', ZONE).running[0]).toMatchObject({ warning: true, overdue: false });
    expect(deadlineStatus(state.deadlines, '2026-03-11', ZONE)).toMatchObject({ running: [{ overdue: false }, { overdue: false }], toBreach: [] });
  });

  it('lists what is newly breached, each once', () => {
    expect(deadlineStatus(state.deadlines, '2026-03-12', ZONE).toBreach).toEqual([{ rule: 'first_meeting', dueOn: '2026-03-11' }]);
    const recorded = supervised(entry('deadline_breached', daysAfterSentence(11), { rule: 'first_meeting', dueOn: '2026-03-11' }));
    expect(deadlineStatus(recorded.deadlines, '2026-03-12', ZONE)).toMatchObject({ toBreach: [], running: [{ rule: 'first_meeting', overdue: true, breached: true }, { rule: 'term_end' }] });
  });

  it('lists nothing to breach once met', () => {
    expect(deadlineStatus(supervised(attended()).deadlines, '2026-04-01', ZONE)).toMatchObject({ toBreach: [], met: [{ rule: 'first_meeting', late: false }] });
  });
});

describe('dueBetween', () => {
  it('lists what falls due in the days asked for, in date order', () => {
    const state = supervised(assessed(daysAfterSentence(6), '2026-03-10'));
    expect(dueBetween(state.deadlines, '2026-03-09', '2026-03-15', '2026-03-12')).toEqual([
      { rule: 'reassessment', dueOn: '2026-03-10', warnFrom: '2026-02-24', overdue: true, warning: true, breached: false },
      { rule: 'first_meeting', dueOn: '2026-03-11', warnFrom: '2026-03-08', overdue: true, warning: true, breached: false },
    ]);
    expect(dueBetween(state.deadlines, '2027-02-22', '2027-03-01', '2027-02-22').map((due) => due.rule)).toEqual(['term_end']);
    expect(dueBetween(supervised(attended()).deadlines, '2026-03-09', '2026-03-15', '2026-03-12')).toEqual([]);
  });
});

describe('planDue', () => {
  const plan = entry('plan_set', daysAfterSentence(2), { items: [{ obligation: 'reporting', everyDays: 14 }, { obligation: 'curfew' }, { obligation: 'treatment', dueOn: '2026-06-30' }] });

  it('counts a reporting interval from the allocation, then from the last attended contact', () => {
    // Allocated at 10:00 on 2 March in Bishkek.
    expect(planDue(supervised(plan), ZONE)).toEqual([
      { obligation: 'reporting', dueOn: '2026-03-16' },
      { obligation: 'treatment', dueOn: '2026-06-30' },
    ]);
    const missed = entry('contact_recorded', daysAfterSentence(20), { contactKind: 'phone', outcome: 'missed', excused: true, missedReason: 'illness' });
    expect(planDue(supervised(plan, attended(daysAfterSentence(10)), missed), ZONE)[0]).toEqual({ obligation: 'reporting', dueOn: '2026-03-25' });
  });

  it('lists nothing once the case has ended', () => {
    expect(planDue(supervised(plan, ended()), ZONE)).toEqual([]);
  });
});
