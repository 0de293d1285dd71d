import { http, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, FIXTURE_JURISDICTION, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { packSeed } from './adopt-deadline-rules';
import type { DeadlineRule } from './deadline-rules';
import { DeadlineRuleVersionDto } from './dto/deadline-rule.dto';
import { DeadlinePageDto } from './dto/deadline.dto';
import { rulesOfPack } from './pack-deadline-rules';

/**
 * Deadline rules keep their history: a change is a new version applying from a given instant;
 * a clock keeps the version in force when its starting step occurred.
 */
describe('versions of deadline rules', () => {
  let services: RunningServices;
  let base: string;
  let admin: string;
  let prosecutor: string;

  const detentionRule = structuredClone(rulesOfPack(FIXTURE_JURISDICTION.pack).find((rule) => rule.code === 'detention_court_decision')!);
  /** The law changes on 20 November: 72 hours instead of 48 for detentions from then on. */
  const T = '2026-11-20T00:00:00Z';

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    admin = await services.tokenFor('admin', { sub: 'law-change-admin' });
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const putRule = (body: unknown, appliesFrom?: string) =>
    http('PUT', `${base}/deadline-rules/${detentionRule.code}${appliesFrom === undefined ? '' : `?appliesFrom=${encodeURIComponent(appliesFrom)}`}`, { token: admin, body });
  const versions = () => http<DeadlineRuleVersionDto[]>('GET', `${base}/deadline-rules/${detentionRule.code}/versions`, { token: prosecutor });

  async function detention(detainedAt: string): Promise<{ caseId: string; suspect: string; stepId: string }> {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await recordStep({ base, token: prosecutor }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const step = await recordStep({ base, token: prosecutor }, caseId, { stepType: 'detention', occurredAt: detainedAt, personId: suspect });
    return { caseId, suspect, stepId: step.id };
  }
  async function clockOf(stepId: string): Promise<{ dueAt: string; ruleVersion: number }> {
    const page = await http<DeadlinePageDto>('GET', `${base}/deadlines?limit=100`, { token: prosecutor });
    expect(page.status).toBe(200);
    const clock = page.body.items.find((item) => item.startStepId === stepId && item.rule === detentionRule.code);
    expect(clock).toBeDefined();
    return { dueAt: clock!.dueAt, ruleVersion: clock!.ruleVersion };
  }

  /** The pack's version: 1, or 2 over the sample rule of the same code it replaced at the first start (its version 1). */
  let pack: number;

  it('starts with the version the pack brought', async () => {
    const response = await versions();
    expect(response.status).toBe(200);
    pack = response.body[0].version;
    expect(response.body[0]).toEqual({ version: pack, rule: detentionRule, appliesFrom: '1970-01-01T00:00:00.000Z', updatedAt: expect.any(String), updatedBy: packSeed(FIXTURE_JURISDICTION) });
    expect(response.body.slice(1).map((older) => [older.version, older.updatedBy])).toEqual(pack === 2 ? [[1, 'sample-seed']] : []);
  });

  it('keeps 48 hours for a detention before the change and gives 72 to one after it', async () => {
    expect(detentionRule.term).toEqual({ amount: 48, unit: 'hours' });
    const before = await detention('2026-11-19T22:00:00Z');
    expect(await clockOf(before.stepId)).toEqual({ dueAt: '2026-11-21T22:00:00.000Z', ruleVersion: pack });

    const changed: DeadlineRule = { ...detentionRule, term: { amount: 72, unit: 'hours' } };
    const response = await putRule(changed, T);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rule: changed, updatedBy: 'law-change-admin' });

    const after = await detention('2026-11-20T01:00:00Z');
    expect(await clockOf(after.stepId)).toEqual({ dueAt: '2026-11-23T01:00:00.000Z', ruleVersion: pack + 1 });
    // The clock that started before the change keeps its version, after its case is recomputed too.
    await recordStep({ base, token: prosecutor }, before.caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-20T09:00:00Z', personId: before.suspect, details: { offenceArticle: '209-1' } });
    expect(await clockOf(before.stepId)).toEqual({ dueAt: '2026-11-21T22:00:00.000Z', ruleVersion: pack });
  });

  it('moves a running clock that started after appliesFrom to the new version at once', async () => {
    const started = await detention('2026-11-25T10:00:00Z');
    expect(await clockOf(started.stepId)).toEqual({ dueAt: '2026-11-28T10:00:00.000Z', ruleVersion: pack + 1 });
    const response = await putRule({ ...detentionRule, term: { amount: 24, unit: 'hours' } }, '2026-11-25T00:00:00Z');
    expect(response.status).toBe(200);
    expect(await clockOf(started.stepId)).toEqual({ dueAt: '2026-11-26T10:00:00.000Z', ruleVersion: pack + 2 });
  });

  it('lists the versions newest first, with who changed each, when and from when it applies', async () => {
    const response = await versions();
    expect(response.status).toBe(200);
    expect(response.body.slice(0, 3).map(({ version, appliesFrom, updatedBy, rule }) => ({ version, appliesFrom, updatedBy, term: rule.term }))).toEqual([
      { version: pack + 2, appliesFrom: '2026-11-25T00:00:00.000Z', updatedBy: 'law-change-admin', term: { amount: 24, unit: 'hours' } },
      { version: pack + 1, appliesFrom: '2026-11-20T00:00:00.000Z', updatedBy: 'law-change-admin', term: { amount: 72, unit: 'hours' } },
      { version: pack, appliesFrom: '1970-01-01T00:00:00.000Z', updatedBy: packSeed(FIXTURE_JURISDICTION), term: { amount: 48, unit: 'hours' } },
    ]);
    expect(new Date(response.body[0].updatedAt).getTime()).toBeGreaterThan(new Date(response.body[2].updatedAt).getTime());
  });

  it('applies a change from now when it says nothing', async () => {
    const sent = Date.now();
    expect((await putRule({ ...detentionRule, term: { amount: 36, unit: 'hours' } })).status).toBe(200);
    const [latest] = (await versions()).body;
    expect(latest.version).toBe(pack + 3);
    expect(new Date(latest.appliesFrom).getTime()).toBeGreaterThanOrEqual(sent - 1000);
  });

  describe('refuses, writing nothing', () => {
    const written = async () => (await services.db.query(`SELECT code, version FROM procedural_steps.deadline_rule_versions ORDER BY code, version`)).rows;

    it.each([
      ['before the latest version applies', '2026-11-24T23:59:59Z'],
      ['not a date', 'next-monday'],
      ['a date without its time and offset', '2026-12-01'],
      ['an impossible date', '2026-02-30T00:00:00Z'],
    ])('an appliesFrom %s (400 naming appliesFrom)', async (_, appliesFrom) => {
      const before = await written();
      const response = await putRule(detentionRule, appliesFrom);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(['appliesFrom']);
      expect(await written()).toEqual(before);
    });

    it('a query parameter the versions do not take (400 naming it)', async () => {
      const response = await http('GET', `${base}/deadline-rules/${detentionRule.code}/versions?since=2026-11-01`, { token: prosecutor });
      expect(response.status).toBe(400);
      expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(['since']);
    });

    it('the versions of a rule that does not exist (404)', async () => {
      const response = await http('GET', `${base}/deadline-rules/no_such_rule/versions`, { token: prosecutor });
      expect(response.status).toBe(404);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
    });
  });
});
