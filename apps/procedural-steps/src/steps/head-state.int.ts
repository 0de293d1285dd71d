import { http, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, FIXTURE_JURISDICTION, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { rulesOfPack } from '../deadlines/pack-deadline-rules';
import { DeadlinePageDto } from '../deadlines/dto/deadline.dto';

/**
 * The state kept with a journal's head is trusted only under the rules it was folded under: a
 * change of the deadline rules made by another instance of the service is in force at this
 * instance's next step (its rules in memory are checked against the revision read with the
 * case's lock), and the case's state is folded again once under it.
 */
describe('the state kept with the head, across instances and rule changes', () => {
  let here: RunningServices;
  let there: RunningServices;

  beforeAll(async () => {
    here = await startProceduralSteps();
    there = await startProceduralSteps({ databaseUrl: here.databaseUrl });
  }, 90_000); // two services' starts, on a loaded machine
  afterAll(async () => {
    await there?.stop();
    await here?.stop();
  });

  const detentionRule = rulesOfPack(FIXTURE_JURISDICTION.pack).find((rule) => rule.code === 'detention_court_decision')!;
  const keptRules = async (caseId: string): Promise<string> =>
    (await here.db.query(`SELECT journal_state->>'rules' AS rules FROM procedural_steps.known_cases WHERE case_id = $1`, [caseId])).rows[0].rules;

  it('records a step here under a rule another instance changed, and keeps the case’s state under it', async () => {
    const base = `${here.urls['procedural-steps']}/api/v1`;
    const prosecutor = await here.tokenFor('prosecutor', { region: 'KG-GB' });
    const caseId = await announceCase(here.bus);
    const [first, second] = [await addPerson(here.bus, caseId), await addPerson(here.bus, caseId)];
    await recordStep({ base, token: prosecutor }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const before = await recordStep({ base, token: prosecutor }, caseId, { stepType: 'detention', occurredAt: '2026-11-19T22:00:00Z', personId: first });
    const rulesBefore = await keptRules(caseId);

    // 72 hours for detentions from 20 November on, changed through the other instance.
    const admin = await there.tokenFor('admin', { sub: 'law-change-admin' });
    const changed = await http('PUT', `${there.urls['procedural-steps']}/api/v1/deadline-rules/${detentionRule.code}?appliesFrom=${encodeURIComponent('2026-11-20T00:00:00Z')}`, {
      token: admin,
      body: { ...detentionRule, term: { amount: 72, unit: 'hours' } },
    });
    expect(changed.status).toBe(200);

    const after = await recordStep({ base, token: prosecutor }, caseId, { stepType: 'detention', occurredAt: '2026-11-20T01:00:00Z', personId: second });
    const page = await http<DeadlinePageDto>('GET', `${base}/deadlines?limit=100`, { token: prosecutor });
    const dueOf = (stepId: string) => page.body.items.find((item) => item.startStepId === stepId)?.dueAt;
    expect([dueOf(before.id), dueOf(after.id)]).toEqual(['2026-11-21T22:00:00.000Z', '2026-11-23T01:00:00.000Z']);
    expect(await keptRules(caseId)).not.toBe(rulesBefore);
  });
});
