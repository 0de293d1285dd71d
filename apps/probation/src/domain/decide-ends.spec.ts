import { decide } from './decide';
import { entry } from './entries';
import {
  absconded, allocated, attended, context, daysAfterSentence, givenCase, opened, openedCommunityWork, submitted, supervised, systemContext, violation,
} from './probation-pack.fixtures';

const AT = daysAfterSentence(30);
/** A system context on a day (10:00 in Bishkek). */
const on = (date: string) => systemContext({ now: new Date(`${date}T04:00:00.000Z`) });
const complete = (date: string) => ({ type: 'completeAtTermEnd' as const, occurredAt: `${date}T04:00:00.000Z` });

describe('recordAbsconding and recordFound', () => {
  it('takes the person as absconding since a day, then found', () => {
    expect(decide(supervised(), { type: 'recordAbsconding', occurredAt: AT, since: '2026-03-28' }, context())).toEqual({ ok: true, entries: [entry('absconded', AT, { since: '2026-03-28' })] });
    expect(decide(supervised(absconded()), { type: 'recordFound', occurredAt: AT, on: '2026-03-30' }, context())).toEqual({ ok: true, entries: [entry('found', AT, { on: '2026-03-30' })] });
  });

  it.each([
    ['absconding twice', [absconded()], { type: 'recordAbsconding' as const, occurredAt: AT, since: '2026-03-28' }, 'already-done', undefined],
    ['absconding from a future day', [], { type: 'recordAbsconding' as const, occurredAt: AT, since: '2026-04-01' }, 'future-date', 'since'],
    ['absconding before the term', [], { type: 'recordAbsconding' as const, occurredAt: AT, since: '2026-02-01' }, 'occurred-too-early', 'since'],
    ['found when not absconding', [], { type: 'recordFound' as const, occurredAt: AT, on: '2026-03-30' }, 'wrong-status', undefined],
    ['found before absconding', [absconded()], { type: 'recordFound' as const, occurredAt: AT, on: '2026-03-24' }, 'occurred-too-early', 'on'],
  ])('refuses %s', (_, given, command, code, field) => {
    const decision = decide(supervised(...given), command, context());
    expect(decision).toMatchObject({ ok: false, refusal: { code } });
    if (!decision.ok) expect(decision.refusal.field).toBe(field);
  });
});

describe('recordDeath', () => {
  it('ends the case, even before allocation or while absconding', () => {
    const died = { type: 'recordDeath' as const, occurredAt: AT, diedOn: '2026-03-29' };
    expect(decide(givenCase([opened()]), died, context())).toEqual({ ok: true, entries: [entry('ended', AT, { end: 'deceased', endedOn: '2026-03-29' })] });
    expect(decide(supervised(absconded()), died, context())).toMatchObject({ ok: true });
    expect(decide(supervised(), { ...died, diedOn: '2026-04-02' }, context())).toMatchObject({ ok: false, refusal: { code: 'future-date', field: 'diedOn' } });
  });
});

describe('completeAtTermEnd', () => {
  it('completes a case on the last day of its term, in the pack zone', () => {
    expect(decide(supervised(), complete('2027-03-01'), on('2027-03-01'))).toEqual({
      ok: true,
      entries: [entry('ended', '2027-03-01T04:00:00.000Z', { end: 'completed', endedOn: '2027-03-01' })],
    });
  });

  it('not a moment earlier: 23:30 on 28 February in Bishkek is still February', () => {
    const now = new Date('2027-02-28T17:30:00.000Z');
    expect(decide(supervised(), { type: 'completeAtTermEnd', occurredAt: now.toISOString() }, systemContext({ now }))).toMatchObject({ ok: false, refusal: { code: 'term-not-over' } });
  });

  it('completes late with the day the term ended', () => {
    expect(decide(supervised(), complete('2027-03-05'), on('2027-03-05'))).toMatchObject({ ok: true, entries: [{ details: { endedOn: '2027-03-01' } }] });
  });

  it.each([
    ['the person absconds', [absconded()], 'wrong-status'],
    ['a revocation is pending', [violation(), ...submitted('s-1', 'revocation')], 'wrong-status'],
    ['an extension is pending', [violation(), ...submitted('s-1', 'extension')], 'wrong-status'],
  ])('refuses while %s', (_, given, code) => {
    expect(decide(supervised(...given), complete('2027-03-05'), on('2027-03-05'))).toMatchObject({ ok: false, refusal: { code } });
  });

  it('completes while an early termination is pending: the term has run out anyway', () => {
    expect(decide(supervised(...submitted('s-1', 'early_termination', daysAfterSentence(21), undefined)), complete('2027-03-05'), on('2027-03-05'))).toMatchObject({ ok: true });
  });

  it('completes a community-work case when the hours are worked, not before', () => {
    const worked = (hours: number) => entry('community_work_logged', daysAfterSentence(10), { workedOn: '2026-03-10', hours });
    expect(decide(givenCase([openedCommunityWork(10), allocated(), worked(8)]), complete('2026-09-05'), on('2026-09-05'))).toMatchObject({
      ok: false,
      refusal: { code: 'term-not-over', reason: '8 of 10 ordered hours are worked' },
    });
    expect(decide(givenCase([openedCommunityWork(10), allocated(), worked(10)]), complete('2026-04-05'), on('2026-04-05'))).toEqual({
      ok: true,
      entries: [entry('ended', '2026-04-05T04:00:00.000Z', { end: 'completed', endedOn: '2026-04-05' })],
    });
  });
});

describe('breachDeadline', () => {
  const breach = (rule: string, dueOn: string, date: string) => ({ type: 'breachDeadline' as const, occurredAt: `${date}T04:00:00.000Z`, rule, dueOn });

  it('records a deadline passed unmet, once', () => {
    // First meeting within 10 days of 1 March: due 11 March.
    expect(decide(supervised(), breach('first_meeting', '2026-03-11', '2026-03-12'), on('2026-03-12'))).toEqual({
      ok: true,
      entries: [entry('deadline_breached', '2026-03-12T04:00:00.000Z', { rule: 'first_meeting', dueOn: '2026-03-11' })],
    });
    const breached = supervised(entry('deadline_breached', '2026-03-12T04:00:00.000Z', { rule: 'first_meeting', dueOn: '2026-03-11' }));
    expect(decide(breached, breach('first_meeting', '2026-03-11', '2026-03-13'), on('2026-03-13'))).toMatchObject({ ok: false, refusal: { status: 409, code: 'already-done' } });
  });

  it.each([
    ['on its due day', supervised(), breach('first_meeting', '2026-03-11', '2026-03-11'), 'invalid-command', 'dueOn'],
    ['once met', supervised(attended(daysAfterSentence(5))), breach('first_meeting', '2026-03-11', '2026-03-12'), 'missing-prerequisite', 'rule'],
    ['of another due date', supervised(), breach('first_meeting', '2026-03-10', '2026-03-12'), 'missing-prerequisite', 'rule'],
    ['of an unknown rule', supervised(), breach('lunch', '2026-03-10', '2026-03-12'), 'missing-prerequisite', 'rule'],
  ])('refuses a breach %s', (_, state, command, code, field) => {
    expect(decide(state, command, on(command.occurredAt.slice(0, 10)))).toMatchObject({ ok: false, refusal: { code, field } });
  });
});
