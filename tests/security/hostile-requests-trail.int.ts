import { randomUUID } from 'node:crypto';
import { eventually, http, RunningServices, startServices } from '@icjims/testing';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';

/** Text no field of ours may hold, or that is hard to store: each goes into every place a caller can put text. */
const HOSTILE = [
  ['NUL', '\u0000'],
  ['LF', 'a\nb'],
  ['CRLF', 'a\r\nforged: line'],
  ['ESC', '\u001b[2J'],
  ['DEL', '\u007f'],
  ['C1', '\u0085'],
  ['lone surrogate', '\ud800'],
  ['escaped NUL as text', '\\u0000'],
  ['long', 'x'.repeat(5000)],
] as const;

interface Attempt {
  label: string;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Another token than the prosecutor's; null for none. */
  token?: string | null;
}

/**
 * Issue 7, "requests that escape the trail": a run of hostile requests, each with its own
 * correlation id, against case-registry with audit started beside it; afterwards every one of
 * them is in audit.access_log exactly once, whatever it contained.
 */
describe('requests that try to escape the access trail', () => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService, auditService]);
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  }, 60_000);
  afterAll(() => services?.stop());

  function attempts(brokenSub: string): Attempt[] {
    const list: Attempt[] = [];
    for (const [name, text] of HOSTILE) {
      const encoded = encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '')) + (text.includes('\ud800') ? '%ED%A0%80' : '');
      const json = (value: unknown) => JSON.stringify(value);
      list.push(
        { label: `${name} in a path segment`, method: 'GET', path: `/cases/${encoded}` },
        { label: `${name} in a nested path segment`, method: 'GET', path: `/cases/${encoded}/persons` },
        { label: `${name} in an unknown route`, method: 'GET', path: `/no-such/${encoded}` },
        { label: `${name} in a query value`, method: 'GET', path: `/cases?status=${encoded}` },
        { label: `${name} in a query name`, method: 'GET', path: `/cases?${encoded}=1` },
        { label: `${name} in a body field`, method: 'POST', path: '/cases', body: json({ offenceArticle: text, region: 'KG-GB', summary: text }) },
        { label: `${name} in a body key`, method: 'POST', path: '/cases', body: json({ [text]: 'x' }) },
        { label: `${name} in a nested body field`, method: 'POST', path: '/persons/lookups', body: json({ nationalId: text, extra: { [text]: [text] } }) },
        { label: `${name} in X-Purpose`, method: 'GET', path: `/cases`, headers: { 'x-purpose': encoded.slice(0, 200) } },
        { label: `${name} in Idempotency-Key`, method: 'POST', path: '/cases', body: '{}', headers: { 'idempotency-key': encoded.slice(0, 300) } },
      );
    }
    list.push(
      { label: 'a token whose sub has a line break', method: 'GET', path: '/cases', token: brokenSub },
      { label: 'a token that is all NUL escapes', method: 'GET', path: '/cases', headers: { authorization: `Bearer ${'%00'.repeat(100)}` }, token: null },
      { label: 'an Authorization header of 12 kB', method: 'GET', path: '/cases', headers: { authorization: `Bearer ${'a'.repeat(12_000)}` }, token: null },
      { label: 'a NUL escape in a JSON string that is not JSON', method: 'POST', path: '/cases', body: '{"offenceArticle":"\\u0000' },
      { label: 'latin-1 bytes in a header', method: 'GET', path: '/cases', headers: { 'x-purpose': 'inv\u00e9stigation' } },
    );
    return list;
  }

  it('leaves an entry for a request whose case id is empty (the event must still have a subject)', async () => {
    const correlationId = `empty-case-id-${Date.now()}`;
    const auditor = await services.tokenFor('auditor');
    for (const path of ['/access-logs?caseId=', '/access-logs/export.ndjson?caseId=&region=KG-GB']) {
      const response = await http('GET', `${services.urls.audit}/api/v1${path}`, { token: auditor, headers: { 'x-correlation-id': `${correlationId}-${path.length}` } });
      expect(response.status).toBeLessThan(500);
    }
    const rows = await eventually(async () => {
      const { rows: found } = await services.db.query(`SELECT case_id FROM audit.access_log WHERE correlation_id LIKE $1`, [`${correlationId}-%`]);
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([{ case_id: null }, { case_id: null }]);
  });

  it('records a person id written in upper case as the same id, so the person’s data-subject report finds the call', async () => {
    const personId = randomUUID();
    const correlationId = `upper-case-id-${Date.now()}`;
    await http('GET', `${api}/persons/${personId.toUpperCase()}`, { token: prosecutor, purpose: 'investigation', headers: { 'x-correlation-id': correlationId } });
    const row = await eventually(async () => (await services.db.query(`SELECT resource_id, person_ids FROM audit.access_log WHERE correlation_id = $1`, [correlationId])).rows[0]);
    expect(row).toEqual({ resource_id: personId, person_ids: [personId] });
  });

  it('leaves exactly one access entry for each, by its correlation id', async () => {
    const brokenSub = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'officer\nsub=admin' });
    const sent: { correlation: string; label: string; status: number }[] = [];
    const queue = attempts(brokenSub);
    expect(queue.length).toBeGreaterThan(90);
    // Eight at a time, as several clients would.
    const worker = async () => {
      for (let attempt = queue.shift(); attempt; attempt = queue.shift()) {
        const correlation = `hostile-${randomUUID()}`;
        const token = attempt.token === null ? undefined : (attempt.token ?? prosecutor);
        const response = await http(attempt.method, `${api}${attempt.path}`, {
          token,
          rawBody: attempt.body,
          headers: { ...attempt.headers, 'x-correlation-id': correlation },
        });
        sent.push({ correlation, label: attempt.label, status: response.status });
        expect([attempt.label, response.status < 500, response.contentType]).toEqual([attempt.label, true, expect.stringMatching(/json/)]);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const counts = await eventually(
      async () => {
        const { rows } = await services.db.query<{ correlation_id: string; entries: number }>(
          'SELECT correlation_id, count(*)::int AS entries FROM audit.access_log WHERE correlation_id = ANY($1) GROUP BY correlation_id',
          [sent.map((request) => request.correlation)],
        );
        return rows.length === sent.length ? rows : undefined;
      },
      30_000,
      'an access entry for every hostile request',
    ).catch(async (error: Error) => {
      const { rows } = await services.db.query<{ correlation_id: string }>('SELECT correlation_id FROM audit.access_log WHERE correlation_id = ANY($1)', [
        sent.map((request) => request.correlation),
      ]);
      const found = new Set(rows.map((row) => row.correlation_id));
      throw new Error(`${error.message}; missing: ${sent.filter((request) => !found.has(request.correlation)).map((request) => `${request.label} (${request.status})`).join('; ')}`);
    });
    expect(counts.filter((row) => row.entries !== 1)).toEqual([]);
  }, 120_000);
});
