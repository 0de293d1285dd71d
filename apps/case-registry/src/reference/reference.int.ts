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
    prosecutor = await services.tokenFor('prosecutor', { region: 'EE-37' });
  });
  afterAll(() => services.stop());

  const get = async (list: string) => (await http('GET', `${api}/reference/${list}`, { token: prosecutor })).body;
  const put = (list: string, body: unknown, token = admin) => http('PUT', `${api}/reference/${list}`, { token, body });
  /** Everything an admin can change, to show that a refused change changed nothing. */
  const everything = async () => ({ regions: await get('regions'), agencies: await get('agencies'), offences: await get('offences') });

  const agency = (overrides: Body = {}) => ({ code: 'TEST-AGENCY', name: 'Test agency', kind: 'other', ...overrides });
  const offence = (overrides: Body = {}) => ({
    article: '500-1',
    title: 'Test offence',
    severity: 'minor',
    iccsCode: '1101',
    iccsSection: '11 Other criminal acts not elsewhere classified',
    ...overrides,
  });
  const region = (overrides: Body = {}) => ({ code: 'TS-01', name: 'Test region', districts: [{ code: 'one', name: 'One' }], ...overrides });

  describe('reading', () => {
    it('serves the sample regions with their districts, agencies and offences to any signed-in role', async () => {
      const officer = await services.tokenFor('probation_officer', { region: 'EE-78' });
      const regions = await http('GET', `${api}/reference/regions`, { token: officer });
      expect(regions.status).toBe(200);
      expect(regions.body).toContainEqual({ code: 'EE-37', name: 'Harju', districts: expect.arrayContaining([{ code: 'tallinn', name: 'Tallinn' }]) });
      expect(regions.body).toHaveLength(15);
      const agencies = await http('GET', `${api}/reference/agencies`, { token: await services.tokenFor('analyst') });
      expect(agencies.body).toContainEqual({ code: 'EMTA', name: 'Tax and Customs Board', kind: 'tax_and_customs' });
      expect(await get('offences')).toContainEqual({
        article: '424-1',
        title: 'Driving while intoxicated',
        severity: 'medium',
        iccsCode: '0907',
        iccsSection: '09 Acts against public safety and state security',
      });
    });

    it('refuses reading without a token or with an expired one', async () => {
      expect((await http('GET', `${api}/reference/agencies`)).status).toBe(401);
      const expired = await services.tokenFor('admin', { ttlSeconds: -120 });
      expect((await http('GET', `${api}/reference/agencies`, { token: expired })).status).toBe(401);
    });
  });

  describe('changing', () => {
    it('adds and updates agencies in one request and answers the whole list', async () => {
      const response = await put('agencies', { agencies: [agency({ code: 'NEW-1' }), { code: 'KAPO', name: 'Estonian Internal Security Service', kind: 'other' }] });
      expect(response.status).toBe(200);
      expect(response.body).toContainEqual(agency({ code: 'NEW-1' }));
      expect(response.body).toContainEqual({ code: 'KAPO', name: 'Estonian Internal Security Service', kind: 'other' });
      expect(response.body).toContainEqual(expect.objectContaining({ code: 'EMTA' })); // not mentioned, so kept
      expect(await lastAccessEvent(services.db)).toMatchObject({ action: 'replace', resourceType: 'agency', outcome: 'allowed' });
      expect(await get('agencies')).toEqual(response.body);
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
      expect(replaced.body).toContainEqual({ code: 'TS-01', name: 'Renamed', districts: [{ code: 'three', name: 'Three' }, { code: 'two', name: 'Two' }] });
      expect(replaced.body).toContainEqual(expect.objectContaining({ code: 'EE-78' }));
    });

    it('lets a case registered before an offence was reclassified keep its classification', async () => {
      await put('offences', { offences: [offence({ article: '500-2' })] });
      const before = await registerCase(api, prosecutor, { offenceArticle: '500-2' });
      const changed = await put('offences', { offences: [offence({ article: '500-2', severity: 'grave', iccsCode: '1102' })] });
      expect(changed.status).toBe(200);
      const after = await registerCase(api, prosecutor, { offenceArticle: '500-2' });
      const reread = await http('GET', `${api}/cases/${before.id}`, { token: prosecutor, purpose: 'investigation' });
      expect(reread.body.offence).toMatchObject({ severity: 'minor', iccsCode: '1101' });
      expect(after.offence).toMatchObject({ severity: 'grave', iccsCode: '1102' });
    });

    it.each<[string, string, Body, string]>([
      ['an agency', 'agencies', { agencies: [], remove: ['PPA-WEST'] }, 'agency PPA-WEST'],
      ['an offence', 'offences', { offences: [], remove: ['200-1'] }, 'offence 200-1'],
      ['a region', 'regions', { regions: [], remove: ['EE-84'] }, 'region EE-84'],
      ['a district, by leaving it out of its region', 'regions', { regions: [{ code: 'EE-84', name: 'Viljandi', districts: [{ code: 'viljandi', name: 'Viljandi' }] }] }, 'district EE-84/mulgi'],
    ])('refuses removing %s that a case uses with 409 and changes nothing', async (_label, list, body, named) => {
      const tartuProsecutor = await services.tokenFor('prosecutor', { region: 'EE-84' });
      await registerCase(api, tartuProsecutor, { region: 'EE-84', district: 'mulgi', agency: 'PPA-WEST', offenceArticle: '200-1' });
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
      ['an item that is not an object', 'agencies', { agencies: ['EMTA'] }, 'agencies.0'],
      ['an agency without a code', 'agencies', { agencies: [agency({ code: undefined })] }, 'agencies.0.code'],
      ['an agency without a name', 'agencies', { agencies: [agency({ name: undefined })] }, 'agencies.0.name'],
      ['an unknown agency kind', 'agencies', { agencies: [agency({ kind: 'militia' })] }, 'agencies.0.kind'],
      ['an agency name over 200 characters', 'agencies', { agencies: [agency({ name: 'x'.repeat(201) })] }, 'agencies.0.name'],
      ['an agency code with spaces', 'agencies', { agencies: [agency({ code: 'A B' })] }, 'agencies.0.code'],
      ['an agency listed twice', 'agencies', { agencies: [agency(), agency()] }, 'agencies.1.code'],
      ['an agency listed and removed', 'agencies', { agencies: [agency()], remove: ['TEST-AGENCY'] }, 'remove.0'],
      ['a removal that is not a string', 'agencies', { agencies: [], remove: [7] }, 'remove'],
      ['an unknown field', 'agencies', { agencies: [agency({ address: 'Tallinn' })] }, 'agencies.0.address'],
      ['a region code over 16 characters', 'regions', { regions: [region({ code: 'X'.repeat(17) })] }, 'regions.0.code'],
      ['a region without districts', 'regions', { regions: [region({ districts: undefined })] }, 'regions.0.districts'],
      ['a district without a name', 'regions', { regions: [region({ districts: [{ code: 'one' }] })] }, 'regions.0.districts.0.name'],
      ['a district listed twice in its region', 'regions', { regions: [region({ districts: [{ code: 'a', name: 'A' }, { code: 'a', name: 'B' }] })] }, 'regions.0.districts.1.code'],
      ['a wrongly typed region name', 'regions', { regions: [region({ name: 5 })] }, 'regions.0.name'],
      ['an ICCS code of seven digits', 'offences', { offences: [offence({ iccsCode: '1101234' })] }, 'offences.0.iccsCode'],
      ['an ICCS code with letters', 'offences', { offences: [offence({ iccsCode: '11a1' })] }, 'offences.0.iccsCode'],
      ['an ICCS section that is not the code’s', 'offences', { offences: [offence({ iccsSection: '05 Acts against property only' })] }, 'offences.0.iccsSection'],
      ['an unknown severity', 'offences', { offences: [offence({ severity: 'petty' })] }, 'offences.0.severity'],
      ['a malformed article', 'offences', { offences: [offence({ article: '§ 500' })] }, 'offences.0.article'],
      ['an offence without a title', 'offences', { offences: [offence({ title: undefined })] }, 'offences.0.title'],
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
      ['a prosecutor', async () => services.tokenFor('prosecutor', { region: 'EE-37' }), 403],
      ['a regional admin', async () => services.tokenFor('admin', { region: 'EE-37' }), 403],
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
