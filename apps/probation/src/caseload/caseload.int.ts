import { randomUUID } from 'node:crypto';
import { localDate } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { http, HttpResult, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { CaseCommand, ReportCommand, SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { reportIdOf } from '../pre-sentence-reports/pre-sentence-report-intake';
import { stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';

const ZONE = 'Asia/Bishkek';
const DAY = 24 * 60 * 60 * 1000;
const OFFICE = 'PR-KG-GB-LENINSKY';
const OTHER_OFFICE = 'PR-KG-GB-OKTYABRSKY';
const day = (fromToday: number) => localDate(new Date(Date.now() + fromToday * DAY), ZONE);
type Given<C> = C extends unknown ? Omit<C, 'occurredAt'> : never;

/**
 * Caseloads and due lists through HTTP and PostgreSQL: cases come in from the bus, the office's
 * work is given through the one write path, the lists are read back over HTTP.
 */
describe('caseload and due lists', () => {
  let services: RunningServices;
  let base: string;
  let writer: ProbationWriter;
  let unitOfWork: UnitOfWork;
  let supervisor: string;
  /** Officers of this suite run, so that other suites' cases never mix in. */
  const officer1 = `officer-${randomUUID().slice(0, 8)}`;
  const officer2 = `officer-${randomUUID().slice(0, 8)}`;
  const officer3 = `officer-${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  const give = (streamId: string, command: Given<CaseCommand | ReportCommand>) =>
    unitOfWork.run((manager) => writer.command(manager, streamId, { ...command, occurredAt: new Date().toISOString() } as CaseCommand, SYSTEM_ACTOR));

  /** A probation sentence pronounced at `occurredAt`, allocated to `officerId` of `office`. */
  async function caseOf(officerId: string, office = OFFICE, occurredAt = new Date(Date.now() - DAY).toISOString(), termMonths = 12): Promise<string> {
    const step = stepRecorded({ occurredAt, details: { sentenceType: 'probation', termMonths, obligations: ['report_regularly'] } });
    await publishEvents(services.bus, step);
    const { rows } = await services.db.query(`SELECT stream_id FROM probation.probation_streams WHERE source_step_id = $1`, [step.data.stepId]);
    await give(rows[0].stream_id, { type: 'allocate', kind: 'initial', office, officerId });
    return rows[0].stream_id;
  }

  /** A report requested `daysAgo` days ago, due in `dueIn` days, assigned to `officerId`. */
  async function reportOf(officerId: string, daysAgo: number, dueIn: number): Promise<string> {
    const step = stepRecorded({ stepType: 'pre_sentence_report_requested', occurredAt: new Date(Date.now() - daysAgo * DAY).toISOString(), details: { dueOn: day(dueIn), requestedBy: 'court' } });
    await publishEvents(services.bus, step);
    const reportId = reportIdOf(step.data.stepId);
    await give(reportId, { type: 'assignReport', office: OFFICE, officerId });
    return reportId;
  }

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    const [app] = services.apps;
    writer = app.get(ProbationWriter);
    unitOfWork = app.get(UnitOfWork);
    supervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OFFICE, sub: 'supervisor-1' });

    ids.withContact = await caseOf(officer1);
    await give(ids.withContact, { type: 'scheduleContact', contactId: 'c-1', contactKind: 'office_appointment', scheduledFor: new Date(Date.now() + 2 * DAY).toISOString() });
    // A term that ends in three days: sentenced twelve months less three days ago.
    const endsSoon = new Date(Date.now() + 3 * DAY);
    endsSoon.setUTCMonth(endsSoon.getUTCMonth() - 12);
    ids.endingSoon = await caseOf(officer1, OFFICE, endsSoon.toISOString());
    ids.report = await reportOf(officer1, 2, 3);
    ids.lateReport = await reportOf(officer1, 10, -2);
    ids.ofOfficer2 = await caseOf(officer2);
    ids.otherOffice = await caseOf(officer3, OTHER_OFFICE);
  });
  afterAll(() => services?.stop());

  const get = (path: string, token: string) => http('GET', `${base}${path}`, { token });
  const expectProblem = (answer: HttpResult, status: number, field?: string) => {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
    if (field) expect((answer.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
  };
  /** The items by the name of their stream here, in the list's order (by day; within a day, by name here, as stream ids are random). */
  const summary = (due: { streamId: string; kind: string; code: string; dueOn: string; overdue: boolean }[]) => {
    expect(due.map((item) => item.dueOn)).toEqual(due.map((item) => item.dueOn).sort());
    return due
      .map(({ streamId, kind, code, dueOn, overdue }) => [Object.keys(ids).find((name) => ids[name] === streamId) ?? streamId, kind, code, dueOn, overdue] as const)
      .sort((a, b) => a[3].localeCompare(b[3]) || a[0].localeCompare(b[0]));
  };

  it('gives an officer their own caseload with what is due this week, and whatever is overdue', async () => {
    const token = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: officer1 });
    const answer = await get('/caseload', token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ officerId: officer1, from: day(0), to: day(6) });
    expect(answer.body.streams.map((stream: { id: string }) => stream.id).sort()).toEqual([ids.withContact, ids.endingSoon, ids.report, ids.lateReport].sort());
    expect(summary(answer.body.due)).toEqual([
      ['lateReport', 'deadline', 'pre_sentence_report_due', day(-2), true],
      ['withContact', 'contact', 'office_appointment', day(2), false],
      ['endingSoon', 'deadline', 'term_end', day(3), false],
      ['report', 'deadline', 'pre_sentence_report_due', day(3), false],
    ]);

    const theirs = await get('/caseload', await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: officer2 }));
    expect(theirs.body.streams.map((stream: { id: string }) => stream.id)).toEqual([ids.ofOfficer2]);
  });

  it('gives the office’s supervisor its caseload per officer and its due list', async () => {
    const answer = await get(`/offices/${OFFICE}/caseload`, supervisor);
    expect(answer.status).toBe(200);
    expect(answer.body.officers).toEqual(
      expect.arrayContaining([
        { officerId: officer1, cases: 2, reports: 2, dueThisWeek: 3, overdue: 1 },
        { officerId: officer2, cases: 1, reports: 0, dueThisWeek: 0, overdue: 0 },
      ]),
    );
    expect(answer.body.officers.map((load: { officerId: string }) => load.officerId)).not.toContain(officer3);
    expect(answer.body.due.map((item: { streamId: string }) => item.streamId)).toEqual(expect.arrayContaining([ids.withContact, ids.report]));
    expect((await get(`/offices/${OFFICE}/caseload`, await services.tokenFor('admin'))).status).toBe(200);
  });

  it('lists what falls due between two days in an office, or for one officer', async () => {
    const officer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: officer2 });
    const forOfficer1 = await get(`/due?from=${day(3)}&to=${day(3)}&officer=${officer1}`, officer);
    expect(forOfficer1.status).toBe(200);
    expect(summary(forOfficer1.body.due)).toEqual([
      ['lateReport', 'deadline', 'pre_sentence_report_due', day(-2), true],
      ['endingSoon', 'deadline', 'term_end', day(3), false],
      ['report', 'deadline', 'pre_sentence_report_due', day(3), false],
    ]);
    const month = await get(`/due?office=${OFFICE}&from=${day(0)}&to=${day(30)}`, await services.tokenFor('admin', { region: 'KG-GB' }));
    expect(month.status).toBe(200);
    expect(month.body.due.map((item: { streamId: string }) => item.streamId)).toContain(ids.ofOfficer2); // its first meeting, within the month
    expect(month.body.due.map((item: { streamId: string }) => item.streamId)).not.toContain(ids.otherOffice);
  });

  describe('refuses', () => {
    it.each<[string, string, () => Promise<string>, number, string | undefined]>([
      ['a window longer than 31 days', `/due?from=${day(0)}&to=${day(31)}`, () => Promise.resolve(supervisor), 400, 'to'],
      ['a window that ends before it starts', `/due?from=${day(3)}&to=${day(2)}`, () => Promise.resolve(supervisor), 400, 'to'],
      ['a day that is no date', `/due?from=2026-02-30`, () => Promise.resolve(supervisor), 400, 'from'],
      ['a day in another format', `/due?from=tomorrow`, () => Promise.resolve(supervisor), 400, 'from'],
      ['an officer filter too long', `/due?officer=${'x'.repeat(65)}`, () => Promise.resolve(supervisor), 400, 'officer'],
      ['a filter the list does not have', `/due?region=KG-GB`, () => Promise.resolve(supervisor), 400, 'region'],
      ['another office’s due list', `/due?office=${OTHER_OFFICE}`, () => Promise.resolve(supervisor), 403, undefined],
      ['a due list without an office, for a caller bound to none', `/due`, () => services.tokenFor('admin'), 400, 'office'],
      ['a due list of an office the pack does not know', `/due?office=PR-NOWHERE`, () => services.tokenFor('admin'), 400, 'office'],
      ['another region’s office', `/due?office=${OFFICE}`, () => services.tokenFor('admin', { region: 'KG-C' }), 403, undefined],
      ['another office’s caseload', `/offices/${OTHER_OFFICE}/caseload`, () => Promise.resolve(supervisor), 403, undefined],
      ['an office the pack does not know', `/offices/PR-NOWHERE/caseload`, () => services.tokenFor('admin'), 404, undefined],
      ['an officer reading an office’s caseload', `/offices/${OFFICE}/caseload`, () => services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE }), 403, undefined],
      ['a prosecutor asking for a caseload', `/caseload`, () => services.tokenFor('prosecutor', { region: 'KG-GB' }), 403, undefined],
      ['an analyst', `/due?office=${OFFICE}`, () => services.tokenFor('analyst'), 403, undefined],
    ])('%s', async (_, path, token, status, field) => {
      expectProblem(await get(path, await token()), status, field);
    });
  });
});
