import { randomUUID } from 'node:crypto';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { eventually, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { accessRecorded, statementsOn } from '../access-log/access-events.fixtures';
import { auditService } from '../audit.service';

/**
 * Working time is configuration: this suite runs the service with a four-day week and its own
 * hours, read in the zone of the default pack (KG: Asia/Bishkek), as no AUDIT_TIME_ZONE is set.
 */
const WORKING_TIME = { AUDIT_WORKING_DAYS: '1-4', AUDIT_WORKING_HOURS: '09:00-17:30' };

describe('access reports', () => {
  let services: RunningServices;
  let base: string;
  let auditor: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, WORKING_TIME);
    delete process.env.AUDIT_TIME_ZONE;
    services = await startServices([auditService]);
    base = `${services.urls.audit}/api/v1`;
    auditor = await services.tokenFor('auditor');
  });
  afterAll(async () => {
    process.env = saved;
    await services?.stop();
  });

  const deliver = (...events: CloudEvent<AccessRecordedV1>[]) => publishEvents(services.bus, ...events);
  const get = async (path: string, token = auditor) => {
    const response = await http('GET', `${base}/access-reports/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** Each test reports on a day of its own, so that the others' entries stay out of it. */
  let day = 0;
  const nextDay = () => new Date(Date.UTC(2024, 0, 1 + 10 * ++day));
  const at = (start: Date, dayOffset: number, time = '10:00:00') => `${new Date(start.getTime() + dayOffset * 86_400_000).toISOString().slice(0, 10)}T${time}Z`;
  const span = (start: Date, days = 1) => `from=${start.toISOString()}&to=${new Date(start.getTime() + days * 86_400_000).toISOString()}`;

  describe('persons consulted', () => {
    it('reports users over the threshold, and users far over their own baseline', async () => {
      const start = nextDay();
      const tag = randomUUID().slice(0, 8);
      const user = (name: string, region = 'KG-GB') => ({ sub: `${name}-${tag}`, roles: ['investigator'], region });
      const consult = (name: string, dayOffset: number, persons: number, extra: Partial<AccessRecordedV1> = {}) =>
        Array.from({ length: persons }, () =>
          accessRecorded('case-registry', { actor: user(name), resourceType: 'person', personIds: [randomUUID()], purpose: 'investigation', occurredAt: at(start, dayOffset), ...extra }),
        );
      await deliver(
        ...consult('many', 0, 9),
        ...[-1, -2, -3, -4].flatMap((offset) => consult('rising', offset, 1)),
        ...consult('rising', 0, 5),
        ...[-1, -2, -3, -4].flatMap((offset) => consult('steady', offset, 2)),
        ...consult('steady', 0, 5),
        ...consult('few', 0, 3),
        ...consult('refused', 0, 12, { outcome: 'denied', status: 403 }),
      );
      // One call naming the same person twice counts them once.
      const again = randomUUID();
      await deliver(...[0, 0].map(() => accessRecorded('case-registry', { actor: user('many'), personIds: [again], occurredAt: at(start, 0) })));

      const body = await get(`persons-consulted?${span(start)}&threshold=8&baselineFactor=3&baselinePeriods=4&baselineMinimum=4`);
      expect(body).toMatchObject({ threshold: 8, baselineFactor: 3, baselinePeriods: 4, baselineMinimum: 4 });
      expect(body.items).toEqual([
        { sub: `many-${tag}`, region: 'KG-GB', persons: 10, entries: 11, baseline: 0, reasons: ['threshold'] },
        { sub: `rising-${tag}`, region: 'KG-GB', persons: 5, entries: 5, baseline: 1, reasons: ['baseline'] },
      ]);
    });

    it('uses the configured thresholds by default', async () => {
      const start = nextDay();
      const sub = `default-${randomUUID()}`;
      await deliver(...Array.from({ length: 49 }, () => accessRecorded('case-registry', { actor: { sub, roles: ['prosecutor'], region: 'KG-GB' }, personIds: [randomUUID()], occurredAt: at(start, 0) })));
      expect((await get(`persons-consulted?${span(start)}`)).items).toEqual([]);
      await deliver(accessRecorded('case-registry', { actor: { sub, roles: ['prosecutor'], region: 'KG-GB' }, personIds: [randomUUID()], occurredAt: at(start, 0) }));
      expect((await get(`persons-consulted?${span(start)}`)).items).toEqual([expect.objectContaining({ sub, persons: 50, reasons: ['threshold'] })]);
    });
  });

  it('reports calls outside working time, read in the configured zone', async () => {
    // 2024-01-01 + 10n days; Bishkek is UTC+6. Find a Monday to start from.
    let start = nextDay();
    while (start.getUTCDay() !== 1) start = new Date(start.getTime() + 86_400_000);
    const sub = `late-${randomUUID()}`;
    const call = (dayOffset: number, utcTime: string, personIds: string[] = []) =>
      accessRecorded('procedural-steps', { actor: { sub, roles: ['prosecutor'], region: 'KG-GB' }, occurredAt: at(start, dayOffset, utcTime), personIds });
    const person = randomUUID();
    await deliver(
      call(0, '03:00:00'), // Monday 09:00 local: working
      call(0, '11:29:59'), // Monday 17:29:59 local: working
      call(0, '11:30:00', [person]), // Monday 17:30 local: after hours
      call(1, '02:59:00'), // Tuesday 08:59 local: before hours
      call(3, '20:00:00', [person]), // Friday 02:00 local (Thursday evening UTC): night
      call(4, '06:00:00'), // Friday 12:00 local: not a working day
    );
    const body = await get(`off-hours?${span(start, 7)}`);
    expect(body).toMatchObject({ timeZone: 'Asia/Bishkek', workingDays: [1, 2, 3, 4], workingHours: '09:00-17:30' });
    expect(body.items).toEqual([
      { sub, region: 'KG-GB', entries: 4, persons: 1, firstAt: at(start, 0, '11:30:00.000'), lastAt: at(start, 4, '06:00:00.000') },
    ]);
  });

  it('reports refusals for another region, including those of real requests', async () => {
    const start = new Date(Date.now() - 3_600_000);
    const sub = `nosy-${randomUUID()}`;
    const refused = (reason: string, resourceId: string) =>
      accessRecorded('case-registry', { actor: { sub, roles: ['prosecutor'], region: 'KG-GB' }, outcome: 'denied', status: 403, reason, resourceType: 'case', resourceId });
    const caseId = randomUUID();
    await deliver(
      refused('region KG-GB may not access resources of region KG-C', caseId),
      refused('region KG-GB may not access resources of region KG-C', caseId),
      refused('region KG-GB may not search the cases of region KG-O', randomUUID()),
      refused('this operation needs one of the roles: auditor', randomUUID()),
    );
    const regional = await services.tokenFor('auditor', { region: 'KG-C', sub: `regional-${randomUUID()}` });
    expect((await http('GET', `${base}/access-logs?region=KG-GB`, { token: regional })).status).toBe(403);

    const body = await eventually(async () => {
      const report = await get(`region-refusals?${span(start)}&limit=500`);
      return report.items.some((row: { sub: string }) => row.sub.startsWith('regional-')) ? report : undefined;
    });
    expect(body.items).toEqual(
      expect.arrayContaining([
        { sub, region: 'KG-GB', refusals: 3, resources: 2, firstAt: expect.any(String), lastAt: expect.any(String) },
        expect.objectContaining({ region: 'KG-C', refusals: 1 }),
      ]),
    );
    const own = await get(`region-refusals?${span(start)}&limit=500`, await services.tokenFor('auditor', { region: 'KG-GB' }));
    expect(own.items.map((row: { region: string }) => row.region)).toEqual(expect.arrayContaining(['KG-GB']));
    expect(own.items.map((row: { region: string }) => row.region)).not.toContain('KG-C');
  });

  describe('refusal bursts', () => {
    it('reports users with many refusals within the window, not the same refusals spread out', async () => {
      const start = nextDay();
      const [burst, spread] = [`burst-${randomUUID()}`, `spread-${randomUUID()}`];
      const refusal = (sub: string, seconds: number, outcome: 'denied' | 'rejected' = 'denied') =>
        accessRecorded('case-registry', {
          actor: { sub, roles: ['prosecutor'], region: 'KG-GB' },
          outcome,
          status: outcome === 'denied' ? 403 : 404,
          occurredAt: new Date(start.getTime() + 3_600_000 + seconds * 1000).toISOString(),
        });
      await deliver(
        ...[0, 10, 20, 30, 59].map((seconds) => refusal(burst, seconds)),
        ...[0, 61, 122, 183, 244].map((seconds) => refusal(spread, seconds)),
        ...[0, 1, 2, 3].map((seconds) => refusal(spread, 1000 + seconds, 'rejected')),
        refusal(spread, 1004),
      );
      const body = await get(`refusal-bursts?${span(start)}&windowSeconds=60&threshold=5`);
      expect(body).toMatchObject({ by: 'user', outcomes: ['denied', 'throttled'], windowSeconds: 60, threshold: 5 });
      expect(body.items).toEqual([
        {
          key: burst,
          refusals: 5,
          peak: 5,
          peakEndedAt: new Date(start.getTime() + 3_600_000 + 59_000).toISOString(),
          firstAt: new Date(start.getTime() + 3_600_000).toISOString(),
          lastAt: new Date(start.getTime() + 3_600_000 + 59_000).toISOString(),
        },
      ]);
      const withRejected = await get(`refusal-bursts?${span(start)}&windowSeconds=60&threshold=5&outcomes=denied,rejected`);
      expect(withRejected.items.map((row: { key: string; peak: number; refusals: number }) => [row.key, row.peak, row.refusals])).toEqual([
        [burst, 5, 5],
        [spread, 5, 10],
      ]);
    });

    it('counts by client address, a throttled entry weighing its count', async () => {
      const start = nextDay();
      const occurredAt = new Date(start.getTime() + 7_200_000).toISOString();
      await deliver(
        accessRecorded('case-registry', { actor: { roles: [] }, outcome: 'throttled', status: 429, count: 250, sourceIp: '203.0.113.9', occurredAt }),
        accessRecorded('case-registry', { actor: { roles: [] }, outcome: 'denied', status: 401, sourceIp: '203.0.113.9', occurredAt }),
        accessRecorded('case-registry', { actor: { roles: [] }, outcome: 'denied', status: 401, sourceIp: '198.51.100.4', occurredAt }),
      );
      const body = await get(`refusal-bursts?${span(start)}&by=address`);
      expect(body).toMatchObject({ by: 'address', windowSeconds: 60, threshold: 20 });
      expect(body.items).toEqual([{ key: '203.0.113.9', refusals: 251, peak: 251, peakEndedAt: occurredAt, firstAt: occurredAt, lastAt: occurredAt }]);
      // Anonymous callers have no region: a regional auditor does not see them.
      expect((await get(`refusal-bursts?${span(start)}&by=address`, await services.tokenFor('auditor', { region: 'KG-GB' }))).items).toEqual([]);
    });
  });

  it('answers each report with one query', async () => {
    const start = nextDay();
    for (const path of [`persons-consulted?${span(start)}`, `off-hours?${span(start)}`, `region-refusals?${span(start)}`, `refusal-bursts?${span(start)}&by=address`]) {
      expect(await statementsOn(/FROM access_log\b/, () => get(path))).toHaveLength(1);
    }
  });

  it('finds its rows through the partial indexes', async () => {
    const plan = async (where: string) => {
      await services.db.query('BEGIN');
      try {
        await services.db.query('SET LOCAL enable_seqscan = off');
        const { rows } = await services.db.query(`EXPLAIN SELECT 1 FROM audit.access_log WHERE ${where}`);
        return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
      } finally {
        await services.db.query('ROLLBACK');
      }
    };
    const period = `occurred_at >= '2024-01-01' AND occurred_at < '2024-02-01'`;
    expect(await plan(`outcome = 'denied' AND reason ~ '^region' AND ${period}`)).toMatch(/access_log_refusals_at|access_log_not_allowed/);
    expect(await plan(`outcome IN ('denied', 'throttled') AND ${period}`)).toContain('access_log_refusals_at');
    expect(await plan(`person_ids <> '{}' AND outcome = 'allowed' AND ${period}`)).toContain('access_log_persons_at');
    expect(await plan(`purpose = 'investigation'`)).toContain('access_log_purpose');
    expect(await plan(`resource_id = 'x'`)).toContain('access_log_resource_id');
  });

  it.each([
    ['no period', 'off-hours', 'from'],
    ['a period over 366 days', 'off-hours?from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z', 'to'],
    ['an empty period', 'region-refusals?from=2024-01-01T00:00:00Z&to=2024-01-01T00:00:00Z', 'to'],
    ['a to before from', 'region-refusals?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z', 'to'],
    ['an unknown key', 'refusal-bursts?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&by=device', 'by'],
    ['an unknown outcome', 'refusal-bursts?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&outcomes=denied,allowed', 'outcomes'],
    ['a window of 0', 'refusal-bursts?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&windowSeconds=0', 'windowSeconds'],
    ['a baseline factor of 1', 'persons-consulted?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&baselineFactor=1', 'baselineFactor'],
    ['an unknown parameter', 'persons-consulted?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&region=KG-GB', 'region'],
  ])('refuses %s with a 400 naming the field', async (_, path, field) => {
    const response = await http('GET', `${base}/access-reports/${path}`, { token: auditor });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('reads working time in the zone of the installation’s pack when AUDIT_TIME_ZONE is not set, and in AUDIT_TIME_ZONE when it is', async () => {
    const offHoursZone = async (env: Record<string, string>) => {
      Object.assign(process.env, env);
      const ee = await startServices([auditService], { jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' }) });
      try {
        const response = await http('GET', `${ee.urls.audit}/api/v1/access-reports/off-hours?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z`, {
          token: await ee.tokenFor('auditor'),
        });
        return response.body.timeZone;
      } finally {
        await ee.stop();
        delete process.env.AUDIT_TIME_ZONE;
      }
    };
    expect(await offHoursZone({})).toBe('Europe/Tallinn');
    expect(await offHoursZone({ AUDIT_TIME_ZONE: 'Asia/Bishkek' })).toBe('Asia/Bishkek');
  });

  it('refuses other roles', async () => {
    for (const role of ['admin', 'data_protection_officer'] as const) {
      const response = await http('GET', `${base}/access-reports/off-hours?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z`, { token: await services.tokenFor(role) });
      expect(response.status).toBe(403);
      expect(response.contentType).toContain('application/problem+json');
    }
  });
});
