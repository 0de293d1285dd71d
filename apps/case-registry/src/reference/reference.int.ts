import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { Body, lastAccessEvent, registerCase } from '../case-registry.fixtures';

describe('reference data over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let admin: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    admin = await services.tokenFor('admin');
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  // Names in English, whatever the HTTP client sends by default.
  const english = { 'Accept-Language': 'en' };
  const get = async (list: string) => (await http('GET', `${api}/reference/${list}`, { token: prosecutor, headers: english })).body;
  const put = (list: string, body: unknown, token = admin) => http('PUT', `${api}/reference/${list}`, { token, body, headers: english });
  /** Everything an admin can change, to show that a refused change changed nothing. */
  const everything = async () => ({ regions: await get('regions'), agencies: await get('agencies'), offences: await get('offences'), history: (await http('GET', `${api}/reference/history?limit=1`, { token: admin })).body });

  const agency = (overrides: Body = {}) => ({ code: 'TEST-AGENCY', name: 'Test agency', kind: 'internal_affairs', ...overrides });
  const offence = (overrides: Body = {}) => ({
    article: '500-1',
    title: 'Test offence',
    severity: 'minor',
    iccsCode: '1101',
    iccsSection: '11 Other criminal acts not elsewhere classified',
    ...overrides,
  });
  const region = (overrides: Body = {}) => ({ code: 'TS-01', name: 'Test region', districts: [{ code: 'one', name: 'One' }], ...overrides });
  const bishkek = { en: 'Bishkek City', ky: 'Бишкек шаары', ru: 'город Бишкек' };
  const leninsky = { en: 'Leninsky District', ky: 'Ленин району', ru: 'Ленинский район' };

  describe('reading', () => {
    it('serves the pack’s regions with their districts, agencies, offences and courts to any signed-in role', async () => {
      const officer = await services.tokenFor('probation_officer', { region: 'KG-C' });
      const regions = await http('GET', `${api}/reference/regions`, { token: officer, headers: english });
      expect(regions.status).toBe(200);
      expect(regions.body).toContainEqual({ code: 'KG-GB', name: 'Bishkek City', labels: bishkek, districts: expect.arrayContaining([{ code: 'leninsky', name: 'Leninsky District', labels: leninsky }]) });
      expect(regions.body.map((found: { code: string }) => found.code)).toEqual(['KG-B', 'KG-C', 'KG-GB', 'KG-GO', 'KG-J', 'KG-N', 'KG-O', 'KG-T', 'KG-Y']);
      const agencies = await http('GET', `${api}/reference/agencies`, { token: await services.tokenFor('analyst'), headers: english });
      expect(agencies.body).toContainEqual(expect.objectContaining({ code: 'GKNB-KG', name: 'State Committee for National Security of the Kyrgyz Republic', kind: 'national_security' }));
      expect(await get('offences')).toContainEqual({
        article: '154',
        title: 'Rape',
        labels: { en: 'Rape', ky: 'Зордуктоо', ru: 'Изнасилование' },
        severity: 'grave',
        iccsCode: '03011',
        iccsSection: '03 Injurious acts of a sexual nature',
        sexualOrGenderBasedViolence: true,
      });
      expect(await get('offences')).toContainEqual(expect.objectContaining({ article: '209-1', severity: 'minor', sexualOrGenderBasedViolence: false }));
      expect(await get('courts')).toContainEqual({
        code: 'RC-GB',
        name: 'Bishkek City Court',
        labels: { en: 'Bishkek City Court', ky: 'Бишкек шаардык соту', ru: 'Бишкекский городской суд' },
        level: 'regional',
        region: 'KG-GB',
      });
      expect(await get('courts')).toContainEqual(expect.objectContaining({ code: 'SC-KG', level: 'supreme', region: null }));
    });

    it('answers in the request’s language among the pack’s, English otherwise, codes unchanged', async () => {
      const inRussian = await http('GET', `${api}/reference/regions`, { token: prosecutor, headers: { 'Accept-Language': 'ru-KG, en;q=0.5' } });
      expect(inRussian.headers.get('content-language')).toBe('ru');
      expect(inRussian.body).toContainEqual(expect.objectContaining({ code: 'KG-GB', name: 'город Бишкек', labels: bishkek }));
      const inKyrgyz = await http('GET', `${api}/reference/offences`, { token: prosecutor, headers: { 'Accept-Language': 'ky' } });
      expect(inKyrgyz.body).toContainEqual(expect.objectContaining({ article: '154', title: 'Зордуктоо' }));
      const inGerman = await http('GET', `${api}/reference/courts`, { token: prosecutor, headers: { 'Accept-Language': 'de' } });
      expect(inGerman.headers.get('content-language')).toBe('en');
      expect(inGerman.body).toContainEqual(expect.objectContaining({ code: 'RC-GB', name: 'Bishkek City Court' }));
    });

    it('refuses reading without a token or with an expired one', async () => {
      expect((await http('GET', `${api}/reference/agencies`)).status).toBe(401);
      const expired = await services.tokenFor('admin', { ttlSeconds: -120 });
      expect((await http('GET', `${api}/reference/agencies`, { token: expired })).status).toBe(401);
    });
  });

  describe('history', () => {
    const history = async (query = '', token: string | undefined = admin) => http('GET', `${api}/reference/history${query}`, { token, headers: { 'Accept-Language': 'en' } });
    const allHistory = async () => {
      const items: { source: string; kind: string; code: string; change: string; before: unknown; after: unknown }[] = [];
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: { status: number; body: { items: typeof items; nextCursor: string | null } } = await history(`?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      }
      return items;
    };

    it('records what the pack loaded, under the pack’s code and version', async () => {
      const items = await allHistory();
      expect(items).toContainEqual(expect.objectContaining({ source: 'pack KG 2026.1', kind: 'region', code: 'KG-GB', change: 'added', before: null, after: { code: 'KG-GB', labels: bishkek } }));
      expect(items).toContainEqual(expect.objectContaining({ source: 'pack KG 2026.1', kind: 'district', code: 'KG-GB/leninsky', change: 'added' }));
      expect(items).toContainEqual(expect.objectContaining({ source: 'pack KG 2026.1', kind: 'court', code: 'RC-GB', change: 'added' }));
      expect(items).toContainEqual(expect.objectContaining({ source: 'pack KG 2026.1', kind: 'offence', code: '154', change: 'added' }));
    });

    it('records an admin’s change with the row before and after, newest first, a page at a time', async () => {
      const editor = await services.tokenFor('admin', { sub: 'admin-editor' });
      await put('agencies', { agencies: [agency({ code: 'HIST-1' })] }, editor);
      await put('agencies', { agencies: [{ code: 'HIST-1', kind: 'internal_affairs', labels: { ru: 'Тестовое ведомство' } }] }, editor);
      await put('agencies', { agencies: [], remove: ['HIST-1'] }, editor);
      const first = await history('?limit=2', await services.tokenFor('auditor'));
      expect(first.status).toBe(200);
      const before = { code: 'HIST-1', kind: 'internal_affairs', labels: { en: 'Test agency' } };
      const after = { code: 'HIST-1', kind: 'internal_affairs', labels: { en: 'Test agency', ru: 'Тестовое ведомство' } };
      expect(first.body.items).toEqual([
        { changedAt: expect.any(String), source: 'admin-editor', kind: 'agency', code: 'HIST-1', change: 'removed', before: after, after: null },
        { changedAt: expect.any(String), source: 'admin-editor', kind: 'agency', code: 'HIST-1', change: 'changed', before, after },
      ]);
      const second = await history(`?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toEqual([expect.objectContaining({ source: 'admin-editor', code: 'HIST-1', change: 'added', before: null, after: before })]);
    });

    it('records nothing for a PUT that changes nothing', async () => {
      await put('agencies', { agencies: [agency({ code: 'SAME-1' })] });
      const [latest] = (await history('?limit=1')).body.items;
      await put('agencies', { agencies: [agency({ code: 'SAME-1' })] });
      expect((await history('?limit=1')).body.items).toEqual([latest]);
    });

    it.each([
      ['a prosecutor', () => services.tokenFor('prosecutor', { region: 'KG-GB' }), 403],
      ['an analyst', () => services.tokenFor('analyst'), 403],
    ])('is refused to %s', async (_label, token, status) => {
      expect((await history('', await token())).status).toBe(status);
      expect((await http('GET', `${api}/reference/history`)).status).toBe(401);
    });

    it.each([
      ['a cursor that is not one', '?cursor=abc', 'cursor'],
      ['a limit over 200', '?limit=201', 'limit'],
    ])('refuses %s with 400 naming the field', async (_label, query, field) => {
      const response = await history(query);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('cannot be rewritten, even by the service’s own login', async () => {
      const own = services.dbAsService('case-registry');
      await expect(own.query(`UPDATE reference_changes SET source = 'someone else'`)).rejects.toThrow();
      await expect(own.query(`DELETE FROM reference_changes`)).rejects.toThrow();
    });
  });

  describe('changing', () => {
    const listed = (item: Body) => ({ ...item, labels: { en: item.name } });

    it('adds and updates agencies in one request and answers the whole list', async () => {
      const response = await put('agencies', { agencies: [agency({ code: 'NEW-1' }), { code: 'GKNB-KG', name: 'National Security Committee', kind: 'national_security' }] });
      expect(response.status).toBe(200);
      expect(response.body).toContainEqual(listed(agency({ code: 'NEW-1' })));
      // The English name changes; the other languages the pack gave stay.
      expect(response.body).toContainEqual({
        code: 'GKNB-KG',
        name: 'National Security Committee',
        labels: expect.objectContaining({ en: 'National Security Committee', ru: 'Государственный комитет национальной безопасности Кыргызской Республики' }),
        kind: 'national_security',
      });
      expect(response.body).toContainEqual(expect.objectContaining({ code: 'MVD-KG' })); // not mentioned, so kept
      expect(await lastAccessEvent(services.db)).toMatchObject({ action: 'replace', resourceType: 'agency', outcome: 'allowed' });
      expect(await get('agencies')).toEqual(response.body);
    });

    it('takes labels in the pack’s languages and answers in the request’s', async () => {
      const labels = { en: 'Osh City Directorate', ky: 'Ош шаардык башкармалыгы', ru: 'Управление города Ош' };
      const response = await http('PUT', `${api}/reference/agencies`, {
        token: admin,
        body: { agencies: [{ code: 'UVD-GO', kind: 'internal_affairs', labels }] },
        headers: { 'Accept-Language': 'ky' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toContainEqual({ code: 'UVD-GO', name: labels.ky, labels, kind: 'internal_affairs' });
    });

    it('removes an agency no case uses, and a repeated removal succeeds', async () => {
      await put('agencies', { agencies: [agency({ code: 'GONE' })] });
      for (const attempt of [1, 2]) {
        const response = await put('agencies', { agencies: [], remove: ['GONE'] });
        expect([attempt, response.status]).toEqual([attempt, 200]);
        expect(response.body).not.toContainEqual(expect.objectContaining({ code: 'GONE' }));
      }
    });

    it('adds a region and replaces the districts of a region', async () => {
      const added = await put('regions', { regions: [region({ districts: [{ code: 'one', name: 'One' }, { code: 'two', name: 'Two' }] })] });
      expect(added.status).toBe(200);
      const replaced = await put('regions', { regions: [region({ name: 'Renamed', districts: [{ code: 'two', name: 'Two' }, { code: 'three', name: 'Three' }] })] });
      expect(replaced.body).toContainEqual({
        code: 'TS-01',
        name: 'Renamed',
        labels: { en: 'Renamed' },
        districts: [listed({ code: 'three', name: 'Three' }), listed({ code: 'two', name: 'Two' })],
      });
      expect(replaced.body).toContainEqual(expect.objectContaining({ code: 'KG-C' }));
    });

    it('lets a case registered before an offence was reclassified keep its classification', async () => {
      await put('offences', { offences: [offence({ article: '500-2' })] });
      const before = await registerCase(api, prosecutor, { offenceArticle: '500-2' });
      const changed = await put('offences', { offences: [offence({ article: '500-2', severity: 'grave', iccsCode: '1102', sexualOrGenderBasedViolence: true })] });
      expect(changed.status).toBe(200);
      expect(changed.body).toContainEqual(expect.objectContaining({ article: '500-2', severity: 'grave', sexualOrGenderBasedViolence: true }));
      const after = await registerCase(api, prosecutor, { offenceArticle: '500-2' });
      const reread = await http('GET', `${api}/cases/${before.id}`, { token: prosecutor, purpose: 'investigation' });
      expect(reread.body.offence).toMatchObject({ severity: 'minor', iccsCode: '1101' });
      expect(after.offence).toMatchObject({ severity: 'grave', iccsCode: '1102' });
    });

    it.each<[string, string, Body, string]>([
      ['an agency', 'agencies', { agencies: [], remove: ['PR-O'] }, 'agency PR-O'],
      ['an offence', 'offences', { offences: [], remove: ['130'] }, 'offence 130'],
      ['a region', 'regions', { regions: [], remove: ['KG-O'] }, 'region KG-O'],
      ['a district, by leaving it out of its region', 'regions', { regions: [{ code: 'KG-O', name: 'Osh Region', districts: [{ code: 'alay', name: 'Alay District' }] }] }, 'district KG-O/aravan'],
    ])('refuses removing %s that a case uses with 409 and changes nothing', async (_label, list, body, named) => {
      const oshProsecutor = await services.tokenFor('prosecutor', { region: 'KG-O' });
      await registerCase(api, oshProsecutor, { region: 'KG-O', district: 'aravan', agency: 'PR-O', offenceArticle: '130' });
      const before = await everything();
      const response = await put(list, body);
      expect(response.status).toBe(409);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.detail).toContain(named);
      expect(await everything()).toEqual(before);
    });
  });

  describe('refusing bad input', () => {
    it.each<[string, string, unknown, string]>([
      ['a missing list', 'agencies', { remove: ['X'] }, 'agencies'],
      ['a list that is not an array', 'agencies', { agencies: agency() }, 'agencies'],
      ['an item that is not an object', 'agencies', { agencies: ['PR-GB'] }, 'agencies.0'],
      ['an agency without a code', 'agencies', { agencies: [agency({ code: undefined })] }, 'agencies.0.code'],
            ['an agency kind the pack does not have', 'agencies', { agencies: [agency({ kind: 'police' })] }, 'agencies.0.kind'],
      ['a malformed agency kind', 'agencies', { agencies: [agency({ kind: 'Militia!' })] }, 'agencies.0.kind'],
      ['a label in a language the pack does not have', 'agencies', { agencies: [agency({ labels: { et: 'Prokuratuur' } })] }, 'agencies.0.labels.et'],
      ['a label that is not a text', 'agencies', { agencies: [agency({ labels: { ru: 5 } })] }, 'agencies.0.labels.ru'],
      ['labels that are not an object', 'agencies', { agencies: [agency({ labels: 'Test' })] }, 'agencies.0.labels'],
      ['a new agency without an English name', 'agencies', { agencies: [agency({ name: undefined, labels: { ru: 'Тест' } })] }, 'agencies.0.name'],
      ['a district label in a language the pack does not have', 'regions', { regions: [region({ districts: [{ code: 'one', name: 'One', labels: { de: 'Eins' } }] })] }, 'regions.0.districts.0.labels.de'],
      ['an agency name over 200 characters', 'agencies', { agencies: [agency({ name: 'x'.repeat(201) })] }, 'agencies.0.name'],
      ['an agency code with spaces', 'agencies', { agencies: [agency({ code: 'A B' })] }, 'agencies.0.code'],
      ['an agency listed twice', 'agencies', { agencies: [agency(), agency()] }, 'agencies.1.code'],
      ['an agency listed and removed', 'agencies', { agencies: [agency()], remove: ['TEST-AGENCY'] }, 'remove.0'],
      ['a removal that is not a string', 'agencies', { agencies: [], remove: [7] }, 'remove'],
      ['an unknown field', 'agencies', { agencies: [agency({ address: 'Bishkek' })] }, 'agencies.0.address'],
      ['a region code over 16 characters', 'regions', { regions: [region({ code: 'X'.repeat(17) })] }, 'regions.0.code'],
      ['a region without districts', 'regions', { regions: [region({ districts: undefined })] }, 'regions.0.districts'],
      ['a district without a name', 'regions', { regions: [region({ districts: [{ code: 'one' }] })] }, 'regions.0.districts.0.name'],
      ['a district listed twice in its region', 'regions', { regions: [region({ districts: [{ code: 'a', name: 'A' }, { code: 'a', name: 'B' }] })] }, 'regions.0.districts.1.code'],
      ['a wrongly typed region name', 'regions', { regions: [region({ name: 5 })] }, 'regions.0.name'],
      ['an ICCS code of seven digits', 'offences', { offences: [offence({ iccsCode: '1101234' })] }, 'offences.0.iccsCode'],
      ['an ICCS code with letters', 'offences', { offences: [offence({ iccsCode: '11a1' })] }, 'offences.0.iccsCode'],
      ['an ICCS section that is not the code’s', 'offences', { offences: [offence({ iccsSection: '05 Acts against property only' })] }, 'offences.0.iccsSection'],
      ['a severity the pack does not have', 'offences', { offences: [offence({ severity: 'misdemeanour' })] }, 'offences.0.severity'],
      ['an offence title in a language the pack does not have', 'offences', { offences: [offence({ labels: { kk: 'Алаяқтық' } })] }, 'offences.0.labels.kk'],
      ['a malformed article', 'offences', { offences: [offence({ article: '§ 500' })] }, 'offences.0.article'],
      ['a new offence without a title', 'offences', { offences: [offence({ title: undefined })] }, 'offences.0.title'],
    ])('refuses %s with 400 naming the field and changes nothing', async (_label, list, body, field) => {
      const before = await everything();
      const response = await put(list, body);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await everything()).toEqual(before);
    });

    it.each([
      ['no token', async () => undefined, 401],
      ['an expired token', async () => services.tokenFor('admin', { ttlSeconds: -120 }), 401],
      ['a prosecutor', async () => services.tokenFor('prosecutor', { region: 'KG-GB' }), 403],
      ['a regional admin', async () => services.tokenFor('admin', { region: 'KG-GB' }), 403],
    ])('refuses a change by %s and changes nothing', async (_label, token, status) => {
      const before = await everything();
      for (const [list, body] of [['agencies', { agencies: [agency()] }], ['regions', { regions: [region()] }], ['offences', { offences: [offence()] }]] as const) {
        const response = await http('PUT', `${api}/reference/${list}`, { token: await token(), body });
        expect([list, response.status, response.contentType]).toEqual([list, status, expect.stringContaining('application/problem+json')]);
      }
      expect(await everything()).toEqual(before);
    });
  });
});
