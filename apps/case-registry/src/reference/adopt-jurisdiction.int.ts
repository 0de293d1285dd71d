import { BUILT_IN_PACKS, JurisdictionPack, jurisdictionOf, loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { registerCase } from '../case-registry.fixtures';

/**
 * An installation from before jurisdiction packs: its migrations seeded the EE sample and it
 * holds cases. Simulated by starting under the EE pack, registering a case, then taking away
 * what the pack brought (the installation's record, the other languages, courts, history).
 */
describe('case-registry takes in its jurisdiction pack', () => {
  const ee = loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' });
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  let databaseUrl: string;
  let caseId: string;

  async function started<T>(jurisdiction: typeof ee, work: (services: RunningServices) => Promise<T>): Promise<T> {
    const services = await startServices([caseRegistryService], { databaseUrl, jurisdiction });
    try {
      return await work(services);
    } finally {
      await services.stop();
    }
  }

  beforeAll(async () => {
    await started(ee, async (services) => {
      databaseUrl = services.databaseUrl;
      const prosecutor = await services.tokenFor('prosecutor', { region: 'EE-37' });
      const api = `${services.urls['case-registry']}/api/v1`;
      caseId = (await registerCase(api, prosecutor, { region: 'EE-37', district: 'tallinn', agency: 'PPA-NORTH', offenceArticle: '199-1' })).id;
      // Back to how an installation from before packs looked: English names only, no courts, no record of a pack.
      await services.db.query(`DELETE FROM case_registry.installation`);
      for (const table of ['regions', 'districts', 'agencies', 'offences']) {
        await services.db.query(`UPDATE case_registry.${table} SET labels = jsonb_build_object('en', labels->'en')`);
      }
      await services.db.query(`UPDATE case_registry.agencies SET labels = '{"en": "Internal Security Service (renamed by an admin)"}' WHERE code = 'KAPO'`);
      await services.db.query(`DELETE FROM case_registry.courts`);
    });
  });

  const query = async (services: RunningServices, sql: string) => (await services.db.query(sql)).rows;

  it('refuses another country’s pack while it holds cases registered under the EE sample, and changes nothing', async () => {
    await expect(startServices([caseRegistryService], { databaseUrl, jurisdiction: kg })).rejects.toThrow(
      /case-registry holds 1 cases registered before jurisdiction packs, against the EE sample data, so it cannot take the KG pack: start it with ICJIMS_JURISDICTION=EE/,
    );
    await started(ee, async (services) => {
      expect(await query(services, `SELECT count(*)::int AS n FROM case_registry.regions WHERE code LIKE 'KG-%'`)).toEqual([{ n: 0 }]);
    });
  });

  it('keeps working under the EE pack: cases kept, the pack’s languages and courts added, an admin’s renaming kept', async () => {
    await started(ee, async (services) => {
      const admin = await services.tokenFor('admin');
      const api = `${services.urls['case-registry']}/api/v1`;
      expect((await http('GET', `${api}/cases/${caseId}`, { token: admin, purpose: 'investigation' })).body).toMatchObject({ region: 'EE-37', district: 'tallinn' });
      const agencies = await http('GET', `${api}/reference/agencies`, { token: admin, headers: { 'Accept-Language': 'et' } });
      expect(agencies.body).toContainEqual({ code: 'KAPO', name: 'Internal Security Service (renamed by an admin)', labels: { en: 'Internal Security Service (renamed by an admin)' }, kind: 'other' });
      expect(agencies.body).toContainEqual(expect.objectContaining({ code: 'EMTA', labels: expect.objectContaining({ et: expect.any(String) }) }));
      expect((await http('GET', `${api}/reference/courts`, { token: admin })).body).toContainEqual(expect.objectContaining({ code: 'HARJU-MK', region: 'EE-37' }));
      expect(await query(services, `SELECT jurisdiction FROM case_registry.installation`)).toEqual([{ jurisdiction: 'EE' }]);
      // Only the renamed row counts as the admin's: every other sample row is the pack's, now with its Estonian label.
      const adminRows = await query(services, `SELECT code FROM case_registry.agencies WHERE changed_by_admin
        UNION ALL SELECT code FROM case_registry.regions WHERE changed_by_admin UNION ALL SELECT region || '/' || code FROM case_registry.districts WHERE changed_by_admin
        UNION ALL SELECT article FROM case_registry.offences WHERE changed_by_admin`);
      expect(adminRows).toEqual([{ code: 'KAPO' }]);
      expect(await query(services, `SELECT count(*)::int AS n FROM case_registry.offences WHERE NOT labels ? 'et'`)).toEqual([{ n: 0 }]);
    });
  });

  it('takes what a new pack version adds and changes, but not over an admin’s change', async () => {
    const next = structuredClone(BUILT_IN_PACKS.EE) as JurisdictionPack;
    next.version = '2026.2';
    next.offences.push({ ...next.offences[0], article: '113-2', labels: { en: 'Murder, second part', et: 'Tapmine, teine osa' } });
    for (const agency of next.agencies) {
      if (agency.code === 'KAPO') agency.labels = { en: 'Internal Security Service', et: 'Kaitsepolitseiamet' };
      if (agency.code === 'EMTA') agency.labels = { ...agency.labels, en: 'Estonian Tax and Customs Board' };
    }
    await started(jurisdictionOf(next, 'the EE pack 2026.2'), async (services) => {
      const admin = await services.tokenFor('admin');
      const api = `${services.urls['case-registry']}/api/v1`;
      expect((await http('GET', `${api}/reference/offences`, { token: admin })).body).toContainEqual(expect.objectContaining({ article: '113-2' }));
      const agencies = (await http('GET', `${api}/reference/agencies`, { token: admin, headers: { 'Accept-Language': 'en' } })).body;
      expect(agencies).toContainEqual(expect.objectContaining({ code: 'EMTA', name: 'Estonian Tax and Customs Board' }));
      expect(agencies).toContainEqual(expect.objectContaining({ code: 'KAPO', name: 'Internal Security Service (renamed by an admin)' }));
      const history = (await http('GET', `${api}/reference/history?limit=10`, { token: admin })).body.items;
      expect(history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ source: 'pack EE 2026.2', kind: 'offence', code: '113-2', change: 'added' }),
          expect.objectContaining({ source: 'pack EE 2026.2', kind: 'agency', code: 'EMTA', change: 'changed' }),
        ]),
      );
      expect(history).not.toContainEqual(expect.objectContaining({ code: 'KAPO' }));
      expect(await query(services, `SELECT pack_version FROM case_registry.installation`)).toEqual([{ pack_version: '2026.2' }]);
    });
  });
});
