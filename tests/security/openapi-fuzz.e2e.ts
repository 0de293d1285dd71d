import { Role } from '@icjims/contracts';
import { eventually, http, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { FuzzOperation, FuzzRequest, OpenApiDocument, OpenApiFuzzer } from './support/openapi-fuzzer';

const DEFINITIONS = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];
/** At least 10,000 requests (issue 7); FUZZ_REQUESTS / FUZZ_SEED reproduce or lengthen a run. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CONCURRENCY = 8;

interface Outcome {
  service: string;
  request: FuzzRequest;
  correlationId: string;
  status: number;
  contentType: string;
}

/**
 * An OpenAPI-driven fuzz of every operation of every service: no answer is a 5xx, every
 * refusal is problem+json, and every request leaves exactly one access entry, found by its
 * own correlation id.
 */
describe(`OpenAPI fuzz (${REQUESTS} requests, seed ${SEED})`, () => {
  let services: RunningServices;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    // The limiter would turn most of a fuzz from one address away; it has its own tests.
    process.env.RATE_LIMIT_PER_ADDRESS = '1000000';
    process.env.RATE_LIMIT_PER_USER = '1000000';
    services = await startServices(DEFINITIONS);

    const region = 'KG-GB';
    const prosecutor = await services.tokenFor('prosecutor', { region });
    const registered = await http('POST', `${services.urls['case-registry']}/api/v1/cases`, {
      token: prosecutor,
      body: { source: 'complaint', receivedAt: '2026-11-23T08:30:00Z', registeredAt: '2026-11-23T09:00:00Z', region, district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'fuzz seed case' },
    });
    expect(registered.status).toBe(201);
    const caseId: string = registered.body.id;
    const added = await http('POST', `${services.urls['case-registry']}/api/v1/cases/${caseId}/persons`, {
      token: prosecutor,
      body: { role: 'suspect', person: { givenName: 'Fuzz', familyName: 'Seed', dateOfBirth: '1990-01-01', sex: 'female' } },
      purpose: 'investigation',
    });
    expect(added.status).toBe(201);
    const knownIds = [caseId, added.body.id];

    const tokens: (string | undefined)[] = [undefined, 'garbage', `${prosecutor.slice(0, -4)}AAAA`];
    const roleSets: [Role[], string | undefined][] = [
      [['prosecutor'], region],
      [['investigator'], region],
      [['prosecutor'], 'KG-C'],
      [['probation_officer'], region],
      [['analyst'], undefined],
      [['auditor'], undefined],
      [['admin'], undefined],
      [['data_protection_officer'], undefined],
    ];
    for (const [roles, tokenRegion] of roleSets) tokens.push(await services.tokenFor(roles, { region: tokenRegion }));
    tokens.push(await services.tokenFor('admin', { ttlSeconds: -300 }));

    const plan: { service: string; fuzzer: OpenApiFuzzer; op: FuzzOperation }[] = [];
    for (const [index, { name }] of DEFINITIONS.entries()) {
      const document = (await http<OpenApiDocument>('GET', `${services.urls[name]}/docs-json`)).body;
      const fuzzer = new OpenApiFuzzer(document, SEED + index, knownIds);
      // The API's operations: the operational ones (/health/live, /health/ready) leave no access entry by design.
      for (const op of fuzzer.operations().filter(({ path }) => path.startsWith('/api/v1/'))) plan.push({ service: name, fuzzer, op });
    }

    let next = 0;
    const worker = async () => {
      for (let n = next++; n < REQUESTS; n = next++) {
        const { service, fuzzer, op } = plan[n % plan.length];
        const request = fuzzer.request(op, (n % 5) / 4);
        const token = tokens[n % tokens.length];
        const correlationId = `fuzz-${SEED}-${n}`;
        const headers: Record<string, string> = { ...request.headers, 'x-correlation-id': correlationId };
        if (token) headers.authorization = `Bearer ${token}`;
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        if (fuzzer.chance(0.6)) headers['x-purpose'] = fuzzer.pick(['investigation', 'audit', 'data_subject_request', 'nonsense', 'statistics']);
        const response = await fetch(`${services.urls[service]}${request.url}`, { method: request.method, headers, body: request.body });
        await response.arrayBuffer();
        outcomes.push({ service, request, correlationId, status: response.status, contentType: response.headers.get('content-type') ?? '' });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 600_000);

  afterAll(async () => {
    delete process.env.RATE_LIMIT_PER_ADDRESS;
    delete process.env.RATE_LIMIT_PER_USER;
    await services?.stop();
  });

  it('sent every request and got no 5xx', () => {
    expect(outcomes).toHaveLength(REQUESTS);
    const failures = outcomes.filter((outcome) => outcome.status >= 500).map(({ service, request, status }) => ({ service, method: request.method, url: request.url.slice(0, 200), body: request.body?.slice(0, 200), status }));
    expect(failures).toEqual([]);
  });

  it('answers every refusal with problem+json', () => {
    const plain = outcomes.filter((outcome) => outcome.status >= 400 && !outcome.contentType.includes('application/problem+json'));
    expect(plain.map(({ service, request, status, contentType }) => ({ service, method: request.method, url: request.url.slice(0, 200), status, contentType }))).toEqual([]);
  });

  it('exercised allowed and refused calls alike', () => {
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    for (const status of [200, 400, 401, 403, 404]) expect([status, statuses.has(status)]).toEqual([status, true]);
  });

  it('left exactly one access entry for every request', async () => {
    const counts = await eventually(
      async () => {
        const { rows } = await services.db.query<{ correlation_id: string; n: number }>(
          `SELECT correlation_id, count(*)::int AS n FROM audit.access_log WHERE correlation_id LIKE $1 GROUP BY correlation_id`,
          [`fuzz-${SEED}-%`],
        );
        return rows.length >= REQUESTS ? rows : undefined;
      },
      120_000,
      `an access entry for each of ${REQUESTS} requests`,
    ).catch(async (error: unknown) => {
      const { rows } = await services.db.query<{ correlation_id: string }>(`SELECT correlation_id FROM audit.access_log WHERE correlation_id LIKE $1`, [`fuzz-${SEED}-%`]);
      const found = new Set(rows.map((row) => row.correlation_id));
      const missing = outcomes.filter((outcome) => !found.has(outcome.correlationId)).slice(0, 10);
      throw new Error(`${String(error)}; first missing: ${JSON.stringify(missing.map(({ service, request, status }) => ({ service, method: request.method, url: request.url.slice(0, 120), body: request.body?.slice(0, 120), status })))}`);
    });
    expect(counts.filter((row) => row.n !== 1)).toEqual([]);
    expect(new Set(counts.map((row) => row.correlation_id)).size).toBe(REQUESTS);
  }, 180_000);
});
