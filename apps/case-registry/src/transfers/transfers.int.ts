import { Client } from 'pg';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { Body, domainEvents, lastAccessEvent, registerCase, rowCount, statusChanged } from '../case-registry.fixtures';

describe('case transfers over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let harju: string;
  let tartu: string;
  let db: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    harju = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-37' });
    tartu = await services.tokenFor('prosecutor', { region: 'KG-C', sub: 'prosecutor-78' });
    db = services.db;
  });
  afterAll(() => services.stop());

  const toTartu = (overrides: Body = {}) => ({ toRegion: 'KG-C', toDistrict: 'alamudun', toAgency: 'MVD-KG', reason: 'the suspect lives in Tartu', ...overrides });
  const transfer = (caseId: string, body: unknown, token = harju) => http('POST', `${api}/cases/${caseId}/transfers`, { token, body });
  const read = (caseId: string, token: string) => http('GET', `${api}/cases/${caseId}`, { token, purpose: 'investigation' });
  const transferEvents = async (caseId: string) =>
    (await domainEvents(db, 'icjims.case-registry.case.transferred.v1')).filter((event) => event.subject === caseId).map((event) => event.data);

  it('moves a case to another region: the new region’s prosecutors see it, the old one’s no longer do', async () => {
    const registered = await registerCase(api, harju);
    const response = await transfer(registered.id, toTartu());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      caseId: registered.id,
      fromRegion: 'KG-GB',
      fromDistrict: 'leninsky',
      fromAgency: 'GUVD-GB',
      toRegion: 'KG-C',
      toDistrict: 'alamudun',
      toAgency: 'MVD-KG',
      transferredBy: 'prosecutor-37',
    });

    expect((await read(registered.id, harju)).status).toBe(403);
    const moved = await read(registered.id, tartu);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ caseNumber: registered.caseNumber, region: 'KG-C', district: 'alamudun', agency: 'MVD-KG' });
    const history = await http('GET', `${api}/cases/${registered.id}/transfers`, { token: tartu });
    expect(history.body).toEqual([response.body]);
    expect((await http('GET', `${api}/cases/${registered.id}/transfers`, { token: harju })).status).toBe(403);
    // The new region now conducts it.
    expect((await http('PUT', `${api}/cases/${registered.id}/responsible/prosecutor`, { token: tartu, body: { assignee: 'prosecutor-78' } })).status).toBe(200);
  });

  it('announces the transfer without its reason', async () => {
    const registered = await registerCase(api, harju);
    await transfer(registered.id, toTartu());
    const events = await transferEvents(registered.id);
    expect(events).toEqual([{ caseId: registered.id, fromRegion: 'KG-GB', toRegion: 'KG-C', fromAgency: 'GUVD-GB', toAgency: 'MVD-KG' }]);
    expect(JSON.stringify(events)).not.toContain('suspect');
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'transfer', caseId: registered.id, outcome: 'allowed', status: 201 });
  });

  it('moves a case to another agency within its region and keeps its district', async () => {
    const registered = await registerCase(api, harju);
    const response = await transfer(registered.id, { toRegion: 'KG-GB', toAgency: 'PR-GB', reason: 'tax fraud suspected' });
    expect(response.status).toBe(201);
    expect((await read(registered.id, harju)).body).toMatchObject({ region: 'KG-GB', district: 'leninsky', agency: 'PR-GB' });
  });

  it('lets a national admin transfer any region’s case, leaving no district when none is named', async () => {
    const registered = await registerCase(api, harju);
    const response = await transfer(registered.id, { toRegion: 'KG-O', reason: 'conflict of interest' }, await services.tokenFor('admin'));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ toRegion: 'KG-O', toDistrict: null, toAgency: 'GUVD-GB' });
  });

  describe('refusing', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await registerCase(api, harju)).id;
    });
    const nothingWritten = async () => [await rowCount(db, 'case_transfers'), (await domainEvents(db)).length, (await read(caseId, harju)).body.region];

    it.each<[string, unknown, string]>([
      ['a missing toRegion', toTartu({ toRegion: undefined }), 'toRegion'],
      ['a missing reason', toTartu({ reason: undefined }), 'reason'],
      ['an empty reason', toTartu({ reason: '' }), 'reason'],
      ['a reason over 500 characters', toTartu({ reason: 'x'.repeat(501) }), 'reason'],
      ['a wrongly typed toRegion', toTartu({ toRegion: 78 }), 'toRegion'],
      ['a toRegion over 16 characters', toTartu({ toRegion: 'X'.repeat(17) }), 'toRegion'],
      ['a toDistrict over 32 characters', toTartu({ toDistrict: 'x'.repeat(33) }), 'toDistrict'],
      ['an unknown region', toTartu({ toRegion: 'XX-99' }), 'toRegion'],
      ['a district of another region', toTartu({ toDistrict: 'leninsky' }), 'toDistrict'],
      ['an unknown agency', toTartu({ toAgency: 'NOPE' }), 'toAgency'],
      ['an extra field', toTartu({ suspectName: 'Jaan Tamm' }), 'suspectName'],
    ])('%s with 400 naming the field, writing nothing', async (_label, body, field) => {
      const before = await nothingWritten();
      const response = await transfer(caseId, body);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await nothingWritten()).toEqual(before);
    });

    it('a transfer to where the case already is with 409, writing nothing', async () => {
      const before = await nothingWritten();
      const response = await transfer(caseId, { toRegion: 'KG-GB', toDistrict: 'leninsky', reason: 'no change' });
      expect(response.status).toBe(409);
      expect(await nothingWritten()).toEqual(before);
    });

    it.each([
      ['no token', async () => undefined, 401],
      ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
      ['an investigator', async () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
      ['another region’s prosecutor', async () => services.tokenFor('prosecutor', { region: 'KG-C' }), 403],
    ])('%s, writing nothing and logging the denial', async (_label, token, status) => {
      const before = await nothingWritten();
      const response = await http('POST', `${api}/cases/${caseId}/transfers`, { token: await token(), body: toTartu() });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'transfer', caseId, outcome: 'denied', status });
      expect(await nothingWritten()).toEqual(before);
    });

    it('an unknown case with 404', async () => {
      expect((await transfer('7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', toTartu())).status).toBe(404);
    });

    it('transferring a joined case with 422', async () => {
      const joined = await registerCase(api, harju);
      await publishEvents(services.bus, statusChanged(joined.id, 'joined'));
      const response = await transfer(joined.id, toTartu());
      expect(response.status).toBe(422);
      expect(await transferEvents(joined.id)).toEqual([]);
    });
  });
});
