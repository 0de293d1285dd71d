import { BUILT_IN_PACKS, jurisdictionOf, JurisdictionPack, loadJurisdiction } from '@icjims/jurisdiction';
import { Client } from 'pg';
import { http, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { packSeed, SAMPLE_SEED } from './adopt-deadline-rules';
import type { DeadlineRule } from './deadline-rules';
import { DeadlineRuleRecordDto } from './dto/deadline-rule.dto';
import { rulesOfPack } from './pack-deadline-rules';
import { SAMPLE_DEADLINE_RULES } from './sample-deadline-rules';

/** The deadline rules an installation runs come from its jurisdiction pack, at the first start and on a new pack version. */
describe('deadline rules taken from the jurisdiction pack', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
  const ee = loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' });

  async function storedRules(services: RunningServices): Promise<{ code: string; updated_by: string; rule: DeadlineRule }[]> {
    return (await services.db.query(`SELECT code, updated_by, rule FROM procedural_steps.deadline_rules ORDER BY code`)).rows;
  }

  /** Turns a started installation back into one from before packs: the sample rules as migration 220 left them, no pack recorded. */
  async function asBeforePacks(services: RunningServices): Promise<void> {
    await services.db.query(`DELETE FROM procedural_steps.deadline_rules`);
    for (const rule of SAMPLE_DEADLINE_RULES) {
      await services.db.query(`INSERT INTO procedural_steps.deadline_rules (code, rule, updated_by) VALUES ($1, $2, $3)`, [rule.code, JSON.stringify(rule), SAMPLE_SEED]);
    }
    await services.db.query(`DELETE FROM procedural_steps.installation`);
  }

  it('a new installation runs the pack’s rules, titled in English, cited, with their labels', async () => {
    const services = await startProceduralSteps({ jurisdiction: kg });
    try {
      const admin = await services.tokenFor('admin');
      const listed = await http<DeadlineRuleRecordDto[]>('GET', `${services.urls['procedural-steps']}/api/v1/deadline-rules`, { token: admin });
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual(rulesOfPack(kg.pack).sort((a, b) => a.code.localeCompare(b.code)).map((rule) => ({ rule, updatedAt: expect.any(String), updatedBy: 'jurisdiction-pack KG 2026.1' })));
      expect(listed.body.find((stored) => stored.rule.code === 'custody_term')?.rule).toMatchObject({
        title: 'Custody: end of the term set by the court',
        labels: { ru: 'Заключение под стражу: окончание срока, установленного судом' },
        legalReference: expect.stringMatching(/^CCP art\. 114 part 1 — Custody is applied by a court decision/),
      });
    } finally {
      await services.stop();
    }
  });

  it('an installation from before packs with no clock gets the pack’s rules instead of the sample', async () => {
    const first = await startProceduralSteps({ jurisdiction: kg });
    await asBeforePacks(first);
    await first.stop();
    const again = await startProceduralSteps({ jurisdiction: kg, databaseUrl: first.databaseUrl });
    try {
      expect((await storedRules(again)).map((row) => [row.code, row.updated_by])).toEqual(kg.pack.deadlineRules.map((rule) => [rule.code, packSeed(kg)]).sort());
    } finally {
      await again.stop();
    }
  });

  describe('an installation from before packs whose journals hold clocks', () => {
    let databaseUrl: string;

    beforeAll(async () => {
      const first = await startProceduralSteps({ jurisdiction: ee });
      const base = `${first.urls['procedural-steps']}/api/v1`;
      const token = await first.tokenFor('prosecutor', { region: 'EE-37' });
      // An Estonian case, as an installation from before packs holds them.
      const caseId = await announceCase(first.bus, { region: 'EE-37', caseNumber: 'EE-37-2026-000001', offence: { article: '199-1', iccsCode: '0502', severity: 'medium' } });
      const suspect = await addPerson(first.bus, caseId, 'suspect', undefined, 'EE-37');
      await recordStep({ base, token }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
      await recordStep({ base, token }, caseId, { stepType: 'detention', occurredAt: '2026-11-04T10:00:00Z', personId: suspect });
      await asBeforePacks(first);
      databaseUrl = first.databaseUrl;
      await first.stop();
    });

    it('refuses to start under another country’s pack, saying why and what to do, and writes nothing', async () => {
      await expect(startProceduralSteps({ jurisdiction: kg, databaseUrl })).rejects.toThrow(
        /procedural-steps holds 1 case journals recorded before jurisdiction packs.*start it with ICJIMS_JURISDICTION=EE/s,
      );
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        expect((await db.query(`SELECT * FROM procedural_steps.installation`)).rows).toEqual([]);
        expect((await db.query(`SELECT DISTINCT updated_by FROM procedural_steps.deadline_rules`)).rows).toEqual([{ updated_by: SAMPLE_SEED }]);
      } finally {
        await db.end();
      }
    });

    it('starts under EE and keeps the sample rules its clocks run under', async () => {
      const services = await startProceduralSteps({ jurisdiction: ee, databaseUrl });
      try {
        const stored = await storedRules(services);
        expect(stored.map((row) => row.code)).toEqual(SAMPLE_DEADLINE_RULES.map((rule) => rule.code).sort());
        expect(stored.every((row) => row.updated_by === SAMPLE_SEED)).toBe(true);
        expect((await services.db.query(`SELECT jurisdiction FROM procedural_steps.installation`)).rows).toEqual([{ jurisdiction: 'EE' }]);
      } finally {
        await services.stop();
      }
    });
  });

  it('a new pack version adds the rules it did not have and never overwrites an admin’s change', async () => {
    const first = await startProceduralSteps({ jurisdiction: kg });
    const admin = await first.tokenFor('admin', { sub: 'national-admin' });
    const custody = rulesOfPack(kg.pack).find((rule) => rule.code === 'custody_term')!;
    const changed = { ...custody, warnBefore: { amount: 10, unit: 'days' } };
    expect((await http('PUT', `${first.urls['procedural-steps']}/api/v1/deadline-rules/custody_term`, { token: admin, body: changed })).status).toBe(200);
    await first.stop();

    const pack = structuredClone(BUILT_IN_PACKS.KG) as JurisdictionPack;
    // A rule the newer version brings: the detention rule under a new code, say.
    const added = { ...structuredClone(pack.deadlineRules.find((rule) => rule.code === 'detention_court_decision')!), code: 'detention_report' };
    added.labels = { en: 'Detention: report to the prosecutor', ky: 'Кармоо: прокурорго билдирүү', ru: 'Задержание: сообщение прокурору' };
    pack.version = '2099.1';
    pack.deadlineRules.push(added);
    pack.deadlineRules.find((rule) => rule.code === 'custody_term')!.warnBefore = { amount: 3, unit: 'days' };
    const newer = jurisdictionOf(pack, 'a newer KG pack');

    const again = await startProceduralSteps({ jurisdiction: newer, databaseUrl: first.databaseUrl });
    try {
      const stored = new Map((await storedRules(again)).map((row) => [row.code, row]));
      expect(stored.get('custody_term')).toMatchObject({ updated_by: 'national-admin', rule: changed });
      expect(stored.get('detention_report')).toMatchObject({ updated_by: 'jurisdiction-pack KG 2099.1', rule: { title: 'Detention: report to the prosecutor' } });
      expect(stored.get('detention_court_decision')?.updated_by).toBe(packSeed(kg));
    } finally {
      await again.stop();
    }
  });
});
