import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { lastAccessEvent, registerCase, statusChanged } from '../case-registry.fixtures';

describe('case search over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let harju: string;
  let admin: string;
  const ids: Record<string, string> = {};

  /** Registers a case at the given time; each scenario keeps to its own year so they cannot see each other's cases. */
  const registerAt = (registeredAt: string, overrides: Record<string, unknown> = {}, token = harju) =>
    registerCase(api, token, { receivedAt: registeredAt, registeredAt, ...overrides });

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    harju = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    admin = await services.tokenFor('admin');
    const tartu = await services.tokenFor('prosecutor', { region: 'KG-C' });

    ids.theft = (await registerAt('2024-03-01T10:00:00Z', { offenceArticle: '381', receivedAt: '2024-02-27T09:00:00Z', offenceCommittedAt: '2024-02-26T23:00:00Z' })).id;
    ids.fraud = (await registerAt('2024-03-02T10:00:00Z', { offenceArticle: '130' })).id;
    ids.damage = (await registerAt('2024-03-03T10:00:00Z', { offenceArticle: '209-1' })).id;
    ids.tartuTheft = (await registerAt('2024-03-02T12:00:00Z', { region: 'KG-C', district: 'alamudun', offenceArticle: '209-1' }, tartu)).id;
    await publishEvents(services.bus, statusChanged(ids.damage, 'under_investigation'));
    for (const [responsibility, assignee] of [['prosecutor', 'prosecutor-1'], ['investigator', 'investigator-1']]) {
      await http('PUT', `${api}/cases/${ids.damage}/responsible/${responsibility}`, { token: harju, body: { assignee } });
    }
  });
  afterAll(() => services.stop());

  const search = (params: Record<string, string | number>, token = harju) =>
    http('GET', `${api}/cases?${new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]))}`, { token });
  const in2024 = { registeredFrom: '2024-01-01T00:00:00Z', registeredTo: '2025-01-01T00:00:00Z' };
  const found = async (params: Record<string, string | number>, token = harju) => {
    const response = await search({ ...in2024, ...params }, token);
    expect(response.status).toBe(200);
    return response.body.items.map((item: { id: string }) => Object.keys(ids).find((name) => ids[name] === item.id));
  };

  it('lists the caller’s region, newest registration first, without descriptions', async () => {
    expect(await found({})).toEqual(['damage', 'fraud', 'theft']);
    const page = await search(in2024);
    expect(page.body.nextCursor).toBeNull();
    expect(page.body.items[0]).toMatchObject({ status: 'under_investigation', responsible: { prosecutor: 'prosecutor-1', investigator: 'investigator-1' } });
    expect(page.body.items[0]).not.toHaveProperty('description');
    expect(await lastAccessEvent(services.db)).toMatchObject({ action: 'search', resourceType: 'case', outcome: 'allowed' });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['status', { status: 'under_investigation' }, ['damage']],
    ['the initial status', { status: 'registered' }, ['fraud', 'theft']],
    ['article', { article: '130' }, ['fraud']],
    ['ICCS section', { iccsSection: '05' }, ['theft']],
    ['registration dates, from inclusive and to exclusive', { registeredFrom: '2024-03-02T10:00:00Z', registeredTo: '2024-03-03T10:00:00Z' }, ['fraud']],
    ['receipt dates', { receivedFrom: '2024-02-27T00:00:00Z', receivedTo: '2024-03-02T10:00:00Z' }, ['theft']],
    ['receipt dates, to exclusive', { receivedFrom: '2024-02-28T00:00:00Z', receivedTo: '2024-03-02T10:00:01Z' }, ['fraud']],
    ['offence dates (cases without an offence time never match)', { offenceFrom: '2024-01-01T00:00:00Z' }, ['theft']],
    ['offence dates, to exclusive', { offenceTo: '2024-02-26T23:00:00Z' }, []],
    ['responsible prosecutor', { prosecutor: 'prosecutor-1' }, ['damage']],
    ['responsible investigator', { investigator: 'investigator-1' }, ['damage']],
    ['several filters at once', { iccsSection: '05', status: 'registered' }, ['theft']],
  ])('filters by %s', async (_label, params, expected) => {
    expect(await found(params)).toEqual(expected);
  });

  it('lets a national admin search every region, or one', async () => {
    expect(await found({}, admin)).toEqual(['damage', 'tartuTheft', 'fraud', 'theft']);
    expect(await found({ region: 'KG-C' }, admin)).toEqual(['tartuTheft']);
  });

  it('lets a regional caller name their own region and refuses another with 403', async () => {
    expect(await found({ region: 'KG-GB' })).toEqual(['damage', 'fraud', 'theft']);
    const response = await search({ region: 'KG-C' });
    expect(response.status).toBe(403);
    expect(response.contentType).toContain('application/problem+json');
    expect(await lastAccessEvent(services.db)).toMatchObject({ action: 'search', outcome: 'denied', status: 403 });
  });

  it('keeps pages stable while cases are registered between them', async () => {
    const in2023 = { registeredFrom: '2023-01-01T00:00:00Z', registeredTo: '2024-01-01T00:00:00Z' };
    // Two share a time, so that a page boundary falls between rows ordered only by id.
    for (const day of ['01', '02', '03', '05', '05', '06', '07']) await registerAt(`2023-06-${day}T10:00:00Z`);
    const all = (await search({ ...in2023, limit: 100 })).body.items.map((item: { id: string }) => item.id);
    expect(all).toHaveLength(7);

    const paged: string[] = [];
    let cursor: string | null = null;
    let late: string | undefined;
    do {
      const response = await search({ ...in2023, limit: 3, ...(cursor && { cursor }) });
      expect(response.status).toBe(200);
      paged.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
      if (!late) {
        await registerAt('2023-12-01T10:00:00Z'); // newer than every page: belongs before page one
        late = (await registerAt('2023-01-02T10:00:00Z')).id; // older than every page: still to come
      }
    } while (cursor);
    expect(paged).toEqual([...all, late]);
  });

  it.each<[string, Record<string, string | number>, string]>([
    ['a limit of 0', { limit: 0 }, 'limit'],
    ['a limit over 100', { limit: 101 }, 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['an unknown status', { status: 'open' }, 'status'],
    ['an ICCS section of one digit', { iccsSection: '5' }, 'iccsSection'],
    ['a date that is not a date-time', { registeredFrom: 'yesterday' }, 'registeredFrom'],
    ['a date without an offset', { registeredTo: '2024-03-01T10:00:00' }, 'registeredTo'],
    ['registeredTo before registeredFrom', { registeredFrom: '2024-03-02T00:00:00Z', registeredTo: '2024-03-01T00:00:00Z' }, 'registeredTo'],
    ['receivedTo before receivedFrom', { receivedFrom: '2024-03-02T00:00:00Z', receivedTo: '2024-03-01T00:00:00Z' }, 'receivedTo'],
    ['an offence date that is not a date-time', { offenceFrom: '2024-13-01T00:00:00Z' }, 'offenceFrom'],
    ['a cursor not from a page', { cursor: 'garbage' }, 'cursor'],
    ['an article over 32 characters', { article: 'x'.repeat(33) }, 'article'],
    ['a prosecutor over 128 characters', { prosecutor: 'x'.repeat(129) }, 'prosecutor'],
    ['a malformed region', { region: 'EE 37' }, 'region'],
    ['an undeclared parameter', { surname: 'Tamm' }, 'surname'],
  ])('refuses %s with 400 naming the parameter', async (_label, params, field) => {
    const response = await search(params);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it.each([
    ['no token', async () => undefined, 401],
    ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
    ['a role that may not search cases', async () => services.tokenFor('probation_officer', { region: 'KG-GB' }), 403],
    ['a national token for a regional role', async () => services.tokenFor('investigator'), 403],
  ])('refuses %s', async (_label, token, status) => {
    const response = await http('GET', `${api}/cases`, { token: await token() });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
  });

  it('moves a transferred case from the old region’s results to the new region’s', async () => {
    const tartu = await services.tokenFor('prosecutor', { region: 'KG-C' });
    const moving = await registerAt('2022-05-01T10:00:00Z');
    await http('POST', `${api}/cases/${moving.id}/transfers`, { token: harju, body: { toRegion: 'KG-C', reason: 'jurisdiction' } });
    const in2022 = { registeredFrom: '2022-01-01T00:00:00Z', registeredTo: '2023-01-01T00:00:00Z' };
    const listed = async (token: string) => (await search(in2022, token)).body.items.map((item: { id: string }) => item.id);
    expect(await listed(harju)).toEqual([]);
    expect(await listed(tartu)).toEqual([moving.id]);
  });
});
