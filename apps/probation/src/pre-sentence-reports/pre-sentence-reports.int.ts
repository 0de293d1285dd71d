import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CloudEvent, deadLetterTopic, PreSentenceReportSubmitted, ProbationEntryRecorded, StepRecordedV1 } from '@icjims/contracts';
import { localDate } from '@icjims/jurisdiction';
import { http, HttpResult, outboxCloudEvents, outboxEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { amended, correctionOf, stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';
import { reportIdOf } from './pre-sentence-report-intake';

const DAY = 24 * 60 * 60 * 1000;
/** A day counted from today in Bishkek, as the service counts due dates. */
const day = (fromToday: number) => localDate(new Date(Date.now() + fromToday * DAY), 'Asia/Bishkek');
const OFFICE = 'PR-KG-GB-LENINSKY';
const OTHER_OFFICE = 'PR-KG-GB-OKTYABRSKY';
const SECTIONS = ['personal_circumstances', 'risk_and_needs', 'recommendation'];

/** A request step of procedural-steps: the report on an accused, due in `dueIn` days. */
function requestStep(overrides: Partial<StepRecordedV1> = {}, dueIn = 14): CloudEvent<StepRecordedV1> {
  return stepRecorded({
    stepType: 'pre_sentence_report_requested',
    occurredAt: new Date(Date.now() - DAY).toISOString(),
    details: { dueOn: day(dueIn), requestedBy: 'court' },
    ...overrides,
  });
}

describe('pre-sentence reports', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let supervisor: string;
  let officer: string;
  let otherOfficer: string;
  let otherRegion: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([probationService]);
    db = services.db;
    base = `${services.urls.probation}/api/v1/pre-sentence-reports`;
    supervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OFFICE, sub: 'supervisor-1' });
    officer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: 'officer-1' });
    otherOfficer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OTHER_OFFICE, sub: 'officer-2' });
    otherRegion = await services.tokenFor('probation_supervisor', { region: 'KG-C', office: 'PR-KG-C-CHUY', sub: 'supervisor-c' });
    admin = await services.tokenFor('admin');
  });
  afterAll(() => services?.stop());

  /** Delivers the request and answers the report it opened. */
  async function requested(overrides: Partial<StepRecordedV1> = {}, dueIn = 14): Promise<{ step: CloudEvent<StepRecordedV1>; reportId: string }> {
    const step = requestStep(overrides, dueIn);
    await publishEvents(services.bus, step);
    return { step, reportId: reportIdOf(step.data.stepId) };
  }

  const version = async (reportId: string): Promise<number> => (await db.query(`SELECT version FROM probation.probation_streams WHERE stream_id = $1`, [reportId])).rows[0]?.version;
  const assign = (reportId: string, body: object = { office: OFFICE, officerId: 'officer-1' }, token = supervisor, headers: Record<string, string> = {}) =>
    http('POST', `${base}/${reportId}/assignment`, { token, body, headers });
  const draft = (reportId: string, section: string, body: object = { text: `About ${section}.\nSecond line.` }, token = officer, headers: Record<string, string> = {}) =>
    http('PUT', `${base}/${reportId}/sections/${section}`, { token, body, headers });
  const submit = (reportId: string, body: object = { recommendation: 'community_supervision_suitable' }, token = officer, headers: Record<string, string> = {}) =>
    http('POST', `${base}/${reportId}/submission`, { token, body, headers });

  async function drafted(): Promise<{ step: CloudEvent<StepRecordedV1>; reportId: string }> {
    const report = await requested();
    expect((await assign(report.reportId)).status).toBe(201);
    for (const section of SECTIONS) expect((await draft(report.reportId, section)).status).toBe(200);
    return report;
  }

  const expectProblem = (answer: HttpResult, status: number, field?: string) => {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
    if (field) expect((answer.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
  };

  describe('from the request step', () => {
    it('opens a report on the person the step names, due when the step says, and announces the entry', async () => {
      const { step, reportId } = await requested();
      const read = await http('GET', `${base}/${reportId}`, { token: supervisor });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual({
        id: reportId,
        caseId: step.data.caseId,
        region: 'KG-GB',
        personId: step.data.personId,
        sourceStepId: step.data.stepId,
        requestedBy: 'court',
        requestedAt: step.data.occurredAt,
        dueOn: day(14),
        overdue: false,
        status: 'requested',
        office: null,
        officerId: null,
        sectionsDrafted: [],
        recommendation: null,
        submitted: null,
        version: 1,
        sections: [],
      });
      const [entry] = await outboxEvents(db, ProbationEntryRecorded, reportId);
      expect(entry).toMatchObject({ stream: 'pre_sentence_report', entryType: 'report_requested', caseId: step.data.caseId, details: { sourceStepId: step.data.stepId, requestedBy: 'court', dueOn: day(14) } });
    });

    it('opens nothing twice when the step is delivered again, under the same or a new event id', async () => {
      const step = requestStep();
      await publishEvents(services.bus, step, step, { ...step, id: randomUUID() });
      const reportId = reportIdOf(step.data.stepId);
      expect(await version(reportId)).toBe(1);
      expect(await outboxEvents(db, ProbationEntryRecorded, reportId)).toHaveLength(1);
    });

    it('dead-letters a request the legal order refuses (a requester the pack does not know), opening nothing', async () => {
      const step = requestStep({ details: { dueOn: day(14), requestedBy: 'neighbour' } });
      await publishEvents(services.bus, step);
      expect(await version(reportIdOf(step.data.stepId))).toBeUndefined();
      const letters = await db.query(`SELECT headers FROM probation.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('probation'), step.subject]);
      expect(JSON.stringify(letters.rows)).toContain('neighbour is not one of the pack');
    });

    it('withdraws the report when a correction annuls the request; a submitted report stays submitted', async () => {
      const { step, reportId } = await requested();
      await publishEvents(services.bus, ...correctionOf(step.data, { action: 'annul' }));
      expect((await http('GET', `${base}/${reportId}`, { token: supervisor })).body).toMatchObject({ status: 'withdrawn', version: 2 });
      expectProblem(await assign(reportId), 409);

      const done = await drafted();
      expect((await submit(done.reportId)).status).toBe(201);
      await publishEvents(services.bus, ...correctionOf(done.step.data, { action: 'annul' }));
      expect((await http('GET', `${base}/${done.reportId}`, { token: supervisor })).body).toMatchObject({ status: 'submitted' });
    });
  });

  describe('a correction of the request’s due date', () => {
    const moveTo = (step: StepRecordedV1, dueOn: string) => correctionOf(step, { standsAs: amended(step, { details: { ...step.details, dueOn } }) });
    const officeDue = async () => (await http('GET', `${services.urls.probation}/api/v1/due?from=${day(-5)}&to=${day(25)}`, { token: supervisor })).body.due as Array<{ streamId: string; dueOn: string; overdue: boolean }>;

    it('moves the due date, the deadline and the due lists, records it in the journal once however often delivered', async () => {
      const { step, reportId } = await requested({}, 3);
      const [recorded, corrected] = moveTo(step.data, day(20));
      await publishEvents(services.bus, recorded, corrected);
      expect((await http('GET', `${base}/${reportId}`, { token: supervisor })).body).toMatchObject({ dueOn: day(20), overdue: false, status: 'requested', version: 2 });
      const entries = await outboxEvents(db, ProbationEntryRecorded, reportId);
      expect(entries.map((entry) => [entry.entryType, entry.details])).toEqual([
        ['report_requested', expect.objectContaining({ dueOn: day(3) })],
        ['report_amended', { sourceStepId: step.data.stepId, correctionStepId: corrected.data.correctionStepId, dueOn: day(20) }],
      ]);
      const [head] = (await db.query(`SELECT state FROM probation.probation_streams WHERE stream_id = $1`, [reportId])).rows;
      expect(head.state.deadlines).toEqual([expect.objectContaining({ rule: 'pre_sentence_report_due', dueOn: day(20) })]);
      expect((await officeDue()).filter((item) => item.streamId === reportId)).toEqual([expect.objectContaining({ dueOn: day(20), overdue: false })]);

      // Delivered again under another event id, and a later correction redelivered before it: nothing undone, nothing twice.
      const [, later] = moveTo(step.data, day(25));
      await publishEvents(services.bus, { ...corrected, id: randomUUID() }, later, { ...corrected, id: randomUUID() });
      expect((await http('GET', `${base}/${reportId}`, { token: supervisor })).body).toMatchObject({ dueOn: day(25), version: 3 });
    });

    it('brings an overdue report back to time, and a report submitted keeps its date and on-time as submitted', async () => {
      const late = await requested({ occurredAt: new Date(Date.now() - 10 * DAY).toISOString() }, -2);
      expect((await officeDue()).find((item) => item.streamId === late.reportId)).toMatchObject({ dueOn: day(-2), overdue: true });
      await publishEvents(services.bus, ...moveTo(late.step.data, day(4)));
      expect((await officeDue()).find((item) => item.streamId === late.reportId)).toMatchObject({ dueOn: day(4), overdue: false });

      const done = await drafted();
      expect((await submit(done.reportId)).status).toBe(201);
      await publishEvents(services.bus, ...moveTo(done.step.data, day(1)));
      expect((await http('GET', `${base}/${done.reportId}`, { token: supervisor })).body).toMatchObject({ status: 'submitted', dueOn: day(14), submitted: { onTime: true }, version: 6 });
    });

    it('dead-letters a due date before the request, changing nothing', async () => {
      const { step, reportId } = await requested();
      const [recorded, corrected] = moveTo(step.data, day(-30));
      await publishEvents(services.bus, recorded, corrected);
      expect(await version(reportId)).toBe(1);
      const letters = await db.query(`SELECT headers FROM probation.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('probation'), corrected.subject]);
      expect(JSON.stringify(letters.rows)).toContain(corrected.data.correctionStepId);
    });
  });

  describe('assigned, drafted and submitted over HTTP', () => {
    it('goes from the request to the submission, which goes back to the requesting case without the texts', async () => {
      const { step, reportId } = await requested();
      const assigned = await assign(reportId);
      expect(assigned.status).toBe(201);
      expect(assigned.headers.get('etag')).toBe('"2"');
      expect(assigned.body).toMatchObject({ status: 'assigned', office: OFFICE, officerId: 'officer-1', version: 2 });

      for (const section of SECTIONS) expect((await draft(reportId, section, { text: `First draft of ${section}` })).status).toBe(200);
      const redrafted = await draft(reportId, 'risk_and_needs', { text: 'Stable work,\tno debts.\nLives with family.' }, officer, { 'If-Match': '"5"' });
      expect(redrafted.status).toBe(200);
      expect(redrafted.headers.get('etag')).toBe('"6"');

      const read = await http('GET', `${base}/${reportId}`, { token: officer });
      expect(read.body.sections).toEqual([
        { section: 'personal_circumstances', text: 'First draft of personal_circumstances', draftedAt: expect.any(String), draftedBy: 'officer-1' },
        { section: 'risk_and_needs', text: 'Stable work,\tno debts.\nLives with family.', draftedAt: expect.any(String), draftedBy: 'officer-1' },
        { section: 'recommendation', text: 'First draft of recommendation', draftedAt: expect.any(String), draftedBy: 'officer-1' },
      ]);

      expectProblem(await submit(reportId, { recommendation: 'lock_them_up' }), 422, 'recommendation');
      const submitted = await submit(reportId, { recommendation: 'community_supervision_suitable', expectedVersion: 6 });
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({ status: 'submitted', recommendation: 'community_supervision_suitable', submitted: { onTime: true }, version: 7 });

      const [announced] = await outboxCloudEvents(db, PreSentenceReportSubmitted, step.data.caseId);
      expect(announced.data).toEqual({
        reportId,
        caseId: step.data.caseId,
        region: 'KG-GB',
        sourceStepId: step.data.stepId,
        personId: step.data.personId,
        recommendation: 'community_supervision_suitable',
        dueOn: day(14),
        submittedAt: expect.any(String),
      });
      const published = JSON.stringify(await outboxEvents(db, ProbationEntryRecorded, reportId));
      expect(published).not.toContain('Lives with family');
      expect(published).not.toContain('First draft');
      expectProblem(await draft(reportId, 'recommendation'), 409);
    });

    it('lists the reports the caller may see, soonest due first, by status and overdue', async () => {
      const late = await requested({ occurredAt: new Date(Date.now() - 10 * DAY).toISOString() }, -3);
      const soon = await requested({}, 2);
      const listed = async (query: string, token = supervisor) => (await http<{ id: string }[]>('GET', `${base}?limit=100&${query}`, { token })).body.map((report) => report.id);

      const overdue = await listed('overdue=true');
      expect(overdue).toContain(late.reportId);
      expect(overdue).not.toContain(soon.reportId);
      expect(await listed('overdue=false')).toContain(soon.reportId);
      const all = await listed('status=requested');
      expect(all.indexOf(late.reportId)).toBeLessThan(all.indexOf(soon.reportId));
      expect(await listed(`caseId=${soon.step.data.caseId}`)).toEqual([soon.reportId]);
      expect(await listed('', otherRegion)).not.toContain(soon.reportId);
      expect(await listed('', admin)).toContain(soon.reportId);

      await assign(soon.reportId);
      expect(await listed('', otherOfficer)).not.toContain(soon.reportId);
      expect(await listed('', otherOfficer)).toContain(late.reportId); // not yet assigned: the region's offices see it

      for (const [query, field] of [['status=lost', 'status'], ['overdue=maybe', 'overdue'], ['limit=0', 'limit'], ['caseId=42', 'caseId']]) {
        expectProblem(await http('GET', `${base}?${query}`, { token: supervisor }), 400, field);
      }
    });
  });

  describe('bad input writes nothing', () => {
    let reportId: string;
    beforeAll(async () => {
      ({ reportId } = await requested());
      expect((await assign(reportId)).status).toBe(201);
    });

    it.each<[string, () => Promise<HttpResult>, number, string | undefined]>([
      ['an assignment without an office', () => assign(reportId, { officerId: 'officer-1' }), 400, 'office'],
      ['an officer id of the wrong type', () => assign(reportId, { office: OFFICE, officerId: 17 }), 400, 'officerId'],
      ['an officer id too long', () => assign(reportId, { office: OFFICE, officerId: 'x'.repeat(65) }), 400, 'officerId'],
      ['a field the command does not have', () => assign(reportId, { kind: 'initial', office: OFFICE, officerId: 'officer-1' }), 400, 'kind'],
      ['an office the pack does not know', () => assign(reportId, { office: 'PR-NOWHERE', officerId: 'officer-1' }), 422, 'office'],
      ['a section the pack does not know', () => draft(reportId, 'horoscope'), 422, 'section'],
      ['a section code too long', () => draft(reportId, 'x'.repeat(65)), 400, 'section'],
      ['a section without text', () => draft(reportId, 'risk_and_needs', {}), 400, 'text'],
      ['a text too long', () => draft(reportId, 'risk_and_needs', { text: 'x'.repeat(20_001) }), 400, 'text'],
      ['a text with a control character', () => draft(reportId, 'risk_and_needs', { text: 'bell\u0007' }), 400, 'text'],
      ['a draft dated in the future', () => draft(reportId, 'risk_and_needs', { text: 'ok', occurredAt: new Date(Date.now() + DAY).toISOString() }), 422, 'occurredAt'],
      ['a date that is no date', () => draft(reportId, 'risk_and_needs', { text: 'ok', occurredAt: 'yesterday' }), 400, 'occurredAt'],
      ['a submission before the sections', () => submit(reportId), 422, undefined],
      ['a recommendation of the wrong type', () => submit(reportId, { recommendation: 42 }), 400, 'recommendation'],
      ['a stale expected version', () => draft(reportId, 'risk_and_needs', { text: 'ok', expectedVersion: 1 }), 409, undefined],
      ['a stale If-Match', () => assign(reportId, { office: OFFICE, officerId: 'officer-3' }, supervisor, { 'If-Match': '"1"' }), 409, undefined],
      ['an officer of another office', () => draft(reportId, 'risk_and_needs', { text: 'ok' }, otherOfficer), 403, undefined],
      ['a supervisor of another region', () => assign(reportId, { office: 'PR-KG-C-CHUY', officerId: 'x' }, otherRegion), 403, undefined],
      ['an officer assigning', () => assign(reportId, { office: OFFICE, officerId: 'officer-1' }, officer), 403, undefined],
      ['an unknown report', () => draft(randomUUID(), 'risk_and_needs'), 404, undefined],
      ['a report id that is no uuid', () => draft('42', 'risk_and_needs'), 400, undefined],
    ])('%s', async (_, call, status, field) => {
      const before = await version(reportId);
      expectProblem(await call(), status, field);
      expect(await version(reportId)).toBe(before);
    });

    it('refuses another region’s and another office’s report, as another region’s case is everywhere, and roles that may not read', async () => {
      expectProblem(await http('GET', `${base}/${reportId}`, { token: otherRegion }), 403);
      expectProblem(await http('GET', `${base}/${reportId}`, { token: otherOfficer }), 403);
      expectProblem(await http('GET', `${base}/${reportId}`, { token: await services.tokenFor('analyst') }), 403);
      expectProblem(await http('GET', `${base}`, { token: await services.tokenFor('prosecutor', { region: 'KG-GB' }) }), 403);
      expect((await http('GET', `${base}/${reportId}`, { token: admin })).status).toBe(200);
    });

    it('answers a replayed Idempotency-Key with the first answer and writes nothing more', async () => {
      const { reportId: fresh } = await requested();
      const key = { 'Idempotency-Key': randomUUID() };
      const first = await assign(fresh, undefined, supervisor, key);
      const again = await assign(fresh, undefined, supervisor, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await version(fresh)).toBe(2);
      expectProblem(await assign(fresh, { office: OFFICE, officerId: 'officer-9' }, supervisor, key), 422);
      expect(await version(fresh)).toBe(2);
    });
  });
});
