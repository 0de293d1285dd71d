import type { OpenAPIObject } from '@nestjs/swagger';
import { CloudEvent } from '@icjims/contracts';
import { http, publishEvents, RunningServices } from '@icjims/testing';
import { caseRegistered, personAdded, startAnalytics } from '../analytics.fixtures';
import type { IndicatorDefinition } from '../indicators/indicator-catalogue';
import { StatisticalTable } from '../tables/statistical-table';

/**
 * The open-data interface over HTTP, without a token, on an installation that lets national
 * analysts see exact figures — which the public must never get. Each test counts in a year of
 * its own. The address limit is small (and the window long) so that the last test can reach it:
 * the whole file makes fewer requests than SETTINGS' limit before that.
 */
const SETTINGS = {
  ANALYTICS_EXACT_FOR_NATIONAL: 'true',
  ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: '120',
  RATE_LIMIT_PER_ADDRESS: '120',
  RATE_LIMIT_WINDOW_SECONDS: '3600',
};

describe('open data', () => {
  let services: RunningServices;
  let open: string;
  let analyst: string;

  beforeAll(async () => {
    services = await startAnalytics(SETTINGS);
    open = `${services.urls.analytics}/api/v1/open-data/indicators`;
    analyst = await services.tokenFor('analyst');
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  /** The cells as `key → value`, withheld ones as their reason. */
  const cellsOf = (published: StatisticalTable) =>
    Object.fromEntries(published.cells.map((cell) => [cell.key.join('|'), cell.value ?? cell.suppression]));

  it('lists the public indicators without a token, as the analysts’ catalogue describes them', async () => {
    const response = await http<IndicatorDefinition[]>('GET', open);
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    const analysts = await http<IndicatorDefinition[]>('GET', `${services.urls.analytics}/api/v1/indicators`, { token: analyst });
    const expected = analysts.body.filter((indicator) => indicator.public);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(analysts.body.length);
    expect(response.body).toEqual(expected);
    expect(response.headers.get('cache-control')).toBe('public, max-age=120');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });

  it('serves a public indicator’s table without a token; any other indicator is a 404 as if it did not exist', async () => {
    await deliver(caseRegistered({ registeredAt: '2021-01-10T10:00:00Z' }), caseRegistered({ region: 'KG-C', registeredAt: '2021-01-12T10:00:00Z' }));
    const response = await http<StatisticalTable>('GET', `${open}/cases_registered/table?from=2021-01&to=2021-01&by=region`);
    expect(response.status).toBe(200);
    const cells = cellsOf(response.body);
    expect([cells['2021-01|KG-GB'], cells['2021-01|KG-C'], cells['2021-01|_T']]).toEqual([1, 1, 2]);
    expect(response.body.disclosure.exact).toBe(false);

    for (const path of ['steps_recorded/table', 'probation_cases_opened/table.csv', 'no_such_indicator/table']) {
      const refused = await http('GET', `${open}/${path}`);
      expect(refused.status).toBe(404);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.headers.get('cache-control')).toBeNull();
    }
    // The analysts' route still wants a token.
    expect((await http('GET', `${services.urls.analytics}/api/v1/indicators/cases_registered/table`)).status).toBe(401);
  });

  it('withholds a small count of people from everyone, even where national analysts may see it exactly, and whatever token is sent', async () => {
    await deliver(...Array.from({ length: 6 }, () => personAdded({}, '2022-03-10T09:00:00Z')), personAdded({ region: 'KG-C' }, '2022-03-10T09:00:00Z'));
    const path = 'suspects_entered/table?from=2022-03&to=2022-03&by=region';
    const exact = await http<StatisticalTable>('GET', `${services.urls.analytics}/api/v1/indicators/${path}`, { token: analyst });
    expect(exact.body.disclosure.exact).toBe(true);
    expect(cellsOf(exact.body)['2022-03|KG-C']).toBe(1);

    const published = await http<StatisticalTable>('GET', `${open}/${path}`);
    expect(published.body.disclosure).toMatchObject({ exact: false, minCellSize: 3 });
    const cells = cellsOf(published.body);
    expect(cells['2022-03|KG-C']).toBe('primary');
    expect(Object.values(cells).filter((value) => value === 'secondary')).toHaveLength(1);
    expect(cells['2022-03|_T']).toBe(7);

    // A national analyst's token on the public route changes nothing, byte for byte.
    const withToken = await http<StatisticalTable>('GET', `${open}/${path}`, { token: analyst });
    expect(withToken.body).toEqual(published.body);
    expect(withToken.headers.get('etag')).toBe(published.headers.get('etag'));
    // Nor does one region asked alone: the small count stays withheld.
    const one = await http<StatisticalTable>('GET', `${open}/suspects_entered/table?from=2022-03&to=2022-03&region=KG-C`);
    expect(cellsOf(one.body)['2022-03']).toBe('primary');
  });

  it('is cacheable: public max-age, a strong ETag over the answer, 304 without a body for it, Vary on Accept and Accept-Language', async () => {
    await deliver(caseRegistered({ registeredAt: '2023-02-10T10:00:00Z' }));
    const url = `${open}/cases_registered/table.jsonstat?from=2023-02&to=2023-02`;
    const first = await http('GET', url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=120');
    expect(first.headers.get('vary')).toBe('Accept, Accept-Language');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/); // strong: no W/
    expect(first.body).not.toHaveProperty('updated'); // a reading time would change the bytes on every call

    const again = await http('GET', url);
    expect(again.headers.get('etag')).toBe(etag);
    // fetch adds `Cache-Control: no-cache` to a conditional request unless told otherwise; a browser revalidating sends max-age=0.
    const revalidate = (tag: string, cacheControl = 'max-age=0') => fetch(url, { headers: { 'if-none-match': tag, 'cache-control': cacheControl } });
    const revalidated = await revalidate(etag);
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=120');
    expect((await revalidate('"something-else"')).status).toBe(200);
    expect((await revalidate(`"other", ${etag}`)).status).toBe(304);
    // An end-to-end reload asks for the answer itself.
    expect((await revalidate(etag, 'no-cache')).status).toBe(200);

    // Another format, another representation, another tag; new figures, a new tag.
    const csv = await http('GET', url.replace('table.jsonstat', 'table.csv'));
    expect(csv.headers.get('etag')).not.toBe(etag);
    // The same CSV bytes (codes only) in another language are another representation.
    const russian = await http('GET', url.replace('table.jsonstat', 'table.csv'), { headers: { 'accept-language': 'ru' } });
    expect([russian.body, russian.headers.get('content-language')]).toEqual([csv.body, 'ru']);
    expect(russian.headers.get('etag')).not.toBe(csv.headers.get('etag'));
    await deliver(caseRegistered({ registeredAt: '2023-02-11T10:00:00Z' }));
    const changed = await revalidate(etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('answers in each format, by extension or Accept, and 406 when none is acceptable', async () => {
    await deliver(caseRegistered({ registeredAt: '2024-05-10T10:00:00Z' }));
    const query = '?from=2024-05&to=2024-05';
    const expectations: [string, Record<string, string>, string, (body: string) => void][] = [
      ['table.json', {}, 'application/json; charset=utf-8', (body) => expect(JSON.parse(body).cells).toEqual([{ key: ['2024-05'], value: 1 }])],
      ['table', { accept: 'text/csv' }, 'text/csv; charset=utf-8', (body) => expect(body).toBe('period,value,status\r\n2024-05,1,\r\n')],
      ['table.csv', {}, 'text/csv; charset=utf-8', (body) => expect(body).toBe('period,value,status\r\n2024-05,1,\r\n')],
      ['table', { accept: 'application/json-stat+json' }, 'application/json-stat+json; charset=utf-8', (body) => expect(JSON.parse(body)).toMatchObject({ class: 'dataset', value: [1] })],
      ['table.sdmx.csv', {}, 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8', (body) => expect(body).toContain('dataflow,ICJIMS:CASES_REGISTERED(1.0.0),I,2024-05,1,A,F')],
    ];
    for (const [path, headers, contentType, check] of expectations) {
      const response = await fetch(`${open}/cases_registered/${path}${query}`, { headers });
      // Express writes the charset before other parameters: compared as a set of parameters.
      const parameters = (type: string | null) => type?.split(';').map((part) => part.trim()).sort();
      expect({ path, status: response.status, contentType: parameters(response.headers.get('content-type')) }).toEqual({ path, status: 200, contentType: parameters(contentType) });
      check(await response.text());
    }
    const refused = await http('GET', `${open}/cases_registered/table${query}`, { headers: { accept: 'image/png' } });
    expect(refused.status).toBe(406);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toContain('text/csv');
    expect((await http('GET', `${open}/cases_registered/chart${query}`)).status).toBe(404);
  });

  it('refuses a bad query with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['period=week', 'period'],
      ['by=stepType', 'by'],
      ['from=2024-05&to=2024-01', 'to'],
      ['region=XX-NOPE', 'region'],
      ['colour=red', 'colour'],
    ]) {
      const response = await http('GET', `${open}/cases_registered/table?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await http('GET', `${open}?colour=red`)).status).toBe(400);
  });

  it('leaves exactly one access entry per request, naming no caller: no token identity, no address; a 304 as a 304', async () => {
    const calls: [string, Record<string, string>, number][] = [
      [`${open}/cases_registered/table?from=2024-05&to=2024-05`, { authorization: `Bearer ${analyst}` }, 200],
      [`${open}/steps_recorded/table`, {}, 404],
      [open, {}, 200],
    ];
    const catalogue = await http('GET', open);
    calls.push([open, { 'if-none-match': catalogue.headers.get('etag') as string, 'cache-control': 'max-age=0' }, 304]);
    for (const [i, [url, headers, status]] of calls.entries()) {
      const correlationId = `open-data-trail-${i}`;
      expect((await http('GET', url, { headers: { ...headers, 'x-correlation-id': correlationId } })).status).toBe(status);
      const { rows } = await services.db.query(`SELECT value FROM analytics.outbox WHERE event_type = 'icjims.analytics.access.recorded.v1' AND value LIKE $1`, [`%"${correlationId}"%`]);
      expect(rows).toHaveLength(1);
      const { data } = JSON.parse(rows[0].value);
      expect(data).toMatchObject({ resourceType: 'indicator', status, outcome: status === 404 ? 'rejected' : 'allowed', actor: { roles: [] } });
      expect(data.actor.sub).toBeUndefined();
      expect(data.sourceIp).toBeUndefined();
    }
  });

  it('describes the open-data operations in the OpenAPI document without security, and the analysts’ with it', async () => {
    const document = (await http<OpenAPIObject>('GET', `${services.urls.analytics}/docs-json`)).body;
    const catalogue = document.paths['/api/v1/open-data/indicators'].get;
    const table = document.paths['/api/v1/open-data/indicators/{code}/{table}'].get;
    for (const operation of [catalogue, table]) {
      expect(operation?.security).toEqual([]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '304', '400', '429']));
      expect(Object.keys(operation?.responses ?? {})).not.toContain('401');
      expect(operation?.responses['200']).toMatchObject({ headers: { ETag: expect.anything(), 'Cache-Control': expect.anything() } });
    }
    expect(Object.keys(table?.responses ?? {})).toEqual(expect.arrayContaining(['404', '406']));
    const analysts = document.paths['/api/v1/indicators/{code}/{table}'].get;
    expect(analysts?.security).toEqual([{ bearer: [] }]);
  });

  // Last: it spends the address's requests for the rest of the window.
  it('turns a flood away with 429 problem+json and Retry-After, per client address', async () => {
    let response = await http('GET', open);
    for (let i = 0; i < 2 * Number(SETTINGS.RATE_LIMIT_PER_ADDRESS) && response.status !== 429; i++) response = await http('GET', open);
    expect(response.status).toBe(429);
    expect(response.contentType).toContain('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.body).toMatchObject({ status: 429, title: 'Too many requests' });
  });
});
