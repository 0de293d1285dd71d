import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ProbationEntryRecorded, StepDetailsV1 } from '@icjims/contracts';
import { eventually, http, HttpResult, outboxCloudEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { stepRecorded } from '../probation.fixtures';
import { ProbationJournalSealer } from '../journal/probation-journal-sealer';
import { probationService } from '../probation.service';

const OFFICE = 'PR-KG-GB-LENINSKY';
const OTHER_OFFICE = 'PR-KG-GB-OKTYABRSKY';
const ANSWERS = { accommodation: 'none', employment: 'some', finance: 'none', relationships: 'none', lifestyle: 'some', alcohol: 'none', drugs: 'none', attitudes: 'none' };
const NOTE = 'Talked about the new job at the bakery';
const EVIDENCE = 'Neighbour saw him at the bar after curfew';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the case as the API answers it
type Response = HttpResult<any>;

/** The commands of a probation case through real HTTP and the service's PostgreSQL. */
describe('probation case commands', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    db = services.db;
    tokens.supervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OFFICE, sub: 'supervisor-1' });
    tokens.officer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: 'officer-17' });
    tokens.otherOfficeOfficer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OTHER_OFFICE, sub: 'officer-99' });
    tokens.otherOfficeSupervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OTHER_OFFICE, sub: 'supervisor-9' });
    tokens.otherRegionOfficer = await services.tokenFor('probation_officer', { region: 'KG-C', sub: 'officer-c' });
    tokens.prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    tokens.admin = await services.tokenFor('admin');
  });
  afterAll(() => services?.stop());

  /** A court decision delivered from procedural-steps, and the probation case it opened. */
  async function opened(details: StepDetailsV1 = { sentenceType: 'probation', termMonths: 12, obligations: ['report_regularly', 'curfew'] }): Promise<string> {
    const event = stepRecorded({ details, occurredAt: '2026-02-02T09:00:00Z' });
    await publishEvents(services.bus, event);
    return eventually(async () => (await http('GET', `${base}/probation-cases?caseId=${event.data.caseId}`, { token: tokens.admin })).body[0]?.id as string | undefined);
  }

  const send = (method: 'POST' | 'PUT', id: string, path: string, body: object, token = tokens.officer, headers: Record<string, string> = {}) =>
    http(method, `${base}/probation-cases/${id}/${path}`, { token, body, headers });

  async function ok(response: Promise<Response>, status = 201): Promise<Response> {
    const done = await response;
    if (done.status !== status) throw new Error(`expected ${status}, got ${done.status}: ${JSON.stringify(done.body)}`);
    return done;
  }

  const versionOf = async (id: string) => (await http('GET', `${base}/probation-cases/${id}`, { token: tokens.admin })).body.version as number;
  const published = async (id: string) => outboxCloudEvents(db, ProbationEntryRecorded, id);

  async function allocated(details?: StepDetailsV1): Promise<string> {
    const id = await opened(details);
    await ok(send('POST', id, 'allocations', { kind: 'initial', office: OFFICE, officerId: 'officer-17' }, tokens.supervisor));
    return id;
  }

  describe('a case from its allocation to a court’s extension', () => {
    let id: string;
    beforeAll(async () => {
      id = await opened();
    });

    it('allocates it to an office and an officer, answering 201 with the case and its ETag', async () => {
      const response = await ok(send('POST', id, 'allocations', { kind: 'initial', office: OFFICE, officerId: 'officer-17' }, tokens.supervisor));
      expect(response.body).toMatchObject({ id, status: 'active', office: OFFICE, officerId: 'officer-17', region: 'KG-GB', version: 2 });
      expect(response.headers.get('etag')).toBe('"2"');
    });

    it('sets the plan (PUT, 200), schedules a contact and records it attended, with the officer’s note kept in the journal only', async () => {
      const plan = await ok(send('PUT', id, 'plan', { items: [{ obligation: 'report_regularly', everyDays: 14 }, { obligation: 'curfew' }], expectedVersion: 2 }), 200);
      expect(plan.body.plan).toEqual([{ obligation: 'report_regularly', everyDays: 14 }, { obligation: 'curfew' }]);
      const scheduled = await ok(send('POST', id, 'contacts', { contactKind: 'office_appointment', scheduledFor: new Date().toISOString() }, tokens.officer, { 'if-match': '"3"' }));
      const [contact] = scheduled.body.contacts;
      expect(contact).toEqual({ contactId: expect.any(String), contactKind: 'office_appointment', scheduledFor: expect.any(String) });
      const recorded = await ok(send('POST', id, 'contact-records', { contactId: contact.contactId, contactKind: 'office_appointment', outcome: 'attended', note: NOTE }));
      expect(recorded.body.contacts).toEqual([{ ...contact, outcome: 'attended' }]);
      expect(recorded.body.firstMeetingAt).toEqual(expect.any(String));
      const journal = await http('GET', `${base}/probation-cases/${id}/journal`, { token: tokens.officer });
      expect(journal.body.at(-1)).toMatchObject({ entryType: 'contact_recorded', recordedBy: 'officer-17', details: { note: NOTE } });
    });

    it('scores an intake assessment by the pack’s instrument', async () => {
      const response = await ok(send('POST', id, 'assessments', { instrument: 'sample_risk_needs', version: 1, purpose: 'intake', answers: ANSWERS }));
      expect(response.body.lastAssessment).toMatchObject({ instrument: 'sample_risk_needs', instrumentVersion: 1, score: 2, band: 'low', nextDueOn: expect.any(String) });
    });

    it('records a violation, a warning, a submission to court for extension and the court’s decision, which moves the end of the term', async () => {
      const violation = await ok(send('POST', id, 'violations', { obligation: 'curfew', violationType: 'obligation_breach', occurredOn: '2026-11-20', evidence: EVIDENCE }));
      const [{ violationId }] = violation.body.violations;
      await ok(send('POST', id, `violations/${violationId}/responses`, { response: 'warning' }));
      const submitted = await ok(send('POST', id, 'court-submissions', { request: 'extension', violationId }));
      const [{ submissionId }] = submitted.body.submissions;
      const decided = await ok(send('POST', id, `court-submissions/${submissionId}/decision`, { granted: true, extensionMonths: 6 }));
      expect(decided.body).toMatchObject({ status: 'active', termMonths: 12, endsOn: '2027-08-02' });
      expect(decided.body.violations).toEqual([{ violationId, obligation: 'curfew', violationType: 'obligation_breach', occurredOn: '2026-11-20', responses: ['warning', 'court_extension'] }]);
      expect(decided.body.submissions).toEqual([{ submissionId, request: 'extension', violationId, submittedAt: expect.any(String), decision: { granted: true, decidedAt: expect.any(String) } }]);
    });

    it('published every entry as probation-entry.recorded, in order (a submission to court is the violation’s response too), without the note, the evidence or the answers', async () => {
      const events = await published(id);
      expect(events.map((event) => [event.data.sequence, event.data.entryType])).toEqual([
        [1, 'opened'], [2, 'allocated'], [3, 'plan_set'], [4, 'contact_scheduled'], [5, 'contact_recorded'], [6, 'assessment_recorded'],
        [7, 'violation_recorded'], [8, 'violation_responded'], [9, 'violation_responded'], [10, 'court_submitted'], [11, 'court_decided'],
      ]);
      expect(events.every((event) => event.subject === id && event.data.office === (event.data.sequence === 1 ? undefined : OFFICE))).toBe(true);
      const raw = (await db.query(`SELECT value FROM probation.outbox WHERE value LIKE $1`, [`%${id}%`])).rows.map((row) => row.value).join('\n');
      expect(raw).not.toContain(NOTE);
      expect(raw).not.toContain(EVIDENCE);
      expect(raw).not.toContain('answers');
      expect(events[5].data.details).toEqual({ instrument: 'sample_risk_needs', instrumentVersion: 1, purpose: 'intake', score: 2, band: 'low', nextDueOn: expect.any(String) });
    });

    it('keeps the chain verifying, and records each read of the journal in the access trail', async () => {
      expect((await http('GET', `${base}/probation-cases/${id}/journal/verify`, { token: tokens.officer })).body).toMatchObject({ valid: true, checked: 11, version: 11 });
      await services.apps[0].get(ProbationJournalSealer).checkpoint();
      expect((await http('GET', `${base}/probation-cases/${id}/journal/verify`, { token: tokens.officer })).body).toMatchObject({ valid: true, provenInCheckpoint: 11, awaitingCheckpoint: 0, checkpoint: { log: 'probation-journal' } });
      await http('GET', `${base}/probation-cases/${id}/journal`, { token: tokens.officer, headers: { 'x-correlation-id': `journal-${id}` } });
      const trail = await eventually(async () => {
        const { rows } = await db.query(`SELECT value FROM probation.outbox WHERE event_type = 'icjims.probation.access.recorded.v1' AND value LIKE $1`, [`%journal-${id}%`]);
        return rows[0] ? JSON.parse(rows[0].value) : undefined;
      });
      expect(trail.data).toMatchObject({ action: 'read-journal', resourceType: 'probation-case', resourceId: id, outcome: 'allowed' });
    });

    it('answers a replayed Idempotency-Key with the first response and writes nothing; the key on another body is a 422', async () => {
      const key = randomUUID();
      const body = { contactKind: 'phone', outcome: 'attended' };
      const first = await ok(send('POST', id, 'contact-records', body, tokens.officer, { 'idempotency-key': key }));
      const again = await ok(send('POST', id, 'contact-records', body, tokens.officer, { 'idempotency-key': key }));
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await send('POST', id, 'contact-records', { ...body, contactKind: 'home_visit' }, tokens.officer, { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(await versionOf(id)).toBe(first.body.version);
    });

    it('answers a PUT of the plan repeated with its Idempotency-Key with the first response, and appends one plan', async () => {
      const key = randomUUID();
      const body = { items: [{ obligation: 'report_regularly', everyDays: 7 }] };
      const first = await ok(send('PUT', id, 'plan', body, tokens.officer, { 'idempotency-key': key }), 200);
      const again = await ok(send('PUT', id, 'plan', body, tokens.officer, { 'idempotency-key': key }), 200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await versionOf(id)).toBe(first.body.version);
    });
  });

  describe('ends and community work', () => {
    it('logs community work against the hours ordered, never beyond them', async () => {
      const id = await allocated({ sentenceType: 'community_work', termMonths: 6, communityWorkHours: 10, obligations: ['community_work'] });
      const logged = await ok(send('POST', id, 'community-work', { workedOn: '2026-11-20', hours: 8 }));
      expect(logged.body.communityWork).toEqual({ ordered: 10, worked: 8 });
      const beyond = await send('POST', id, 'community-work', { workedOn: '2026-11-21', hours: 3 });
      expect(beyond.status).toBe(422);
      expect(beyond.body.errors).toEqual([expect.objectContaining({ field: 'hours' })]);
      expect(await versionOf(id)).toBe(logged.body.version);
    });

    it('records absconding and finding, and a death that ends the case: nothing more is recorded after it', async () => {
      const id = await allocated();
      expect((await ok(send('POST', id, 'absconding', { since: '2026-11-01' }))).body).toMatchObject({ status: 'absconded', abscondedSince: '2026-11-01' });
      expect((await ok(send('POST', id, 'found', { on: '2026-11-10' }))).body).toMatchObject({ status: 'active', abscondedSince: null });
      expect((await ok(send('POST', id, 'death', { diedOn: '2026-11-15' }))).body).toMatchObject({ status: 'deceased', ended: { end: 'deceased', endedOn: '2026-11-15' } });
      const after = await send('POST', id, 'contact-records', { contactKind: 'phone', outcome: 'attended' });
      expect(after.status).toBe(409);
      expect((await http('GET', `${base}/probation-cases?status=deceased&caseId=${(await http('GET', `${base}/probation-cases/${id}`, { token: tokens.admin })).body.caseId}`, { token: tokens.officer })).body).toHaveLength(1);
    });

    it('ends a case revoked by the court on a submission answering a violation, after the written warning the pack requires first', async () => {
      const id = await allocated();
      const violation = await ok(send('POST', id, 'violations', { obligation: 'report_regularly', violationType: 'missed_appointment', occurredOn: '2026-11-02' }));
      const [{ violationId }] = violation.body.violations;
      const early = await send('POST', id, 'court-submissions', { request: 'revocation', violationId });
      expect({ status: early.status, contentType: early.contentType }).toEqual({ status: 422, contentType: expect.stringContaining('application/problem+json') });
      expect(early.body.detail).toBe('court_revocation needs written_warning given earlier in the case, and none was (response-order)');
      expect(early.body.errors).toEqual([{ field: 'request', reason: 'court_revocation needs written_warning given earlier in the case, and none was' }]);
      await ok(send('POST', id, `violations/${violationId}/responses`, { response: 'warning' }));
      const before = await versionOf(id);
      expect((await send('POST', id, 'court-submissions', { request: 'revocation', violationId })).body).toMatchObject({ status: 422, errors: [{ field: 'request' }] }); // an oral warning is not the written one
      expect(await versionOf(id)).toBe(before);
      await ok(send('POST', id, `violations/${violationId}/responses`, { response: 'written_warning' }));
      const submitted = await ok(send('POST', id, 'court-submissions', { request: 'revocation', violationId }));
      const decided = await ok(send('POST', id, `court-submissions/${submitted.body.submissions[0].submissionId}/decision`, { granted: true }));
      expect(decided.body).toMatchObject({ status: 'revoked', ended: { end: 'revoked' } });
    });
  });

  describe('who sees a case, and allocation suggestions', () => {
    it('lists an office’s cases and the region’s unallocated ones to an officer bound to the office, not another office’s', async () => {
      const mine = await allocated();
      const unallocated = await opened();
      const theirs = await opened();
      await ok(send('POST', theirs, 'allocations', { kind: 'initial', office: OTHER_OFFICE, officerId: 'officer-99' }, tokens.otherOfficeSupervisor));
      const listed = (await http('GET', `${base}/probation-cases?limit=100`, { token: tokens.officer })).body.map((found: { id: string }) => found.id);
      expect(listed).toEqual(expect.arrayContaining([mine, unallocated]));
      expect(listed).not.toContain(theirs);
      expect((await http('GET', `${base}/probation-cases/${theirs}`, { token: tokens.officer })).status).toBe(403);
    });

    it('suggests the offices of the case’s region, lightest caseload per officer first, each with its caseload', async () => {
      const id = await opened();
      const response = await http('GET', `${base}/probation-cases/${id}/allocation-suggestions`, { token: tokens.supervisor });
      expect(response.status).toBe(200);
      expect(response.body.map((office: { office: string }) => office.office).sort()).toEqual(['PR-KG-GB-LENINSKY', 'PR-KG-GB-OKTYABRSKY', 'PR-KG-GB-PERVOMAISKY', 'PR-KG-GB-SVERDLOVSKY']);
      const perOfficer = response.body.map((office: { casesPerOfficer: number }) => office.casesPerOfficer);
      expect(perOfficer).toEqual([...perOfficer].sort((a, b) => a - b));
      const own = response.body.find((office: { office: string }) => office.office === OFFICE);
      const { rows } = await db.query(
        `SELECT count(*)::int AS cases FROM probation.probation_streams WHERE office = $1 AND stream = 'probation_case' AND status IN ('active', 'absconded')`,
        [OFFICE],
      );
      expect(own).toMatchObject({ region: 'KG-GB', label: expect.stringContaining('Leninsky'), activeCases: rows[0].cases, officers: 1, lightestOfficer: { officerId: 'officer-17', cases: rows[0].cases } });
      expect(response.body.find((office: { office: string }) => office.office === 'PR-KG-GB-PERVOMAISKY')).toMatchObject({ activeCases: 0, officers: 0, casesPerOfficer: 0, lightestOfficer: null });
    });
  });

  /**
   * The bad-input matrix: each endpoint with a body that names what it needs, and how each kind of
   * bad input is answered — a 4xx problem+json naming the field, and the case's version unmoved.
   */
  describe('bad input', () => {
    // A date still to come in the pack's zone whatever the hour: UTC's tomorrow is already today in Bishkek (UTC+6) after 18:00 UTC.
    const stillToCome = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    let rich: string;
    let communityWork: string;
    let violationId: string;
    let submissionId: string;

    beforeAll(async () => {
      rich = await allocated();
      const violation = await ok(send('POST', rich, 'violations', { obligation: 'curfew', violationType: 'obligation_breach', occurredOn: '2026-11-02' }));
      violationId = violation.body.violations[0].violationId;
      const submitted = await ok(send('POST', rich, 'court-submissions', { request: 'extension', violationId }));
      submissionId = submitted.body.submissions[0].submissionId;
      communityWork = await allocated({ sentenceType: 'community_work', termMonths: 6, communityWorkHours: 10, obligations: ['community_work'] });
    });

    interface Endpoint {
      method?: 'PUT';
      path: () => string;
      body: Record<string, unknown>;
      role?: 'supervisor';
      onCase?: () => string;
      /** [field, wrong-typed value, reason in the matrix] */
      bad: Array<[string, string, unknown, 400 | 422]>;
    }
    const long = (length: number) => 'x'.repeat(length);
    const ENDPOINTS: Record<string, Endpoint> = {
      allocations: {
        path: () => 'allocations',
        role: 'supervisor',
        body: { kind: 'reallocation', office: OFFICE, officerId: 'officer-18' },
        bad: [
          ['missing', 'kind', undefined, 400],
          ['wrong type', 'officerId', 17, 400],
          ['too long', 'officerId', long(65), 400],
          ['unknown enum', 'kind', 'sideways', 400],
          ['unknown pack code', 'office', 'PR-NOWHERE', 422],
        ],
      },
      plan: {
        method: 'PUT',
        path: () => 'plan',
        body: { items: [{ obligation: 'report_regularly', everyDays: 7 }] },
        bad: [
          ['missing', 'items', undefined, 400],
          ['wrong type', 'items', 'weekly', 400],
          ['too long', 'items.0.obligation', [{ obligation: long(65) }], 400],
          ['unknown pack code', 'items.0.obligation', [{ obligation: 'juggling' }], 422],
          ['a past due date before the term', 'items.0.dueOn', [{ obligation: 'treatment', dueOn: '2020-01-01' }], 422],
        ],
      },
      contacts: {
        path: () => 'contacts',
        body: { contactKind: 'office_appointment', scheduledFor: inAnHour },
        bad: [
          ['missing', 'contactKind', undefined, 400],
          ['wrong type', 'scheduledFor', 12, 400],
          ['too long', 'contactKind', long(65), 400],
          ['unknown pack code', 'contactKind', 'telepathy', 422],
        ],
      },
      'contact-records': {
        path: () => 'contact-records',
        body: { contactKind: 'phone', outcome: 'missed', missedReason: 'illness' },
        bad: [
          ['missing', 'outcome', undefined, 400],
          ['wrong type', 'note', 5, 400],
          ['too long', 'note', long(2001), 400],
          ['unknown enum', 'outcome', 'maybe', 400],
          ['unknown pack code', 'missedReason', 'bored', 422],
          ['control characters', 'note', 'fine\u0007', 400],
        ],
      },
      'community-work': {
        path: () => 'community-work',
        onCase: () => communityWork,
        body: { workedOn: '2026-11-20', hours: 2 },
        bad: [
          ['missing', 'hours', undefined, 400],
          ['wrong type', 'hours', 'two', 400],
          ['too many', 'hours', 25, 400],
          ['future date', 'workedOn', stillToCome, 422],
        ],
      },
      assessments: {
        path: () => 'assessments',
        body: { instrument: 'sample_risk_needs', version: 1, purpose: 'intake', answers: ANSWERS },
        bad: [
          ['missing', 'instrument', undefined, 400],
          ['wrong type', 'version', 'one', 400],
          ['too long', 'instrument', long(65), 400],
          ['unknown enum', 'purpose', 'whim', 400],
          ['unknown pack code', 'instrument', 'tarot', 422],
        ],
      },
      violations: {
        path: () => 'violations',
        body: { obligation: 'report_regularly', violationType: 'missed_appointment', occurredOn: '2026-11-20' },
        bad: [
          ['missing', 'violationType', undefined, 400],
          ['wrong type', 'occurredOn', 20261120, 400],
          ['too long', 'evidence', long(4001), 400],
          ['unknown pack code', 'violationType', 'jaywalking', 422],
          ['future date', 'occurredOn', stillToCome, 422],
        ],
      },
      responses: {
        path: () => `violations/${violationId}/responses`,
        body: { response: 'written_warning' },
        bad: [
          ['missing', 'response', undefined, 400],
          ['wrong type', 'response', 5, 400],
          ['too long', 'response', long(65), 400],
          ['unknown pack code', 'response', 'scolding', 422],
        ],
      },
      'court-submissions': {
        path: () => 'court-submissions',
        body: { request: 'revocation', violationId: '' },
        bad: [
          ['missing', 'request', undefined, 400],
          ['wrong type', 'violationId', 5, 400],
          ['unknown enum', 'request', 'pardon', 400],
        ],
      },
      decision: {
        path: () => `court-submissions/${submissionId}/decision`,
        body: { granted: true, extensionMonths: 3 },
        bad: [
          ['missing', 'granted', undefined, 400],
          ['wrong type', 'granted', 'yes', 400],
          ['too many months', 'extensionMonths', 601, 400],
        ],
      },
      absconding: {
        path: () => 'absconding',
        body: { since: '2026-11-20' },
        bad: [
          ['missing', 'since', undefined, 400],
          ['wrong type', 'since', true, 400],
          ['future date', 'since', stillToCome, 422],
        ],
      },
      found: {
        path: () => 'found',
        body: { on: '2026-11-20' },
        bad: [
          ['missing', 'on', undefined, 400],
          ['wrong type', 'on', '20 November', 400],
        ],
      },
      death: {
        path: () => 'death',
        body: { diedOn: '2026-11-20' },
        bad: [
          ['missing', 'diedOn', undefined, 400],
          ['wrong type', 'diedOn', ['2026-11-20'], 400],
          ['future date', 'diedOn', stillToCome, 422],
        ],
      },
    };

    const withField = (body: Record<string, unknown>, field: string, value: unknown) => {
      const top = field.split('.')[0];
      const copy: Record<string, unknown> = { ...body };
      if (value === undefined) delete copy[top];
      else copy[top] = value;
      return copy;
    };

    /** Sends a bad request and checks the problem: its status, the field named (when one is), and the case unmoved. */
    async function refused(name: string, request: { caseId?: string; body?: Record<string, unknown>; token?: string; headers?: Record<string, string> }, status: number, field?: string) {
      const endpoint = ENDPOINTS[name];
      const id = request.caseId ?? endpoint.onCase?.() ?? rich;
      const before = await versionOf(id);
      const body = request.body ?? { ...endpoint.body, ...(name === 'court-submissions' && { violationId }) };
      const token = request.token ?? (endpoint.role === 'supervisor' ? tokens.supervisor : tokens.officer);
      const response = await send(endpoint.method ?? 'POST', id, endpoint.path(), body, token, request.headers);
      expect({ status: response.status, contentType: response.contentType }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
      expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
      if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await versionOf(id)).toBe(before);
    }

    const fieldCases = Object.entries(ENDPOINTS).flatMap(([name, endpoint]) =>
      endpoint.bad.map(([kind, field, value, status]) => [name, kind, field, value, status] as const),
    );
    it.each(fieldCases)('%s: %s %s is a %#', async (name, _kind, field, value, status) => {
      const endpoint = ENDPOINTS[name];
      const body = withField({ ...endpoint.body, ...(name === 'court-submissions' && { violationId }) }, field, value);
      await refused(name, { body }, status, field);
    });

    const names = Object.keys(ENDPOINTS);
    it.each(names)('%s: an occurredAt in the future is a 422 naming it', (name) => refused(name, { body: { ...ENDPOINTS[name].body, ...(name === 'court-submissions' && { violationId }), occurredAt: inAnHour } }, 422, 'occurredAt'));
    it.each(names)('%s: another office’s case is a 403', (name) => refused(name, { token: ENDPOINTS[name].role ? tokens.otherOfficeSupervisor : tokens.otherOfficeOfficer }, 403));
    it.each(names)('%s: another region’s case is a 403', (name) => refused(name, { token: tokens.otherRegionOfficer }, 403));
    it.each(names)('%s: a wrong role is a 403', (name) => refused(name, { token: ENDPOINTS[name].role ? tokens.officer : tokens.prosecutor }, 403));
    it.each(names)('%s: a stale expected version is a 409', (name) => refused(name, { body: { ...ENDPOINTS[name].body, ...(name === 'court-submissions' && { violationId }), expectedVersion: 1 } }, 409));
    it.each(names)('%s: a stale If-Match is a 409, a malformed one a 400', async (name) => {
      await refused(name, { headers: { 'if-match': '"1"' } }, 409);
      await refused(name, { headers: { 'if-match': 'yesterday' } }, 400, 'If-Match');
    });
    it.each(names)('%s: an unknown field is a 400 naming it', (name) => refused(name, { body: { ...ENDPOINTS[name].body, ...(name === 'court-submissions' && { violationId }), region: 'KG-C' } }, 400, 'region'));

    it('writes one of two commands decided on the same version, and answers the other 409', async () => {
      const version = await versionOf(rich);
      const body = { contactKind: 'phone', outcome: 'attended', expectedVersion: version };
      const answers = await Promise.all([send('POST', rich, 'contact-records', body), send('POST', rich, 'contact-records', body)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(await versionOf(rich)).toBe(version + 1);
    });

    it('answers an unknown case with 404 and a report’s or a malformed id with 404 and 400', async () => {
      const unknown = await send('POST', randomUUID(), 'contact-records', { contactKind: 'phone', outcome: 'attended' });
      expect(unknown.status).toBe(404);
      const malformed = await send('POST', '42', 'contact-records', { contactKind: 'phone', outcome: 'attended' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'probationCaseId' })]);
      const badViolation = await send('POST', rich, 'violations/v-1/responses', { response: 'warning' });
      expect(badViolation.body.errors).toEqual([expect.objectContaining({ field: 'violationId' })]);
    });
  });
});
