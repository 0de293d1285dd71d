import { Client } from 'pg';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, startServices } from '@icjims/testing';
import { analyticsService } from './analytics.service';

/** An installation from before packs counted the EE sample's regions: only the EE pack takes its counts over. */
describe('analytics counts from before jurisdiction packs', () => {
  let databaseUrl: string;

  beforeAll(async () => {
    const first = await startServices([analyticsService]);
    databaseUrl = first.databaseUrl;
    // As an installation from before packs left it: counts of the EE sample's regions, no pack recorded.
    await first.db.query(`INSERT INTO analytics.activity_counts (indicator, region, period, category, value) VALUES ('cases_registered', 'EE-37', '2025-11', '', 4)`);
    await first.db.query(`DELETE FROM analytics.installation`);
    await first.stop();
  });

  const stored = async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      return {
        cells: (await db.query(`SELECT region, value FROM analytics.activity_counts`)).rows,
        installation: (await db.query(`SELECT jurisdiction FROM analytics.installation`)).rows,
      };
    } finally {
      await db.end();
    }
  };

  it('refuses another country’s pack, saying why and what to do, and records nothing', async () => {
    await expect(startServices([analyticsService], { databaseUrl, jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }) })).rejects.toThrow(
      /analytics holds 1 indicator cells counted before jurisdiction packs.*start it with ICJIMS_JURISDICTION=EE/s,
    );
    expect(await stored()).toEqual({ cells: [{ region: 'EE-37', value: 4 }], installation: [] });
  });

  it('keeps them under the EE pack', async () => {
    const services = await startServices([analyticsService], { databaseUrl, jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' }) });
    try {
      const analyst = await services.tokenFor('analyst');
      const response = await http('GET', `${services.urls.analytics}/api/v1/indicators/cases_registered?region=EE-37`, { token: analyst });
      expect(response.body.rows).toEqual([{ region: 'EE-37', period: '2025-11', value: 4, suppressed: false }]);
    } finally {
      await services.stop();
    }
    expect((await stored()).installation).toEqual([{ jurisdiction: 'EE' }]);
  });

  it('lets a new installation start under any pack', async () => {
    const services = await startServices([analyticsService], { jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KZ' }) });
    await services.stop();
  });
});
