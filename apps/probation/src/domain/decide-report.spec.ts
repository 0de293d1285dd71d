import type { ReportCommand } from './commands';
import { decide, REPORT_COMMANDS } from './decide';
import { entry } from './entries';
import { deadlineStatus } from './deadlines';
import { applyEntries } from './decide';
import { context, drafted, givenReport, OTHER_OFFICER, reportAmended, reportAssigned, requested, systemContext, ZONE } from './probation-pack.fixtures';
import { newPreSentenceReport } from './stream-state';

const AT = '2026-04-10T04:00:00.000Z';
const ONE_OF_EACH: { [T in ReportCommand['type']]: Extract<ReportCommand, { type: T }> } = {
  requestReport: { type: 'requestReport', occurredAt: '2026-04-01T04:00:00.000Z', sourceStepId: 'step-r', requestedBy: 'court', dueOn: '2026-04-20' },
  amendReport: { type: 'amendReport', occurredAt: AT, correctionStepId: 'corr-r', dueOn: '2026-04-27' },
  assignReport: { type: 'assignReport', occurredAt: AT, office: 'PR-A-01', officerId: 'officer-a2' },
  draftReportSection: { type: 'draftReportSection', occurredAt: AT, section: 'recommendation', text: 'Suitable for supervision.' },
  submitReport: { type: 'submitReport', occurredAt: AT, recommendation: 'supervision_suitable' },
  withdrawReport: { type: 'withdrawReport', occurredAt: AT },
  breachDeadline: { type: 'breachDeadline', occurredAt: AT, rule: 'report_due', dueOn: '2026-04-05' },
};
const SYSTEM = new Set(['requestReport', 'amendReport', 'breachDeadline']);
const contextFor = (type: string) => (SYSTEM.has(type) ? systemContext() : context());
const fresh = () => newPreSentenceReport({ caseId: 'c', region: 'KG-A' });
const allDrafted = () => givenReport([requested(), reportAssigned(), drafted('personal_circumstances'), drafted('risk_and_needs'), drafted('recommendation')]);

describe('a pre-sentence report', () => {
  it('has a rule for every command', () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual([...REPORT_COMMANDS].sort());
  });

  it('is requested by the system from the requesting step', () => {
    expect(decide(fresh(), ONE_OF_EACH.requestReport, systemContext())).toEqual({
      ok: true,
      entries: [entry('report_requested', '2026-04-01T04:00:00.000Z', { sourceStepId: 'step-r', requestedBy: 'court', dueOn: '2026-04-20' })],
    });
    expect(decide(fresh(), ONE_OF_EACH.requestReport, context())).toMatchObject({ ok: false, refusal: { status: 403, code: 'system-only' } });
  });

  it.each([
    [{ requestedBy: 'neighbour' }, 'unknown-code', 'requestedBy'],
    [{ dueOn: '2026-03-31' }, 'occurred-too-early', 'dueOn'],
    [{ dueOn: 'soon' }, 'invalid-command', 'dueOn'],
    [{ sourceStepId: '' }, 'invalid-command', 'sourceStepId'],
  ])('refuses a request with %j', (overrides, code, field) => {
    expect(decide(fresh(), { ...ONE_OF_EACH.requestReport, ...overrides }, systemContext())).toMatchObject({ ok: false, refusal: { code, field } });
  });

  it.each(REPORT_COMMANDS.filter((type) => type !== 'requestReport'))('refuses %s before the request', (type) => {
    expect(decide(fresh(), ONE_OF_EACH[type], contextFor(type))).toMatchObject({ ok: false, refusal: { code: 'missing-prerequisite' } });
  });

  it('refuses a second request (409)', () => {
    expect(decide(givenReport([requested()]), ONE_OF_EACH.requestReport, systemContext())).toMatchObject({ ok: false, refusal: { status: 409 } });
  });

  it('is assigned, then reassigned within the office or transferred', () => {
    expect(decide(givenReport([requested()]), ONE_OF_EACH.assignReport, context())).toEqual({
      ok: true,
      entries: [entry('allocated', AT, { office: 'PR-A-01', officerId: 'officer-a2', kind: 'initial', region: 'KG-A' })],
    });
    expect(decide(givenReport([requested(), reportAssigned()]), ONE_OF_EACH.assignReport, context())).toMatchObject({ ok: true, entries: [{ details: { kind: 'reallocation' } }] });
    expect(decide(givenReport([requested(), reportAssigned()]), { ...ONE_OF_EACH.assignReport, office: 'PR-B-01' }, context())).toMatchObject({
      ok: true,
      entries: [{ details: { kind: 'transfer', region: 'KG-B' } }],
    });
    expect(decide(givenReport([requested(), reportAssigned()]), { ...ONE_OF_EACH.assignReport, officerId: 'officer-a1' }, context())).toMatchObject({ ok: false, refusal: { code: 'already-done' } });
  });

  it('is drafted in the pack sections by the officer it is assigned to', () => {
    expect(decide(givenReport([requested(), reportAssigned()]), ONE_OF_EACH.draftReportSection, context())).toEqual({
      ok: true,
      entries: [entry('report_section_drafted', AT, { section: 'recommendation', text: 'Suitable for supervision.' })],
    });
    expect(decide(givenReport([requested()]), ONE_OF_EACH.draftReportSection, context())).toMatchObject({ ok: false, refusal: { code: 'missing-prerequisite' } });
    expect(decide(givenReport([requested(), reportAssigned()]), { ...ONE_OF_EACH.draftReportSection, section: 'horoscope' }, context())).toMatchObject({ ok: false, refusal: { code: 'unknown-code', field: 'section' } });
    expect(decide(givenReport([requested(), reportAssigned()]), { ...ONE_OF_EACH.draftReportSection, text: 'x'.repeat(20_001) }, context())).toMatchObject({ ok: false, refusal: { field: 'text' } });
    expect(decide(givenReport([requested(), reportAssigned()]), ONE_OF_EACH.draftReportSection, context({ actor: OTHER_OFFICER }))).toMatchObject({ ok: false, refusal: { status: 403 } });
  });

  it('is submitted once every section is drafted, on time by its due date', () => {
    expect(decide(allDrafted(), ONE_OF_EACH.submitReport, context())).toEqual({
      ok: true,
      entries: [entry('report_submitted', AT, { recommendation: 'supervision_suitable', dueOn: '2026-04-20', onTime: true })],
    });
    const late = { ...ONE_OF_EACH.submitReport, occurredAt: '2026-04-20T18:30:00.000Z' }; // 00:30 on the 21st in Bishkek
    expect(decide(allDrafted(), late, context({ now: new Date('2026-04-21T00:00:00Z') }))).toMatchObject({ ok: true, entries: [{ details: { onTime: false } }] });
  });

  it('refuses a submission with sections missing or an unknown recommendation', () => {
    expect(decide(givenReport([requested(), reportAssigned(), drafted('risk_and_needs')]), ONE_OF_EACH.submitReport, context())).toMatchObject({
      ok: false,
      refusal: { code: 'missing-prerequisite', reason: 'sections not drafted yet: personal_circumstances, recommendation' },
    });
    expect(decide(allDrafted(), { ...ONE_OF_EACH.submitReport, recommendation: 'prison' }, context())).toMatchObject({ ok: false, refusal: { code: 'unknown-code', field: 'recommendation' } });
  });

  it('is withdrawn, naming the request step', () => {
    expect(decide(givenReport([requested()]), ONE_OF_EACH.withdrawReport, context())).toEqual({ ok: true, entries: [entry('report_withdrawn', AT, { sourceStepId: 'step-r' })] });
  });

  it.each([
    ['submitted', () => [entry('report_submitted', AT, { recommendation: 'supervision_suitable', dueOn: '2026-04-20', onTime: true })]],
    ['withdrawn', () => [entry('report_withdrawn', AT, { sourceStepId: 'step-r' })]],
  ])('once %s takes nothing more (409)', (_, last) => {
    const state = givenReport([requested(), reportAssigned(), ...last()]);
    for (const type of REPORT_COMMANDS) {
      const command = { ...ONE_OF_EACH[type], occurredAt: '2026-04-12T04:00:00.000Z' };
      expect([type, decide(state, command, contextFor(type))]).toEqual([type, { ok: false, refusal: expect.objectContaining({ status: 409 }) }]);
    }
  });

  it('records its due date breached once passed', () => {
    const due = givenReport([requested('2026-04-05')]);
    expect(decide(due, ONE_OF_EACH.breachDeadline, systemContext())).toEqual({ ok: true, entries: [entry('deadline_breached', AT, { rule: 'report_due', dueOn: '2026-04-05' })] });
  });

  describe('a correction of the request step’s due date', () => {
    it('moves the due date, its deadline and what on time means, by the system only', () => {
      const state = givenReport([requested(), reportAssigned()]);
      expect(decide(state, ONE_OF_EACH.amendReport, systemContext())).toEqual({
        ok: true,
        entries: [entry('report_amended', AT, { sourceStepId: 'step-r', correctionStepId: 'corr-r', dueOn: '2026-04-27' })],
      });
      expect(decide(state, ONE_OF_EACH.amendReport, context())).toMatchObject({ ok: false, refusal: { status: 403, code: 'system-only' } });
      const amended = givenReport([requested(), reportAssigned(), reportAmended('2026-04-27')]);
      expect(amended).toMatchObject({ dueOn: '2026-04-27', status: 'assigned', corrections: ['corr-r'] });
      expect(deadlineStatus(amended.deadlines, '2026-04-21', ZONE).running).toEqual([expect.objectContaining({ rule: 'report_due', dueOn: '2026-04-27', overdue: false })]);
      const allSections = [drafted('personal_circumstances'), drafted('risk_and_needs'), drafted('recommendation')];
      const late = { ...ONE_OF_EACH.submitReport, occurredAt: '2026-04-24T04:00:00.000Z' };
      expect(decide(givenReport([requested(), reportAssigned(), reportAmended('2026-04-27'), ...allSections]), late, context({ now: new Date('2026-04-25T00:00:00Z') }))).toMatchObject({
        ok: true,
        entries: [{ details: { dueOn: '2026-04-27', onTime: true } }],
      });
    });

    it('lets a breached due date run afresh when a correction moves it, and be breached again', () => {
      const breached = givenReport([requested('2026-04-05'), entry('deadline_breached', '2026-04-06T04:00:00.000Z', { rule: 'report_due', dueOn: '2026-04-05' })]);
      expect(deadlineStatus(breached.deadlines, '2026-04-07', ZONE).running).toEqual([expect.objectContaining({ dueOn: '2026-04-05', breached: true })]);
      const moved = applyEntries(breached, [reportAmended('2026-04-15', 'corr-r', '2026-04-07T04:00:00.000Z')], context());
      expect(deadlineStatus(moved.deadlines, '2026-04-08', ZONE)).toMatchObject({ running: [expect.objectContaining({ dueOn: '2026-04-15', breached: false, overdue: false })], toBreach: [] });
      expect(deadlineStatus(moved.deadlines, '2026-04-16', ZONE).toBreach).toEqual([{ rule: 'report_due', dueOn: '2026-04-15' }]);
    });

    it('appends nothing for a correction already applied or a date that stands, so a redelivery never undoes a later one', () => {
      const twice = givenReport([requested(), reportAmended('2026-04-27', 'corr-1'), reportAmended('2026-04-30', 'corr-2')]);
      expect(decide(twice, { ...ONE_OF_EACH.amendReport, correctionStepId: 'corr-1' }, systemContext())).toMatchObject({ ok: false, refusal: { status: 409, code: 'already-done', field: 'correctionStepId' } });
      expect(decide(twice, { ...ONE_OF_EACH.amendReport, correctionStepId: 'corr-3', dueOn: '2026-04-30' }, systemContext())).toMatchObject({ ok: false, refusal: { code: 'already-done', field: 'dueOn' } });
    });

    it.each([
      [{ dueOn: '2026-03-31' }, 'occurred-too-early', 'dueOn'],
      [{ dueOn: '2026-02-30' }, 'invalid-command', 'dueOn'],
      [{ correctionStepId: '' }, 'invalid-command', 'correctionStepId'],
    ])('refuses %j', (overrides, code, field) => {
      expect(decide(givenReport([requested()]), { ...ONE_OF_EACH.amendReport, ...overrides }, systemContext())).toMatchObject({ ok: false, refusal: { code, field } });
    });
  });
});
