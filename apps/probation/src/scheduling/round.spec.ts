import { entry } from '../domain';
import {
  absconded, allocated, attended, ended, givenCase, givenReport, opened, openedCommunityWork, requested, submitted, supervised, TEST_PACK, violation, ZONE,
} from '../domain/probation-pack.fixtures';
import { attentionOn, dayAfter } from './attention';
import { roundWork } from './round';

/** The first meeting of the fixture case is due on 11 March 2026; its term ends on 1 March 2027. */
const TERM_END = '2027-03-01';
const work = (state: Parameters<typeof roundWork>[0], today: string) => roundWork(state, today, TEST_PACK, ZONE);
const met = supervised(attended());
const revocationPending = supervised(attended(), violation(), ...submitted('s-1', 'revocation'));

describe('dayAfter', () => {
  it.each([
    ['2026-03-11', '2026-03-12'],
    ['2026-02-28', '2026-03-01'],
    ['2028-02-28', '2028-02-29'],
    ['2026-12-31', '2027-01-01'],
  ])('%s → %s', (date, next) => expect(dayAfter(date)).toBe(next));
});

describe('attentionOn: the first day the round has something to give a stream', () => {
  it('is the day after the first unmet deadline, before the term ends', () => {
    expect(attentionOn(supervised(), '2026-03-05')).toBe('2026-03-12');
  });

  it('is the end of the term once the deadlines before it are met', () => {
    expect(attentionOn(met, '2026-04-01')).toBe(TERM_END);
  });

  it('leaves a breached deadline alone: it is recorded once', () => {
    const breached = supervised(entry('deadline_breached', '2026-03-12T04:00:00.000Z', { rule: 'first_meeting', dueOn: '2026-03-11' }));
    expect(attentionOn(breached, '2026-03-12')).toBe(TERM_END);
  });

  it('while a revocation is pending or the person is absconding, is only the day after the term’s end (its breach), not the completion', () => {
    expect(attentionOn(revocationPending, '2026-04-01')).toBe(dayAfter(TERM_END));
    expect(attentionOn(supervised(attended(), absconded()), '2026-04-01')).toBe(dayAfter(TERM_END));
  });

  it('is today for a community-work case whose ordered hours are worked, and not before', () => {
    const working = givenCase([openedCommunityWork(8), allocated(), attended()]);
    expect(attentionOn(working, '2026-04-01')).not.toBe('2026-04-01');
    const worked = givenCase([openedCommunityWork(8), allocated(), attended(), entry('community_work_logged', '2026-03-10T04:00:00.000Z', { workedOn: '2026-03-10', hours: 8 })]);
    expect(attentionOn(worked, '2026-04-01')).toBe('2026-04-01');
  });

  it('is today once a correction lowers a community-work order to the hours already worked, and the round completes the case', () => {
    const logged = entry('community_work_logged', '2026-03-10T04:00:00.000Z', { workedOn: '2026-03-10', hours: 6 });
    const lowered = entry('amended', '2026-03-12T04:00:00.000Z', {
      sourceStepId: 'step-1', correctionStepId: 'corr-1', termMonths: 6, startsOn: '2026-03-01', endsOn: '2026-09-01', caseType: 'community_work', obligations: ['community_work'], communityWorkHours: 5,
    });
    const served = givenCase([openedCommunityWork(40), allocated(), attended(), logged, lowered]);
    expect(attentionOn(served, '2026-04-01')).toBe('2026-04-01');
    expect(work(served, '2026-04-01')).toMatchObject({ complete: true });
  });

  it('is null for an ended case and a submitted report, and the day after the due date for a report', () => {
    expect(attentionOn(supervised(ended()), '2026-04-01')).toBeNull();
    expect(attentionOn(givenReport([requested('2026-04-20')]), '2026-04-02')).toBe('2026-04-21');
    expect(attentionOn(givenReport([requested('2026-04-20'), entry('report_withdrawn', '2026-04-03T04:00:00.000Z', { sourceStepId: 'step-r' })]), '2026-04-03')).toBeNull();
  });
});

describe('roundWork: what the round gives a stream on a day', () => {
  it('gives nothing before anything is due', () => {
    expect(work(supervised(), '2026-03-11')).toEqual({ breaches: [], complete: false });
  });

  it('breaches a deadline the day after it was due, once', () => {
    expect(work(supervised(), '2026-03-12')).toEqual({ breaches: [{ rule: 'first_meeting', dueOn: '2026-03-11' }], complete: false });
    const recorded = supervised(entry('deadline_breached', '2026-03-12T04:00:00.000Z', { rule: 'first_meeting', dueOn: '2026-03-11' }));
    expect(work(recorded, '2026-03-13')).toEqual({ breaches: [], complete: false });
  });

  it('completes on the day the term ends, without breaching the term’s end, and late too', () => {
    expect(work(met, '2027-02-28')).toEqual({ breaches: [], complete: false });
    expect(work(met, TERM_END)).toEqual({ breaches: [], complete: true });
    expect(work(met, '2027-03-09')).toEqual({ breaches: [], complete: true });
  });

  it('breaches what ran out unmet before the completion stops every clock', () => {
    expect(work(supervised(), TERM_END)).toEqual({ breaches: [{ rule: 'first_meeting', dueOn: '2026-03-11' }], complete: true });
  });

  it('does not complete while a revocation is pending or the person is absconding: the term’s end is breached instead', () => {
    expect(work(revocationPending, TERM_END)).toEqual({ breaches: [], complete: false });
    expect(work(revocationPending, '2027-03-02')).toEqual({ breaches: [{ rule: 'term_end', dueOn: TERM_END }], complete: false });
    expect(work(supervised(attended(), absconded()), '2027-03-02')).toEqual({ breaches: [{ rule: 'term_end', dueOn: TERM_END }], complete: false });
  });

  it('gives an ended case nothing', () => {
    expect(work(givenCase([opened(), ended()]), '2027-06-01')).toEqual({ breaches: [], complete: false });
  });
});
