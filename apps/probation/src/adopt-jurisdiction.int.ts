import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, startServices } from '@icjims/testing';
import { newProbationCase } from './domain';
import { probationService } from './probation.service';

/** An installation from before packs opened probation cases in the EE sample's regions: only the EE pack takes them over. */
describe('probation cases from before jurisdiction packs', () => {
  let databaseUrl: string;
  const id = randomUUID();

  beforeAll(async () => {
    const first = await startServices([probationService]);
    databaseUrl = first.databaseUrl;
    // As an installation from before packs left it: a probation case in an EE region, no pack recorded.
    const caseId = randomUUID();
    const state = {
      ...newProbationCase({ caseId, region: 'EE-37' }),
      version: 1,
      sourceStepId: randomUUID(),
      caseType: 'probation_supervision',
      openedAt: '2025-11-20T09:00:00.000Z',
      termMonths: 12,
      startsOn: '2025-11-20',
      endsOn: '2026-11-20',
    };
    await first.db.query(
      `INSERT INTO probation.probation_streams (stream_id, stream, case_id, region, status, state, version) VALUES ($1, 'probation_case', $2, 'EE-37', 'active', $3, 1)`,
      [id, caseId, JSON.stringify(state)],
    );
    await first.db.query(`DELETE FROM probation.installation`);
    await first.stop();
  });

  const stored = async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      return {
        cases: (await db.query(`SELECT stream_id AS id FROM probation.probation_streams`)).rows,
        installation: (await db.query(`SELECT jurisdiction FROM probation.installation`)).rows,
      };
    } finally {
      await db.end();
    }
  };

  it('refuses another country’s pack, saying why and what to do, and records nothing', async () => {
    await expect(startServices([probationService], { databaseUrl, jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }) })).rejects.toThrow(
      /probation holds 1 probation cases opened before jurisdiction packs.*start it with ICJIMS_JURISDICTION=EE/s,
    );
    expect(await stored()).toEqual({ cases: [{ id }], installation: [] });
  });

  it('keeps them under the EE pack', async () => {
    const services = await startServices([probationService], { databaseUrl, jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' }) });
    try {
      const officer = await services.tokenFor('probation_officer', { region: 'EE-37' });
      const response = await http('GET', `${services.urls.probation}/api/v1/probation-cases/${id}`, { token: officer });
      expect(response.body).toMatchObject({ id, region: 'EE-37', startsOn: '2025-11-20' });
    } finally {
      await services.stop();
    }
    expect((await stored()).installation).toEqual([{ jurisdiction: 'EE' }]);
  });
});
