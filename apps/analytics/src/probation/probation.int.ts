import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { http } from '@icjims/testing';
import { personAdded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { PROBATION_INDICATORS } from './probation.indicators';
import { openedDetails, probationStream } from './probation.fixtures';

/**
 * The probation indicators from probation-entry.recorded to tables over HTTP. The probation
 * journal's entries are published directly, as it publishes them, so that every date and outcome
 * is the test's (tests/e2e go through the probation service).
 */
describe('probation indicators (entries published directly, as the probation journal publishes them)', () => {
  // National analysts see exact figures here, to check them.
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver, cellsOf } = suite;
  const region = 'KG-T';
  const range = `from=2005-01&to=2005-04&region=${region}`;

  // A: probation from 10 January, officer o1 in PR-T-01; first met on day 10; an assessment due 15 February never redone; a violation; completed 20 March.
  const a = probationStream({ region });
  // B: community work (100 hours) from 15 January, officer o1; first met on day 3; 12 hours worked in February; revoked 25 March.
  const b = probationStream({ region });
  // C: conditional sentence from 1 February, officer o2 in PR-T-02; first met on day 11 (a missed contact before); absconded 20 February, found 5 March.
  const c = probationStream({ region });
  // D: opened 5 January, annulled on 10 February: counts nowhere.
  const d = probationStream({ region });
  // E: a person whose categories were never announced; opened 1 March to start that day, amended to start on 1 April as community work of 50 hours.
  const e = probationStream({ region });
  // Two pre-sentence reports submitted in February, one on time.
  const [r1, r2] = [probationStream({ region, stream: 'pre_sentence_report' }), probationStream({ region, stream: 'pre_sentence_report' })];
  const aOpened = a.entry('opened', openedDetails('probation_supervision', '2005-01-10'), '2005-01-10');

  beforeAll(async () => {
    await deliver(
      personAdded({ caseId: a.caseId, region, personId: a.personId, role: 'accused', sex: 'female' }, '2004-11-01T06:00:00Z'),
      personAdded({ caseId: b.caseId, region, personId: b.personId, role: 'accused', sex: 'male' }, '2004-11-01T06:00:00Z'),
      personAdded({ caseId: c.caseId, region, personId: c.personId, role: 'accused', sex: 'female' }, '2004-11-01T06:00:00Z'),
      personAdded({ caseId: d.caseId, region, personId: d.personId, role: 'accused', sex: 'male' }, '2004-11-01T06:00:00Z'),
      personAdded({ caseId: r1.caseId, region, personId: r1.personId, role: 'accused', sex: 'male' }, '2004-11-01T06:00:00Z'),
      personAdded({ caseId: r2.caseId, region, personId: r2.personId, role: 'accused', sex: 'male' }, '2004-11-01T06:00:00Z'),
      d.entry('opened', openedDetails('probation_supervision', '2005-01-05'), '2005-01-05'),
      aOpened,
      a.entry('allocated', { office: 'PR-T-01', officerId: 'officer-1', kind: 'initial' }, '2005-01-11'),
      b.entry('opened', openedDetails('community_work', '2005-01-15', { communityWorkHours: 100 }), '2005-01-15'),
      b.entry('allocated', { office: 'PR-T-01', officerId: 'officer-1', kind: 'initial' }, '2005-01-16'),
      b.entry('contact_recorded', { contactKind: 'office_appointment', outcome: 'attended' }, '2005-01-18'),
      a.entry('contact_recorded', { contactKind: 'office_appointment', outcome: 'attended' }, '2005-01-20'),
      a.entry('assessment_recorded', { instrument: 'risk', instrumentVersion: 1, purpose: 'intake', score: 12, band: 'medium', nextDueOn: '2005-02-15' }, '2005-01-25'),
      c.entry('opened', openedDetails('conditional_sentence', '2005-02-01'), '2005-02-01'),
      c.entry('allocated', { office: 'PR-T-02', officerId: 'officer-2', kind: 'initial' }, '2005-02-02'),
      b.entry('community_work_logged', { workedOn: '2005-02-01', hours: 8 }, '2005-02-01'),
      b.entry('community_work_logged', { workedOn: '2005-02-02', hours: 4 }, '2005-02-02'),
      a.entry('violation_recorded', { violationId: randomUUID(), obligation: 'reporting', violationType: 'missed_reporting', occurredOn: '2005-02-03' }, '2005-02-04'),
      c.entry('contact_recorded', { contactKind: 'office_appointment', outcome: 'missed', excused: false }, '2005-02-05'),
      d.entry('annulled', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), ground: 'sentence_annulled' }, '2005-02-10'),
      r1.entry('report_requested', { sourceStepId: randomUUID(), requestedBy: 'court', dueOn: '2005-02-10' }, '2005-01-25'),
      r1.entry('report_submitted', { recommendation: 'probation', dueOn: '2005-02-10', onTime: true }, '2005-02-10'),
      r2.entry('report_requested', { sourceStepId: randomUUID(), requestedBy: 'court', dueOn: '2005-02-10' }, '2005-01-25'),
      r2.entry('report_submitted', { recommendation: 'probation', dueOn: '2005-02-10', onTime: false }, '2005-02-14'),
      c.entry('contact_recorded', { contactKind: 'office_appointment', outcome: 'attended' }, '2005-02-12'),
      c.entry('absconded', { since: '2005-02-20' }, '2005-02-20'),
      e.entry('opened', openedDetails('probation_supervision', '2005-03-01'), '2005-03-01'),
      c.entry('found', { on: '2005-03-05' }, '2005-03-05'),
      e.entry('amended', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), termMonths: 12, startsOn: '2005-04-01', endsOn: '2006-04-01', caseType: 'community_work', obligations: [], communityWorkHours: 50 }, '2005-03-06'),
      a.entry('ended', { end: 'completed', endedOn: '2005-03-20' }, '2005-03-20'),
      b.entry('ended', { end: 'revoked', endedOn: '2005-03-25' }, '2005-03-25'),
    );
  });

  it('counts cases started by type and ended by type of end, zero months as zeros, a corrected start where it now falls, an annulled case nowhere', async () => {
    expect(await cellsOf(`probation_cases_started/table?${range}`)).toEqual({ '2005-01': 2, '2005-02': 1, '2005-03': 0, '2005-04': 1 });
    const byType = await cellsOf(`probation_cases_started/table?${range}&by=caseType`);
    expect([byType['2005-01|probation_supervision'], byType['2005-01|community_work'], byType['2005-02|conditional_sentence'], byType['2005-01|_T']]).toEqual([1, 1, 1, 2]);
    // E is of the case type its amendment gave.
    expect([byType['2005-04|community_work'], byType['2005-04|probation_supervision']]).toEqual([1, 0]);
    const ended = await cellsOf(`probation_cases_ended/table?${range}&by=end`);
    expect([ended['2005-03|completed'], ended['2005-03|revoked'], ended['2005-03|deceased'], ended['2005-03|_T'], ended['2005-02|_T']]).toEqual([1, 1, 0, 2, 0]);
    expect((await cellsOf(`probation_completion_rate/table?${range}`))['2005-03']).toBe(50);
    expect((await cellsOf(`probation_revocation_rate/table?${range}`))['2005-03']).toBe(50);
    // No case ended in February: no rate, even exact.
    expect((await cellsOf(`probation_completion_rate/table?${range}`))['2005-02']).toBe('small-denominator');
  });

  it('counts the same entry once when it comes again under another event id', async () => {
    await deliver({ ...aOpened, id: randomUUID() });
    expect((await cellsOf(`probation_cases_started/table?${range}`))['2005-01']).toBe(2);
  });

  it('dead-letters an entry whose details it cannot count, with the reason, and counts nothing of it', async () => {
    const broken = probationStream({ region });
    await deliver(broken.entry('opened', { ...openedDetails('probation_supervision', '2005-01-12'), startsOn: '2005-13-01' }, '2005-01-12'));
    expect((await cellsOf(`probation_cases_started/table?${range}`))['2005-01']).toBe(2);
    const dataSource = suite.services.apps[0].get(DataSource);
    const reasons: { reason: string }[] = await dataSource.query(`SELECT headers->>'x-dead-letter-reason' AS reason FROM outbox WHERE event_type = 'dead-letter'`);
    expect(reasons.map((row) => row.reason)).toContainEqual(expect.stringContaining("details.startsOn must be a date YYYY-MM-DD"));
  });

  it('puts a person whose categories were never announced under Unknown', async () => {
    const bySex = await cellsOf(`probation_cases_started/table?${range}&by=sex`);
    expect([bySex['2005-01|female'], bySex['2005-01|male'], bySex['2005-04|unknown'], bySex['2005-04|_T']]).toEqual([1, 1, 1, 1]);
  });

  it('gives the caseload at the end of each period by office, per officer, and the assessments overdue then', async () => {
    // January: A and B (the annulled D not); February: C absconded; March: A and B ended, C found, E not started yet; April: C and E.
    expect(await cellsOf(`probation_caseload/table?${range}`)).toEqual({ '2005-01': 2, '2005-02': 2, '2005-03': 1, '2005-04': 2 });
    const byOffice = await cellsOf(`probation_caseload/table?${range}&by=office`);
    expect([byOffice['2005-01|PR-T-01'], byOffice['2005-03|PR-T-02'], byOffice['2005-04|unknown'], byOffice['2005-04|_T']]).toEqual([2, 1, 1, 2]);
    // Two cases, one officer: 2 per officer; officers are counted distinct in the total too.
    const perOfficer = await cellsOf(`probation_caseload_per_officer/table?${range}&by=office`);
    expect([perOfficer['2005-01|PR-T-01'], perOfficer['2005-01|_T'], perOfficer['2005-03|PR-T-02']]).toEqual([2, 2, 1]);
    // A's assessment was due on 15 February and never redone.
    expect(await cellsOf(`probation_assessments_overdue/table?${range}`)).toEqual({ '2005-01': 0, '2005-02': 1, '2005-03': 0, '2005-04': 0 });
  });

  it('gives the caseload as it stood before the annulment (asOf) and for a range of days', async () => {
    expect((await cellsOf(`probation_caseload/table?${range}&asOf=2005-02-05T00:00:00Z`))['2005-01']).toBe(3);
    // Cases started from 1 to 20 January: A and B (D is annulled now), read from the facts.
    expect(await cellsOf(`probation_cases_started/table?period=range&from=2005-01-01&to=2005-01-20&region=${region}`)).toEqual({ '2005-01-01/2005-01-20': 2 });
  });

  it('rates violations per 100 supervision-months, times the first meeting, sums community work and shares reports on time', async () => {
    // February: one violation over A's and B's 28 days and C's 27.54 (from 06:00Z on 1 February, 11:00 in Bishkek, then UTC+5): 83.54 days = 2.745 supervision-months.
    expect((await cellsOf(`probation_violations_per_100_supervision_months/table?${range}`))['2005-02']).toBe(36.4);
    // January's first meetings after 10 and 3 days; February's after 11.
    expect(await cellsOf(`probation_first_meeting_days_median/table?${range}`)).toEqual({ '2005-01': 6.5, '2005-02': 11, '2005-03': 'small-denominator', '2005-04': 'small-denominator' });
    expect((await cellsOf(`probation_first_meeting_days_p90/table?${range}`))['2005-01']).toBe(9.3);
    // B's 100 hours; E's 50, as its amendment ordered them.
    expect(await cellsOf(`probation_community_work_hours_ordered/table?${range}`)).toMatchObject({ '2005-01': 100, '2005-04': 50 });
    expect((await cellsOf(`probation_community_work_hours_worked/table?${range}`))['2005-02']).toBe(12);
    expect((await cellsOf(`pre_sentence_reports_on_time_share/table?${range}`))['2005-02']).toBe(50);
  });

  it('withholds small cells and small denominators from a regional analyst', async () => {
    const regional = await suite.services.tokenFor('analyst', { region });
    const started = await cellsOf(`probation_cases_started/table?${range}&by=caseType`, regional);
    expect([started['2005-01|probation_supervision'], started['2005-01|_T'], started['2005-03|_T']]).toEqual(['primary', 'primary', 0]);
    expect((await cellsOf(`probation_completion_rate/table?${range}`, regional))['2005-03']).toBe('small-denominator');
    expect((await cellsOf(`probation_first_meeting_days_median/table?${range}`, regional))['2005-01']).toBe('small-denominator');
  });

  it('refuses a breakdown an indicator does not allow, naming it', async () => {
    const response = await http<{ errors?: { field: string; reason: string }[] }>('GET', `${suite.base}/indicators/probation_completion_rate/table?by=office`, { token: suite.national });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('not broken down by office');
  });

  it('lists the probation indicators in the catalogue with their breakdowns', async () => {
    const response = await http<{ code: string; breakdowns: string[] }[]>('GET', `${suite.base}/indicators`, { token: suite.national });
    const probation = response.body.filter((indicator) => /probation|pre_sentence/.test(indicator.code)).map((indicator) => indicator.code);
    expect(probation).toEqual(expect.arrayContaining(['probation_caseload', 'probation_caseload_per_officer', 'probation_cases_started', 'probation_cases_ended', 'probation_assessments_overdue', 'pre_sentence_reports_on_time_share']));
  });

  it('answers every probation indicator by each breakdown it allows, by quarter, for a range of days and as of a date', async () => {
    const asked: string[] = [];
    for (const { code, breakdowns } of PROBATION_INDICATORS.definitions) {
      for (const by of breakdowns.filter((breakdown) => breakdown !== 'month')) asked.push(`${code}/table?${range}&by=${by}`);
      asked.push(`${code}/table?period=quarter&from=2005-Q1&to=2005-Q2`, `${code}/table?period=range&from=2005-01-15&to=2005-03-15`, `${code}/table?${range}&asOf=2005-03-01T00:00:00Z`);
    }
    const failed: string[] = [];
    for (const path of asked) await suite.table(path).catch((error: Error) => failed.push(error.message));
    expect(failed).toEqual([]);
  });
});
