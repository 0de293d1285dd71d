import type { LogCommunityWork, RecordAssessment, RecordContact, ScheduleContact, SetPlan } from './commands';
import { decide } from './decide';
import { entry } from './entries';
import {
  allocated, assessed, attended, context, daysAfterSentence, givenCase, NOW, openedCommunityWork, scheduled, supervised,
} from './probation-pack.fixtures';

const AT = daysAfterSentence(30);

describe('setPlan', () => {
  const plan = (items: SetPlan['items']): SetPlan => ({ type: 'setPlan', occurredAt: AT, items });

  it('replaces the plan, each item measured as its obligation says', () => {
    const items = [{ obligation: 'reporting', everyDays: 14 }, { obligation: 'curfew' }, { obligation: 'treatment', dueOn: '2026-06-30' }];
    expect(decide(supervised(), plan(items), context())).toEqual({ ok: true, entries: [entry('plan_set', AT, { items })] });
  });

  it('takes hours up to those ordered on a community-work case', () => {
    const state = givenCase([openedCommunityWork(40), allocated()]);
    expect(decide(state, plan([{ obligation: 'community_work', hours: 40 }]), context())).toMatchObject({ ok: true });
    expect(decide(state, plan([{ obligation: 'community_work', hours: 41 }]), context())).toMatchObject({ ok: false, refusal: { field: 'items.0.hours' } });
  });

  it.each([
    [[], 'items'],
    [[{ obligation: 'dancing' }], 'items.0.obligation'],
    [[{ obligation: 'reporting' }], 'items.0.everyDays'],
    [[{ obligation: 'reporting', everyDays: 0 }], 'items.0.everyDays'],
    [[{ obligation: 'reporting', everyDays: 7, dueOn: '2026-05-01' }], 'items.0.dueOn'],
    [[{ obligation: 'curfew', hours: 3 }], 'items.0.hours'],
    [[{ obligation: 'treatment' }], 'items.0.dueOn'],
    [[{ obligation: 'curfew' }, { obligation: 'treatment', dueOn: '2026-02-01' }], 'items.1.dueOn'],
    [[{ obligation: 'curfew' }, { obligation: 'curfew' }], 'items'],
  ])('refuses the items %j, naming %s', (items, field) => {
    expect(decide(supervised(), plan(items as SetPlan['items']), context())).toMatchObject({ ok: false, refusal: { field } });
  });
});

describe('scheduleContact', () => {
  const schedule = (overrides: Partial<ScheduleContact> = {}): ScheduleContact => ({
    type: 'scheduleContact',
    occurredAt: AT,
    contactId: 'c-2',
    contactKind: 'home_visit',
    scheduledFor: '2026-05-01T05:00:00Z',
    ...overrides,
  });

  it('schedules a contact for a time to come', () => {
    expect(decide(supervised(), schedule(), context())).toEqual({ ok: true, entries: [entry('contact_scheduled', AT, { contactId: 'c-2', contactKind: 'home_visit', scheduledFor: '2026-05-01T05:00:00Z' })] });
  });

  it.each([
    [{ contactId: 'c-1' }, 'already-done', 'contactId'],
    [{ contactId: '' }, 'invalid-command', 'contactId'],
    [{ contactKind: 'telepathy' }, 'unknown-code', 'contactKind'],
    [{ scheduledFor: 'next week' }, 'invalid-command', 'scheduledFor'],
    [{ scheduledFor: '2026-02-01T05:00:00Z' }, 'occurred-too-early', 'scheduledFor'],
  ])('refuses %j', (overrides, code, field) => {
    expect(decide(supervised(scheduled('c-1')), schedule(overrides), context())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});

describe('recordContact', () => {
  const record = (overrides: Partial<RecordContact> = {}): RecordContact => ({ type: 'recordContact', occurredAt: AT, contactKind: 'office_appointment', outcome: 'attended', ...overrides });

  it('records an attended contact, scheduled or not', () => {
    expect(decide(supervised(scheduled('c-1')), record({ contactId: 'c-1' }), context())).toEqual({
      ok: true,
      entries: [entry('contact_recorded', AT, { contactId: 'c-1', contactKind: 'office_appointment', outcome: 'attended' })],
    });
    expect(decide(supervised(), record({ contactKind: 'phone', note: 'called back' }), context())).toMatchObject({ ok: true, entries: [{ details: { contactKind: 'phone', note: 'called back' } }] });
  });

  it.each([
    ['illness', true],
    ['no_reason', false],
  ])('takes from the pack whether a contact missed for %s is excused (%s)', (missedReason, excused) => {
    expect(decide(supervised(), record({ outcome: 'missed', missedReason }), context())).toMatchObject({ ok: true, entries: [{ details: { outcome: 'missed', missedReason, excused } }] });
  });

  it('refuses a scheduled contact whose time has not come: it has not happened', () => {
    const state = supervised(scheduled('c-1', new Date(NOW.getTime() + 3_600_000).toISOString()));
    expect(decide(state, record({ contactId: 'c-1', occurredAt: NOW.toISOString() }), context())).toMatchObject({ ok: false, refusal: { code: 'future-date', field: 'contactId' } });
  });

  it.each([
    [{ contactKind: 'telepathy' }, 'unknown-code', 'contactKind'],
    [{ outcome: 'postponed' as never }, 'invalid-command', 'outcome'],
    [{ contactId: 'c-7' }, 'missing-prerequisite', 'contactId'],
    [{ contactId: 'c-1', contactKind: 'phone' }, 'invalid-command', 'contactKind'],
    [{ outcome: 'missed' as const }, 'invalid-command', 'missedReason'],
    [{ outcome: 'missed' as const, missedReason: 'weather' }, 'unknown-code', 'missedReason'],
    [{ missedReason: 'illness' }, 'invalid-command', 'missedReason'],
    [{ note: 'x'.repeat(2001) }, 'invalid-command', 'note'],
  ])('refuses %j', (overrides, code, field) => {
    expect(decide(supervised(scheduled('c-1')), record(overrides), context())).toMatchObject({ ok: false, refusal: { code, field } });
  });

  it('refuses recording a scheduled contact twice (409)', () => {
    expect(decide(supervised(scheduled('c-1'), attended(undefined, 'c-1')), record({ contactId: 'c-1' }), context())).toMatchObject({ ok: false, refusal: { status: 409, field: 'contactId' } });
  });
});

describe('logCommunityWork', () => {
  const log = (overrides: Partial<LogCommunityWork> = {}): LogCommunityWork => ({ type: 'logCommunityWork', occurredAt: AT, workedOn: '2026-03-30', hours: 8, ...overrides });
  const working = (...more: ReturnType<typeof entry>[]) => givenCase([openedCommunityWork(20), allocated(), ...more]);
  const worked = (hours: number) => entry('community_work_logged', daysAfterSentence(10), { workedOn: '2026-03-10', hours });

  it('logs hours worked on a community-work case', () => {
    expect(decide(working(), log(), context())).toEqual({ ok: true, entries: [entry('community_work_logged', AT, { workedOn: '2026-03-30', hours: 8 })] });
    expect(decide(working(worked(12)), log(), context())).toMatchObject({ ok: true });
  });

  it('never beyond the hours ordered', () => {
    expect(decide(working(worked(16)), log({ hours: 5 }), context())).toMatchObject({ ok: false, refusal: { code: 'hours-exceeded', field: 'hours' } });
  });

  it('only on a community-work case', () => {
    expect(decide(supervised(), log(), context())).toMatchObject({ ok: false, refusal: { code: 'wrong-case-type' } });
  });

  it.each([
    [{ hours: 0 }, 'invalid-command', 'hours'],
    [{ hours: 25 }, 'invalid-command', 'hours'],
    [{ hours: 1.5 }, 'invalid-command', 'hours'],
    [{ workedOn: '2026-04-01' }, 'future-date', 'workedOn'],
    [{ workedOn: '2026-02-28' }, 'occurred-too-early', 'workedOn'],
    [{ workedOn: '30/03/2026' }, 'invalid-command', 'workedOn'],
  ])('refuses %j', (overrides, code, field) => {
    expect(decide(working(), log(overrides), context())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});

describe('recordAssessment', () => {
  const assess = (overrides: Partial<RecordAssessment> = {}): RecordAssessment => ({
    type: 'recordAssessment',
    occurredAt: AT,
    instrument: 'needs',
    instrumentVersion: 1,
    purpose: 'intake',
    answers: { housing: 'none', work: 'some' },
    ...overrides,
  });

  it('scores the answers and sets the next one by the band', () => {
    // 2 + 1 = 3: medium, every 3 months from 31 March (in Bishkek).
    expect(decide(supervised(), assess(), context())).toEqual({
      ok: true,
      entries: [entry('assessment_recorded', AT, { instrument: 'needs', instrumentVersion: 1, purpose: 'intake', score: 3, band: 'medium', nextDueOn: '2026-06-30', answers: { housing: 'none', work: 'some' } })],
    });
  });

  it('takes a reassessment after the intake one', () => {
    expect(decide(supervised(assessed()), assess({ purpose: 'reassessment', answers: { housing: 'stable', work: 'employed' } }), context())).toMatchObject({
      ok: true,
      entries: [{ details: { purpose: 'reassessment', score: 0, band: 'low', nextDueOn: '2026-09-30' } }],
    });
  });

  it.each([
    ['an intake assessment twice', [assessed()], {}, 'already-done', 'purpose'],
    ['a reassessment first', [], { purpose: 'reassessment' as const }, 'missing-prerequisite', 'purpose'],
    ['an unknown purpose', [], { purpose: 'curiosity' as never }, 'invalid-command', 'purpose'],
    ['an unknown instrument', [], { instrument: 'lsi' }, 'unknown-code', 'instrument'],
    ['a version not yet valid', [], { instrumentVersion: 2 }, 'invalid-command', 'instrumentVersion'],
    ['an unanswered item', [], { answers: { housing: 'none' } }, 'invalid-answers', 'answers.work'],
    ['an answer the item does not have', [], { answers: { housing: 'castle', work: 'some' } }, 'invalid-answers', 'answers.housing'],
    ['no answers', [], { answers: null as never }, 'invalid-answers', 'answers'],
  ])('refuses %s', (_, more, overrides, code, field) => {
    expect(decide(supervised(...more), assess(overrides), context())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});
