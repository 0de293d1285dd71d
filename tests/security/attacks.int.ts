import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { eventually, http, RunningServices, startServices } from '@icjims/testing';
import { auditService } from '../../apps/audit/src/audit.service';
import { AccessCheckpoints } from '../../apps/audit/src/transparency/access-checkpoints';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { deepJson } from './support/openapi-fuzzer';

const REGION = 'KG-GB';
const OTHER_REGION = 'KG-C';

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** One HTTP/1.1 request written byte for byte, as no well-behaved client would send it. */
function rawRequest(url: string, lines: string[], body = ''): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = received.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.write(`${lines.join('\r\n')}\r\nHost: ${hostname}\r\nConnection: close\r\n${body ? `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n` : ''}\r\n${body}`, 'latin1');
  });
}

/**
 * The attacks of issue 7, each through real HTTP against real services: forged and
 * malformed tokens, control characters, deep JSON, encodings, oversized headers, and
 * personal data across regions. Every request here carries its own correlation id, and
 * each must leave exactly one access entry.
 */
describe('attacks', () => {
  let services: RunningServices;
  let registry: string;
  let prosecutor: string;
  const trailed: string[] = [];

  /** A correlation id whose access entry the last test looks for. */
  const traced = (label: string) => {
    const id = `attack-${label}-${randomUUID().slice(0, 8)}`;
    trailed.push(id);
    return { 'x-correlation-id': id };
  };

  beforeAll(async () => {
    services = await startServices([caseRegistryService, auditService]);
    registry = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: REGION });
  });
  afterAll(() => services?.stop());

  const expectProblem = (response: { status: number; contentType: string; body: unknown }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  };

  describe('forged and malformed tokens are 401 problem+json', () => {
    const cases: [string, () => Promise<string>][] = [
      ['alg none', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', roles: ['admin'], iss: 'icjims-embedded', aud: 'icjims', exp: 4102444800 })}.`],
      [
        'HS256 with a guessed secret',
        () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuer('icjims-embedded').setAudience('icjims').setExpirationTime('1h').sign(new TextEncoder().encode('icjims')),
      ],
      [
        'ES256 by another key, with an embedded jwk header',
        async () => {
          const { privateKey, publicKey } = await generateKeyPair('ES256');
          return new SignJWT({ roles: ['admin'] })
            .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) })
            .setSubject('mallory')
            .setIssuer('icjims-embedded')
            .setAudience('icjims')
            .setExpirationTime('1h')
            .sign(privateKey);
        },
      ],
      ['a valid token with its payload swapped', async () => {
        const [header, , signature] = prosecutor.split('.');
        return `${header}.${base64url({ sub: 'mallory', roles: ['admin'], iss: 'icjims-embedded', aud: 'icjims', exp: 4102444800 })}.${signature}`;
      }],
      ['a truncated signature', async () => prosecutor.slice(0, -10)],
      ['an expired token', () => services.tokenFor('admin', { ttlSeconds: -300 })],
      ['a sub with a line break', () => services.tokenFor('prosecutor', { region: REGION, sub: 'alice\nroles=admin' })],
      ['a sub with a NUL', () => services.tokenFor('prosecutor', { region: REGION, sub: 'alice\u0000' })],
      ['a sub with an escape sequence', () => services.tokenFor('prosecutor', { region: REGION, sub: 'alice\u001b[2J' })],
      ['a region with a control character', () => services.tokenFor('prosecutor', { region: 'KG-GB\u0000' })],
      ['a token of 12 kB', async () => `${prosecutor}${'A'.repeat(12_000)}`],
    ];
    it.each(cases)('%s', async (label, forge) => {
      const response = await http('GET', `${registry}/cases`, { token: await forge(), headers: traced(label.replace(/\W+/g, '-')) });
      expectProblem(response, 401);
      expect(JSON.stringify(response.body)).not.toContain('mallory');
    });

    it('answers a header section beyond the server limit with 431 problem+json', async () => {
      const response = await rawRequest(registry, [`GET /api/v1/cases HTTP/1.1`, `Authorization: Bearer ${prosecutor}`, `X-Padding: ${'p'.repeat(40_000)}`]);
      expect(response.status).toBe(431);
      expect(response.headers).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(response.body)).toMatchObject({ status: 431 });
    });
  });

  describe('control characters are refused with 400 naming where, and still trailed', () => {
    it.each([
      ['an encoded NUL in a path segment', `/cases/a%00b`],
      ['an encoded line break in a path segment', `/cases/a%0Ab`],
      ['an encoded NUL in a query value', `/cases?region=KG%00GB`],
      ['an encoded escape in a query key', `/cases?re%1Bgion=KG-GB`],
    ])('%s', async (label, path) => {
      const response = await http('GET', `${registry}${path}`, { token: prosecutor, headers: traced(label.replace(/\W+/g, '-')) });
      expectProblem(response, 400);
    });

    it.each([
      ['a NUL in a text field', { description: 'deposit\u0000taken' }],
      ['an escape in a text field', { description: '\u001b[31mred' }],
      ['a NUL in an object key', { 'descr\u0000iption': 'x' }],
      ['a lone surrogate', { description: 'half \ud800 of a pair' }],
    ])('%s in a JSON body', async (label, fields) => {
      const body = { source: 'complaint', receivedAt: '2026-11-23T08:30:00Z', registeredAt: '2026-11-23T09:00:00Z', region: REGION, district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'x', ...fields };
      const before = await services.db.query(`SELECT count(*)::int AS n FROM case_registry.cases`);
      const response = await http('POST', `${registry}/cases`, { token: prosecutor, body, headers: traced(label.replace(/\W+/g, '-')) });
      expectProblem(response, 400);
      expect((await services.db.query(`SELECT count(*)::int AS n FROM case_registry.cases`)).rows).toEqual(before.rows);
    });
  });

  describe('bodies a parser chokes on', () => {
    it('refuses JSON nested 5000 deep with 400', async () => {
      const response = await http('POST', `${registry}/cases`, { token: prosecutor, rawBody: `{"description":${deepJson(5000)}}`, headers: traced('deep-json') });
      expectProblem(response, 400);
    });

    it('refuses an unknown Content-Encoding with 415', async () => {
      const response = await http('POST', `${registry}/cases`, { token: prosecutor, rawBody: '{}', headers: { 'content-encoding': 'x-snappy', ...traced('unknown-encoding') } });
      expectProblem(response, 415);
    });

    it('refuses a broken gzip body with 400', async () => {
      const broken = gzipSync(Buffer.from('{"description":"x"}')).subarray(0, 12);
      const response = await fetch(`${registry}/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'application/json', 'content-encoding': 'gzip', ...traced('broken-gzip') },
        body: broken,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('security headers', () => {
    it('sends helmet’s headers and no X-Powered-By', async () => {
      const response = await http('GET', `${registry}/cases`, { token: prosecutor, headers: traced('headers') });
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toEqual(expect.any(String));
      expect(response.headers.get('content-security-policy')).toEqual(expect.any(String));
    });
  });

  describe('persons across regions', () => {
    // A KG PIN: a man born on 30 September 1985.
    const nationalId = '23009198500012';
    let personId: string;
    let otherProsecutor: string;
    let otherCaseId: string;

    const registerCase = async (token: string, region: string, district: string, agency: string) =>
      (
        await http('POST', `${registry}/cases`, {
          token,
          body: { source: 'complaint', receivedAt: '2026-11-23T08:30:00Z', registeredAt: '2026-11-23T09:00:00Z', region, district, agency, offenceArticle: '209-1', description: 'x' },
        })
      ).body.id as string;

    beforeAll(async () => {
      const caseId = await registerCase(prosecutor, REGION, 'leninsky', 'GUVD-GB');
      const added = await http('POST', `${registry}/cases/${caseId}/persons`, {
        token: prosecutor,
        body: { role: 'suspect', person: { givenName: 'Aibek', familyName: 'Asanov', nationalId, sex: 'male', address: 'Kievskaya 1, Bishkek' } },
        purpose: 'investigation',
      });
      expect(added.status).toBe(201);
      personId = added.body.id;
      otherProsecutor = await services.tokenFor('prosecutor', { region: OTHER_REGION });
      otherCaseId = await registerCase(otherProsecutor, OTHER_REGION, 'alamudun', 'PR-C');
    });

    /** What an unknown record looks like, to compare every refusal with. */
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, correlationId: undefined });

    it('answers a lookup, a read and an attach of a record outside the region exactly like an unknown one', async () => {
      const purpose = { 'x-purpose': 'investigation' };
      const lookup = await http('POST', `${registry}/persons/lookups`, { token: otherProsecutor, body: { nationalId }, headers: { ...purpose, ...traced('lookup-hidden') } });
      const lookupUnknown = await http('POST', `${registry}/persons/lookups`, { token: otherProsecutor, body: { nationalId: '23009198500099' }, headers: purpose });
      expect(lookup.status).toBe(404);
      expect(strip(lookup.body)).toEqual(strip(lookupUnknown.body));

      const read = await http('GET', `${registry}/persons/${personId}`, { token: otherProsecutor, headers: { ...purpose, ...traced('read-hidden') } });
      const readUnknown = await http('GET', `${registry}/persons/${randomUUID()}`, { token: otherProsecutor, headers: purpose });
      expect(read.status).toBe(404);
      expect(strip(read.body)).toEqual(strip(readUnknown.body));

      const attach = await http('POST', `${registry}/cases/${otherCaseId}/persons`, { token: otherProsecutor, body: { role: 'witness', personId }, headers: { ...purpose, ...traced('attach-hidden') } });
      const attachUnknown = await http('POST', `${registry}/cases/${otherCaseId}/persons`, { token: otherProsecutor, body: { role: 'witness', personId: randomUUID() }, headers: purpose });
      expect(attach.status).toBe(404);
      expect(strip(attach.body)).toEqual(strip(attachUnknown.body));
    });

    it('never answers an attach by national ID with facts of a record outside the region', async () => {
      const response = await http('POST', `${registry}/cases/${otherCaseId}/persons`, {
        token: otherProsecutor,
        body: { role: 'witness', person: { givenName: 'Guess', familyName: 'Name', nationalId, sex: 'male' } },
        headers: { 'x-purpose': 'investigation', ...traced('attach-by-national-id') },
      });
      expect(response.status).toBe(201);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('Aibek');
      expect(text).not.toContain('Kievskaya');
      expect(response.body.id).not.toBe(personId);
    });
  });

  it('left exactly one access entry for every request above', async () => {
    const rows = await eventually(async () => {
      const { rows: found } = await services.db.query<{ correlation_id: string; n: number }>(
        `SELECT correlation_id, count(*)::int AS n FROM audit.access_log WHERE correlation_id = ANY($1) GROUP BY correlation_id`,
        [trailed],
      );
      return found.length === trailed.length ? found : undefined;
    }, 20_000, `access entries for ${trailed.length} requests`);
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);
  });
});

describe('the access log attacked by its own database', () => {
  let services: RunningServices;

  beforeAll(async () => {
    services = await startServices([caseRegistryService, auditService]);
    const token = await services.tokenFor('prosecutor', { region: REGION });
    for (let n = 0; n < 6; n++) await http('GET', `${services.urls['case-registry']}/api/v1/cases`, { token });
  });
  afterAll(() => services?.stop());

  /** Statements run as a superuser who switched the append-only triggers off. */
  const bypassingTriggers = async (...statements: [string, unknown[]?][]) => {
    await services.db.query('BEGIN');
    await services.db.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await services.db.query(sql, params);
    await services.db.query('COMMIT');
  };
  const verify = async () => (await http('GET', `${services.urls.audit}/api/v1/access-logs/verify`, { token: await services.tokenFor('auditor') })).body;
  const lastSeq = async () => Number((await services.db.query(`SELECT last_seq FROM audit.access_log_head`)).rows[0].last_seq);

  beforeEach(async () => {
    await eventually(async () => ((await lastSeq()) > 3 ? true : undefined));
    await services.apps[1].get(AccessCheckpoints).checkpoint();
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('detects an entry rewritten in place', async () => {
    const { rows } = await services.db.query(`SELECT actor_sub FROM audit.access_log WHERE seq = 2`);
    await bypassingTriggers([`UPDATE audit.access_log SET actor_sub = 'someone-else' WHERE seq = 2`]);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenSeq: 2 });
    await bypassingTriggers([`UPDATE audit.access_log SET actor_sub = $1 WHERE seq = 2`, [rows[0].actor_sub]]);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('detects a log cut short behind its last checkpoint, with its head moved back to match', async () => {
    const signed = await lastSeq();
    const { rows } = await services.db.query(`SELECT hash FROM audit.access_log WHERE seq = $1`, [signed - 2]);
    await bypassingTriggers(
      [`DELETE FROM audit.access_log WHERE seq > $1`, [signed - 2]],
      [`UPDATE audit.access_log_head SET last_seq = $1, last_hash = $2`, [signed - 2, rows[0].hash]],
    );
    expect(await verify()).toMatchObject({ valid: false });
  });
});

describe('the rate limiter', () => {
  const WINDOW_SECONDS = 5;
  let services: RunningServices;

  beforeAll(async () => {
    Object.assign(process.env, { RATE_LIMIT_PER_ADDRESS: '5', RATE_LIMIT_PER_USER: '0', RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) });
    try {
      services = await startServices([caseRegistryService, auditService]);
    } finally {
      for (const name of ['RATE_LIMIT_PER_ADDRESS', 'RATE_LIMIT_PER_USER', 'RATE_LIMIT_WINDOW_SECONDS']) delete process.env[name];
    }
  });
  afterAll(() => services?.stop());

  it('turns a flood of bad tokens away with 429 and Retry-After, and logs the flood as one counted entry', async () => {
    const flood = `flood-${randomUUID().slice(0, 8)}`;
    // Windows are aligned to the clock: the flood starts as one begins, so that it stays in one however slow the machine.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 - (Date.now() % (WINDOW_SECONDS * 1000)) + 20));
    const answers = [];
    for (let n = 0; n < 12; n++) {
      answers.push(await http('GET', `${services.urls['case-registry']}/api/v1/cases`, { token: 'not-a-token', headers: { 'x-correlation-id': `${flood}-${n}` } }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    expect(answers[11].contentType).toContain('application/problem+json');
    expect(Number(answers[11].headers.get('retry-after'))).toBeGreaterThan(0);

    const rows = await eventually(async () => {
      const { rows: found } = await services.db.query<{ outcome: string; count: number | null }>(
        `SELECT outcome, count FROM audit.access_log WHERE service = 'case-registry' AND (correlation_id LIKE $1 OR outcome = 'throttled')`,
        [`${flood}-%`],
      );
      return found.some((row) => row.outcome === 'throttled') ? found : undefined;
    }, 20_000, 'the throttled entry');
    // Each request let through has its own entry; the seven turned away share one.
    expect(rows.filter((row) => row.outcome === 'denied')).toHaveLength(5);
    expect(rows.filter((row) => row.outcome === 'throttled')).toEqual([{ outcome: 'throttled', count: 7 }]);
  });
});

