import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { AccessRecordedV1, CloudEvent, deadLetterTopic, eventTopic } from '@icjims/contracts';
import { eventually, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { auditService } from '../audit.service';
import { AccessLogVacuum1763900000540 } from '../migrations/1763900000540-access-log-vacuum';
import { accessRecorded, statementsOn } from './access-events.fixtures';

describe('audit', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let auditor: string;

  beforeAll(async () => {
    services = await startServices([auditService]);
    base = `${services.urls.audit}/api/v1`;
    auditor = await services.tokenFor('auditor');
    db = services.db;
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<AccessRecordedV1>[]) => publishEvents(services.bus, ...events);
  /** On a chosen topic, whatever the event says about its producer. */
  const deliverOn = (topic: string, event: CloudEvent<AccessRecordedV1>) =>
    services.bus.publish([{ topic, key: event.subject, value: JSON.stringify(event), headers: {} }]);

  const list = async (query: string, token = auditor) => {
    const response = await http('GET', `${base}/access-logs?${query}`, { token });
    if (response.status !== 200) throw new Error(`GET /access-logs?${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const verify = async () => (await http('GET', `${base}/access-logs/verify`, { token: auditor })).body;

  /** Runs SQL as if the triggers were not there: what someone with superuser rights could do. */
  const bypassingTriggers = async (sql: string, params: unknown[] = []) => {
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    await db.query(sql, params);
    await db.query('COMMIT');
  };

  it('logs the access events of every service, with the case they touched', async () => {
    const caseId = randomUUID();
    const registered = accessRecorded('case-registry', {
      actor: { sub: 'prosecutor-17', roles: ['prosecutor'], region: 'KG-GB' },
      action: 'register',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      status: 201,
      method: 'POST',
      route: '/api/v1/cases',
      sourceIp: '10.0.0.7',
      occurredAt: '2026-11-23T09:30:00.123456Z',
    });
    await deliver(registered);
    await deliver(...(['procedural-steps', 'probation', 'analytics', 'audit'] as const).map((service) => accessRecorded(service, { caseId })));

    const page = await list(`caseId=${caseId}`);
    expect(page.items.map((item: { service: string }) => item.service)).toEqual(['audit', 'analytics', 'probation', 'procedural-steps', 'case-registry']);
    expect(page.items[4]).toEqual({
      seq: expect.any(Number),
      eventId: registered.id,
      occurredAt: '2026-11-23T09:30:00.123Z',
      service: 'case-registry',
      actor: { sub: 'prosecutor-17', roles: ['prosecutor'], region: 'KG-GB' },
      action: 'register',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      outcome: 'allowed',
      status: 201,
      method: 'POST',
      route: '/api/v1/cases',
      reason: null,
      sourceIp: '10.0.0.7',
      correlationId: registered.correlationid,
      purpose: null,
      personIds: [],
      flags: [],
      count: null,
      format: 2,
      recordedAt: expect.any(String),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(page.items[3].prevHash).toBe(page.items[4].hash);
    expect(page.items[3].seq).toBe(page.items[4].seq + 1);
  });

  it('logs the calls to its own API, refused ones too', async () => {
    await http('GET', `${base}/access-logs`, { token: auditor, headers: { 'x-correlation-id': 'own-allowed' } });
    const refused = await http('GET', `${base}/access-logs`, { token: await services.tokenFor('admin'), headers: { 'x-correlation-id': 'own-denied' } });
    expect(refused.status).toBe(403);

    const own = await eventually(async () => {
      const body = await list('service=audit&limit=500');
      const found = ['own-allowed', 'own-denied'].map((id) => body.items.find((item: { correlationId: string }) => item.correlationId === id));
      return found.every(Boolean) ? found : undefined;
    });
    expect(own[0]).toMatchObject({ action: 'list', resourceType: 'access-log', outcome: 'allowed', status: 200, actor: { sub: 'test-auditor', roles: ['auditor'], region: null } });
    expect(own[1]).toMatchObject({ action: 'list', resourceType: 'access-log', outcome: 'denied', status: 403, actor: { sub: 'test-admin', roles: ['admin'] }, reason: expect.stringContaining('auditor') });
  });

  /** Until the access events of the calls made so far (to this service's own API too) are logged: none left in its outbox, the head still. */
  const quiet = () =>
    eventually(async () => {
      const read = async () => (await db.query(`SELECT (SELECT count(*) FROM audit.outbox WHERE published_at IS NULL)::int AS pending, (SELECT last_seq::text FROM audit.access_log_head) AS head`)).rows[0];
      const before = await read();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await read();
      return before.pending === 0 && after.pending === 0 && before.head === after.head ? true : undefined;
    }, 10_000, 'the audit log to be quiet');

  it('appends a batch of access events in two round trips, whatever its size', async () => {
    // Another batch still in flight (the last API call of the test before) would send its statements meanwhile.
    await quiet();
    const events = Array.from({ length: 25 }, () => accessRecorded('case-registry'));
    const statements = await statementsOn(/\binbox\b|access_log_head|access_tree/, () => deliver(...events));

    expect(statements).toHaveLength(2);
    // The START, the inbox insert, the head's lock and the tree's right edge; then the entries, the head, the tree and the COMMIT.
    expect(statements[0]).toMatch(/^START TRANSACTION;\nINSERT INTO audit\.inbox[^]*access_log_head FOR UPDATE;\nWITH size AS[^]*access_tree/);
    expect(statements[1]).toMatch(/^INSERT INTO access_log [^]*;\nUPDATE access_log_head [^]*;\nINSERT INTO access_tree [^]*;\nCOMMIT$/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE event_id = ANY($1)`, [events.map((event) => event.id)]);
    expect(rows[0].n).toBe(25);
    await expect(verify()).resolves.toMatchObject({ valid: true });
  });

  it('logs an access event once however often it is delivered', async () => {
    const event = accessRecorded('probation');
    await deliver(event);
    await deliver(event);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE event_id = $1`, [event.id]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['an event whose data names another service than its type', () => ({ ...accessRecorded('analytics'), data: accessRecorded('probation').data }), /data.service/],
    ['an event with an unknown outcome', () => accessRecorded('analytics', { outcome: 'maybe' as never }), /outcome/],
    ['an event without an actor', () => accessRecorded('analytics', { actor: undefined as never }), /actor/],
  ])('dead-letters %s with the reason, and goes on', async (_, poison, reason) => {
    const event = poison();
    await deliverOn(eventTopic('analytics'), event);
    const { rows } = await db.query(`SELECT headers FROM audit.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('audit'), event.subject]);
    expect(rows).toHaveLength(1);
    expect(rows[0].headers['x-dead-letter-reason']).toMatch(reason);
    expect((await db.query(`SELECT 1 FROM audit.access_log WHERE event_id = $1`, [event.id])).rows).toEqual([]);

    const next = accessRecorded('analytics');
    await deliver(next);
    expect((await db.query(`SELECT 1 FROM audit.access_log WHERE event_id = $1`, [next.id])).rows).toHaveLength(1);
  });

  it('pages newest first with a cursor, and filters by subject, outcome and time', async () => {
    const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05'];
    for (const [index, day] of days.entries()) {
      await deliver(accessRecorded('probation', { actor: { sub: 'pager', roles: ['probation_officer'], region: 'KG-GB' }, occurredAt: `${day}T12:00:00Z`, ...(index % 2 ? { outcome: 'denied', status: 403 } : {}) }));
    }
    const first = await list('sub=pager&limit=2');
    expect(first.items.map((item: { occurredAt: string }) => item.occurredAt.slice(0, 10))).toEqual(['2025-01-05', '2025-01-04']);
    expect(first.items[0].seq).toBeGreaterThan(first.items[1].seq);
    const second = await list(`sub=pager&limit=2&before=${first.nextBefore}`);
    expect(second.items.map((item: { occurredAt: string }) => item.occurredAt.slice(0, 10))).toEqual(['2025-01-03', '2025-01-02']);
    const last = await list(`sub=pager&limit=2&before=${second.nextBefore}`);
    expect(last.items).toHaveLength(1);
    expect(last.nextBefore).toBeNull();

    expect((await list('sub=pager&outcome=denied')).items).toHaveLength(2);
    const window = await list(`sub=pager&from=2025-01-02T00:00:00Z&to=${encodeURIComponent('2025-01-04T02:00:00+02:00')}`);
    expect(window.items.map((item: { occurredAt: string }) => item.occurredAt)).toEqual(['2025-01-03T12:00:00.000Z', '2025-01-02T12:00:00.000Z']);
    expect((await list('sub=pager&service=analytics')).items).toEqual([]);
  });

  it('shows a regional auditor the calls of their own region’s callers only', async () => {
    await deliver(accessRecorded('probation', { actor: { sub: 'regions', roles: ['probation_officer'], region: 'KG-GB' } }));
    await deliver(accessRecorded('probation', { actor: { sub: 'regions', roles: ['probation_officer'], region: 'KG-C' } }));
    await deliver(accessRecorded('analytics', { actor: { sub: 'regions', roles: ['analyst'] } }));
    expect((await list('sub=regions')).items).toHaveLength(3);
    const regional = await list('sub=regions', await services.tokenFor('auditor', { region: 'KG-C' }));
    expect(regional.items.map((item: { actor: { region: string } }) => item.actor.region)).toEqual(['KG-C']);
  });

  it.each([
    ['no token', 401, () => ({ path: '/access-logs' })],
    ['an expired token', 401, async () => ({ path: '/access-logs', token: await services.tokenFor('auditor', { ttlSeconds: -120 }) })],
    ['an admin', 403, async () => ({ path: '/access-logs', token: await services.tokenFor('admin') })],
    ['a prosecutor verifying', 403, async () => ({ path: '/access-logs/verify', token: await services.tokenFor('prosecutor', { region: 'KG-GB' }) })],
    ['an unknown query parameter', 400, () => ({ path: '/access-logs?user=x', token: auditor, field: 'user' })],
    ['a caseId that is not a UUID', 400, () => ({ path: '/access-logs?caseId=42', token: auditor, field: 'caseId' })],
    ['a from that is not a date-time', 400, () => ({ path: '/access-logs?from=yesterday', token: auditor, field: 'from' })],
    ['a from that is a week date', 400, () => ({ path: '/access-logs?from=2025-W01-1', token: auditor, field: 'from' })],
    ['a from without a time', 400, () => ({ path: '/access-logs?from=2025-01-01', token: auditor, field: 'from' })],
    ['a to on a day that does not exist', 400, () => ({ path: '/access-logs?to=2025-02-30T00:00:00Z', token: auditor, field: 'to' })],
    ['a to before from', 400, () => ({ path: '/access-logs?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', token: auditor, field: 'to' })],
    ['an unknown outcome', 400, () => ({ path: '/access-logs?outcome=maybe', token: auditor, field: 'outcome' })],
    ['an unknown service', 400, () => ({ path: '/access-logs?service=billing', token: auditor, field: 'service' })],
    ['a limit over 500', 400, () => ({ path: '/access-logs?limit=501', token: auditor, field: 'limit' })],
    ['a limit of 0', 400, () => ({ path: '/access-logs?limit=0', token: auditor, field: 'limit' })],
    ['a cursor that is not a seq', 400, () => ({ path: '/access-logs?before=abc', token: auditor, field: 'before' })],
  ])('answers %s with %i problem+json', async (_, status, request) => {
    const { path, token, field } = (await request()) as { path: string; token?: string; field?: string };
    const response = await http('GET', `${base}${path}`, { token });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('has autovacuum visit the access log after every 100,000 new entries, whatever its size (and the migration undoes that)', async () => {
    const options = async () => (await db.query(`SELECT reloptions FROM pg_class WHERE oid = 'audit.access_log'::regclass`)).rows[0].reloptions;
    const every100000 = ['autovacuum_vacuum_insert_threshold=100000', 'autovacuum_vacuum_insert_scale_factor=0'];
    expect(await options()).toEqual(every100000);

    // The migration as the migration step runs it: in the service's schema.
    const runner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
    const inSchema = async (step: (runner: QueryRunner) => Promise<void>) => {
      await db.query(`BEGIN; SET LOCAL search_path = ${auditService.schema}`);
      try {
        await step(runner);
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK'); // the suite's session goes on
        throw error;
      }
    };
    const migration = new AccessLogVacuum1763900000540();
    await inSchema((r) => migration.down(r));
    expect(await options()).toBeNull();
    await inSchema((r) => migration.up(r));
    expect(await options()).toEqual(every100000);
  });

  describe('tamper evidence', () => {
    it.each([
      ['UPDATE', `UPDATE audit.access_log SET actor_sub = 'someone-else' WHERE seq = 1`],
      ['DELETE', `DELETE FROM audit.access_log WHERE seq = 1`],
      ['TRUNCATE', `TRUNCATE audit.access_log`],
      ['a head moved back', `UPDATE audit.access_log_head SET last_seq = 0, last_hash = repeat('0', 64)`],
      ['a head deleted', `DELETE FROM audit.access_log_head`],
      [
        'an insert that does not extend the chain',
        `INSERT INTO audit.access_log SELECT seq + 100000, event_id || '-copy', occurred_at, service, actor_sub, actor_roles, actor_region, action,
           resource_type, resource_id, case_id, outcome, status, method, route, reason, source_ip, correlation_id, recorded_at, prev_hash, hash
         FROM audit.access_log WHERE seq = 1`,
      ],
    ])('refuses %s in the database itself', async (_, sql) => {
      await expect(db.query(sql)).rejects.toThrow(/append-only|does not extend|may only advance/);
      expect((await db.query(`SELECT count(*)::int AS n FROM audit.access_log WHERE seq = 1`)).rows[0].n).toBe(1);
    });

    it('verifies an intact chain', async () => {
      const verdict = await verify();
      expect(verdict).toMatchObject({ valid: true, checked: expect.any(Number) });
      expect(verdict.checked).toBeGreaterThan(10);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit.access_log`);
      expect(verdict.checked).toBeLessThanOrEqual(rows[0].n);
    });

    it('reports the first changed entry when a field was changed behind the triggers', async () => {
      const { rows } = await db.query(`SELECT seq, actor_sub FROM audit.access_log WHERE actor_sub = 'pager' ORDER BY seq LIMIT 1`);
      const seq = Number(rows[0].seq);
      await bypassingTriggers(`UPDATE audit.access_log SET actor_sub = 'someone-else' WHERE seq = $1`, [seq]);
      expect(await verify()).toMatchObject({ valid: false, checked: seq - 1, firstBrokenSeq: seq });

      await bypassingTriggers(`UPDATE audit.access_log SET actor_sub = 'pager' WHERE seq = $1`, [seq]);
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('reports a removed entry at its seq', async () => {
      const { rows } = await db.query(`SELECT seq FROM audit.access_log WHERE actor_sub = 'regions' ORDER BY seq LIMIT 1`);
      const seq = Number(rows[0].seq);
      await bypassingTriggers(`DELETE FROM audit.access_log WHERE seq = $1`, [seq]);
      expect(await verify()).toMatchObject({ valid: false, checked: seq - 1, firstBrokenSeq: seq });
    });
  });
});
