import { randomUUID } from 'node:crypto';
import { localDate } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { http, HttpResult, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { reportIdOf } from '../pre-sentence-reports/pre-sentence-report-intake';
import { caseRegistered, caseTransferred, stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';

const ZONE = 'Asia/Bishkek';
const DAY = 24 * 60 * 60 * 1000;
const LENINSKY = 'PR-KG-GB-LENINSKY';
const OKTYABRSKY = 'PR-KG-GB-OKTYABRSKY';
const day = (fromToday: number) => localDate(new Date(Date.now() + fromToday * DAY), ZONE);

interface Item { streamId: string; kind: string; code: string; dueOn: string; overdue: boolean; office: string | null; officerId: string | null }

/**
 * Pre-sentence reports not yet assigned in the due lists, through the bus, HTTP and PostgreSQL:
 * the office serving the criminal case's district (from case-registry's events) sees them; an
 * office that does not serve it sees neither them nor their count; a case whose district is not
 * known here shows in every office of its region.
 */
describe('pre-sentence reports not yet assigned in the due lists', () => {
  let services: RunningServices;
  let base: string;
  let leninsky: string;
  let oktyabrsky: string;
  const ids: Record<string, string> = {};

  /** A report on a case of `district` (none: a case case-registry never announced here), requested `daysAgo` days ago, due in `dueIn` days. */
  async function reportOf(district: string | undefined, daysAgo: number, dueIn: number): Promise<string> {
    const caseId = randomUUID();
    if (district) await publishEvents(services.bus, caseRegistered({ caseId, district }));
    const step = stepRecorded({ caseId, stepType: 'pre_sentence_report_requested', occurredAt: new Date(Date.now() - daysAgo * DAY).toISOString(), details: { dueOn: day(dueIn), requestedBy: 'court' } });
    await publishEvents(services.bus, step);
    return reportIdOf(step.data.stepId);
  }

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    leninsky = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: LENINSKY, sub: 'supervisor-l' });
    oktyabrsky = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OKTYABRSKY, sub: 'supervisor-o' });
    ids.lateOfLeninsky = await reportOf('leninsky', 10, -2);
    ids.ofLeninsky = await reportOf('leninsky', 1, 3);
    ids.ofOktyabrsky = await reportOf('oktyabrsky', 1, 4);
    ids.placeUnknown = await reportOf(undefined, 1, 5);
    ids.movedAway = await reportOf('leninsky', 1, 6);
    const { rows } = await services.db.query(`SELECT case_id FROM probation.probation_streams WHERE stream_id = $1`, [ids.movedAway]);
    await publishEvents(services.bus, caseTransferred({ caseId: rows[0].case_id, fromRegion: 'KG-GB', toRegion: 'KG-C' }));
  });
  afterAll(() => services?.stop());

  const get = (path: string, token: string) => http('GET', `${base}${path}`, { token });
  /** The names here of the listed streams (a due item's `streamId`, a report's `id`), sorted. */
  const named = (items: Array<{ streamId?: string; id?: string }>) =>
    items.map(({ streamId, id }) => Object.keys(ids).find((name) => ids[name] === (streamId ?? id)) ?? streamId ?? id).sort();
  const expectProblem = (answer: HttpResult, status: number, field?: string) => {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
    if (field) expect((answer.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
  };

  it('shows the serving office’s supervisor the reports it would get, with their due dates, the overdue flagged', async () => {
    const answer = await get(`/due?from=${day(0)}&to=${day(30)}`, leninsky);
    expect(answer.status).toBe(200);
    expect(named(answer.body.due)).toEqual(['lateOfLeninsky', 'movedAway', 'ofLeninsky', 'placeUnknown']);
    expect(answer.body.due.find((item: Item) => item.streamId === ids.lateOfLeninsky)).toMatchObject({
      kind: 'deadline', code: 'pre_sentence_report_due', dueOn: day(-2), overdue: true, office: null, officerId: null, stream: 'pre_sentence_report',
    });
    expect(answer.body.due.find((item: Item) => item.streamId === ids.ofLeninsky)).toMatchObject({ dueOn: day(3), overdue: false });

    const week = await get(`/offices/${LENINSKY}/caseload`, leninsky);
    expect(week.status).toBe(200);
    expect(week.body.officers).toEqual([{ officerId: null, cases: 0, reports: 4, dueThisWeek: 3, overdue: 1 }]);
    expect(named(week.body.due)).toEqual(['lateOfLeninsky', 'movedAway', 'ofLeninsky', 'placeUnknown']);
  });

  it('shows another office of the region none of them, not even in a count, nor in its list of reports', async () => {
    const due = await get(`/due?from=${day(0)}&to=${day(30)}`, oktyabrsky);
    expect(named(due.body.due)).toEqual(['movedAway', 'ofOktyabrsky', 'placeUnknown']);
    const week = await get(`/offices/${OKTYABRSKY}/caseload`, oktyabrsky);
    expect(week.body.officers).toEqual([{ officerId: null, cases: 0, reports: 3, dueThisWeek: 3, overdue: 0 }]);
    const listed = await get('/pre-sentence-reports?limit=100', oktyabrsky);
    expect(listed.status).toBe(200);
    expect(named(listed.body)).toEqual(['movedAway', 'ofOktyabrsky', 'placeUnknown']);
    expect(named((await get('/pre-sentence-reports?limit=100', leninsky)).body)).toEqual(['lateOfLeninsky', 'movedAway', 'ofLeninsky', 'placeUnknown']);
  });

  it('shows an admin of the region, or a national one, the office’s list as its supervisor sees it', async () => {
    for (const admin of [await services.tokenFor('admin', { region: 'KG-GB' }), await services.tokenFor('admin')]) {
      const answer = await get(`/due?office=${LENINSKY}&from=${day(0)}&to=${day(30)}`, admin);
      expect(answer.status).toBe(200);
      expect(named(answer.body.due)).toEqual(['lateOfLeninsky', 'movedAway', 'ofLeninsky', 'placeUnknown']);
    }
  });

  it('leaves them out of a list of one officer, and moves a report to its officer once assigned', async () => {
    expect(named((await get(`/due?from=${day(0)}&to=${day(30)}&officer=officer-l`, leninsky)).body.due)).toEqual([]);
    const [app] = services.apps;
    await app.get(UnitOfWork).run((manager) =>
      app.get(ProbationWriter).command(manager, ids.ofLeninsky, { type: 'assignReport', occurredAt: new Date().toISOString(), office: LENINSKY, officerId: 'officer-l' }, SYSTEM_ACTOR),
    );
    const week = await get(`/offices/${LENINSKY}/caseload`, leninsky);
    expect(week.body.officers).toEqual(
      expect.arrayContaining([
        { officerId: null, cases: 0, reports: 3, dueThisWeek: 2, overdue: 1 },
        { officerId: 'officer-l', cases: 0, reports: 1, dueThisWeek: 1, overdue: 0 },
      ]),
    );
    expect(named((await get(`/due?from=${day(0)}&to=${day(30)}&officer=officer-l`, leninsky)).body.due)).toEqual(['ofLeninsky']);
  });

  describe('refuses', () => {
    it.each<[string, string, () => Promise<string>, number, string | undefined]>([
      ['another office’s due list', `/due?office=${LENINSKY}`, () => Promise.resolve(oktyabrsky), 403, undefined],
      ['another office’s caseload', `/offices/${LENINSKY}/caseload`, () => Promise.resolve(oktyabrsky), 403, undefined],
      ['another region’s admin', `/offices/${LENINSKY}/caseload`, () => services.tokenFor('admin', { region: 'KG-C' }), 403, undefined],
      ['an officer reading the office’s caseload', `/offices/${LENINSKY}/caseload`, () => services.tokenFor('probation_officer', { region: 'KG-GB', office: LENINSKY }), 403, undefined],
      ['a prosecutor', `/due?office=${LENINSKY}`, () => services.tokenFor('prosecutor', { region: 'KG-GB' }), 403, undefined],
      ['a day that is no date', `/due?from=2026-13-01`, () => Promise.resolve(leninsky), 400, 'from'],
      ['an office too long', `/due?office=${'X'.repeat(33)}`, () => services.tokenFor('admin'), 400, 'office'],
    ])('%s', async (_, path, token, status, field) => {
      expectProblem(await get(path, await token()), status, field);
    });
  });
});
