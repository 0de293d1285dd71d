import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Client } from 'pg';
import { loadOrCreateSigningKey, TokenVerifier } from '@icjims/auth';
import { BUILT_IN_PACKS, Jurisdiction, jurisdictionOf, JurisdictionPackError, loadJurisdiction } from '@icjims/jurisdiction';
import { InProcessBus } from '@icjims/messaging';
import { createUniqueDatabase } from '@icjims/persistence';
import { http } from '../platform.fixtures';
import { createServiceApp, stopServiceApps } from '../service/service-app';
import { ServiceDefinition } from '../service/service-definition';
import { AdoptJurisdiction, PackAdoption } from './installation';

@Module({})
class NothingModule {}

describe('an installation keeps the jurisdiction pack it was set up with', () => {
  let databaseUrl: string;
  let verifier: TokenVerifier;
  const adoptions: { code: string; adoption: PackAdoption }[] = [];
  let refuseAdoption = false;
  const adopt: AdoptJurisdiction = async (manager, jurisdiction, adoption) => {
    if (refuseAdoption) throw new JurisdictionPackError('the pack’s data does not fit');
    await manager.query(`SELECT 1`);
    adoptions.push({ code: jurisdiction.code, adoption });
  };
  const definition: ServiceDefinition = {
    name: 'analytics',
    title: 'Installation test service',
    description: 'A test-only service with nothing but the platform',
    defaultPort: 0,
    schema: 'installation_test',
    module: NothingModule,
    migrations: [],
    adoptJurisdiction: adopt,
  };

  beforeAll(async () => {
    databaseUrl = await createUniqueDatabase(process.env.TEST_POSTGRES_URL, 'installation');
    verifier = TokenVerifier.local(loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'icjims-installation-key-'))));
  });

  /** Starts the service on the suite's database under `jurisdiction`, calls `work` with its URL, stops it. */
  async function startedUnder(jurisdiction: Jurisdiction, work: (url: string) => Promise<void> = async () => undefined): Promise<void> {
    const bus = new InProcessBus();
    const app = await createServiceApp(definition, { database: { migrationUrl: databaseUrl }, bus, verifier, logLevel: 'silent', jurisdiction });
    try {
      await app.listen(0, '127.0.0.1');
      await work((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    } finally {
      await stopServiceApps([app], 1000);
      await bus.close();
    }
  }

  async function installed(): Promise<{ jurisdiction: string; pack_version: string }[]> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      return (await db.query(`SELECT jurisdiction, pack_version FROM installation_test.installation`)).rows;
    } finally {
      await db.end();
    }
  }

  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

  it('refuses to record a pack whose data the service cannot take in, and records nothing', async () => {
    refuseAdoption = true;
    await expect(startedUnder(kg)).rejects.toThrow('the pack’s data does not fit');
    refuseAdoption = false;
    expect(await installed()).toEqual([]);
  });

  it('records the pack at the first start, has the service take in its data once, and answers in the pack’s languages', async () => {
    await startedUnder(kg, async (url) => {
      const russian = await http('GET', `${url}/health`, { headers: { 'Accept-Language': 'ru-KG, ky;q=0.8, en;q=0.5' } });
      expect(russian.headers.get('content-language')).toBe('ru');
      const unknown = await http('GET', `${url}/health`, { headers: { 'Accept-Language': 'de, fr;q=0.9' } });
      expect(unknown.headers.get('content-language')).toBe('en');
      expect(unknown.headers.get('vary')).toContain('Accept-Language');
    });
    await startedUnder(kg);
    expect(await installed()).toEqual([{ jurisdiction: 'KG', pack_version: kg.pack.version }]);
    expect(adoptions).toEqual([{ code: 'KG', adoption: { firstStart: true } }]);
  });

  it('refuses to start under another country’s pack, naming both and what to do', async () => {
    const start = startedUnder(loadJurisdiction({ ICJIMS_JURISDICTION: 'KZ' }));
    await expect(start).rejects.toThrow(JurisdictionPackError);
    await expect(startedUnder(loadJurisdiction({ ICJIMS_JURISDICTION: 'KZ' }))).rejects.toThrow(
      /set up on \d{4}-\d{2}-\d{2} under the jurisdiction pack KG, but the pack configured now is KZ .* start with ICJIMS_JURISDICTION=KG/,
    );
    expect(await installed()).toEqual([{ jurisdiction: 'KG', pack_version: kg.pack.version }]);
  });

  it('takes a new version of the same pack, and has the service take in its data again', async () => {
    const newer = jurisdictionOf({ ...structuredClone(BUILT_IN_PACKS.KG as object), version: '2099.1' }, 'a newer KG pack');
    await startedUnder(newer);
    expect(await installed()).toEqual([{ jurisdiction: 'KG', pack_version: '2099.1' }]);
    expect(adoptions.at(-1)).toEqual({ code: 'KG', adoption: { firstStart: false, previousVersion: kg.pack.version } });
  });
});
