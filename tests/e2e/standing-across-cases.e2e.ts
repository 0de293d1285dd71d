import { loadJurisdiction } from '@icjims/jurisdiction';
import { createTestDatabase, eventually, http, RunningServices, startServices } from '@icjims/testing';
import { registerCase } from '../../apps/case-registry/src/case-registry.fixtures';
import { foreignPerson } from '../../apps/case-registry/src/persons/persons.fixtures';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

interface Step {
  stepType: string;
  personId?: string;
  details: Record<string, unknown>;
}

interface Deadline {
  caseId: string;
  rule: string;
  personId: string | null;
  startedAt: string;
  dueAt: string;
}

/**
 * Joins and splits made in case-registry over HTTP, carried by the in-process bus into
 * procedural-steps: the person's standing and running clocks reach the receiving journal, and
 * exactly one clock runs for them afterwards — the one that started with the detention.
 */
describe('standing across a join and a split, case-registry to procedural-steps', () => {
  let services: RunningServices;
  let registry: string;
  let journal: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService, proceduralStepsService], {
      databaseUrl: await createTestDatabase('e2e_standing'),
      jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }),
    });
    registry = `${services.urls['case-registry']}/api/v1`;
    journal = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-37' });
  }, 120_000);
  afterAll(() => services?.stop());

  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const stepsOf = async (caseId: string) => (await http<Step[]>('GET', `${journal}/cases/${caseId}/steps`, { token: prosecutor })).body;
  const running = async (personId: string) => {
    const page = await http<{ items: Deadline[] }>('GET', `${journal}/deadlines?region=KG-GB&limit=100`, { token: prosecutor });
    return page.body.items.filter((deadline) => deadline.personId === personId);
  };

  async function newCase(): Promise<string> {
    const { id } = await registerCase(registry, prosecutor, { receivedAt: hoursAgo(30), registeredAt: hoursAgo(29) });
    await eventually(async () => ((await http('GET', `${journal}/cases/${id}/steps`, { token: prosecutor })).status === 200 ? true : undefined), 15_000, 'the case in procedural-steps');
    return id;
  }

  async function addSuspect(caseId: string): Promise<string> {
    const added = await http('POST', `${registry}/cases/${caseId}/persons`, { token: prosecutor, body: { person: foreignPerson(), role: 'suspect' }, purpose: 'investigation' });
    expect(added.status).toBe(201);
    return added.body.id;
  }

  /** Records a step, waiting for the person to reach procedural-steps first. */
  async function record(caseId: string, step: object): Promise<void> {
    await eventually(async () => {
      const response = await http('POST', `${journal}/cases/${caseId}/steps`, { token: prosecutor, body: step });
      if (response.status === 201) return true;
      if (response.status !== 400) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
      return undefined;
    }, 15_000, `${JSON.stringify(step)} recorded`);
  }

  async function detainedSuspect(caseId: string): Promise<string> {
    const suspect = await addSuspect(caseId);
    await record(caseId, { stepType: 'investigation_started', occurredAt: hoursAgo(6) });
    await record(caseId, { stepType: 'suspicion_notified', occurredAt: hoursAgo(5), personId: suspect, details: { offenceArticle: '209-1' } });
    await record(caseId, { stepType: 'detention', occurredAt: hoursAgo(4), personId: suspect });
    return suspect;
  }

  it('a join carries the detainee and their 48-hour clock into the receiving case', async () => {
    const [joined, into] = [await newCase(), await newCase()];
    const suspect = await detainedSuspect(joined);
    const [before] = await running(suspect);
    expect(before).toMatchObject({ caseId: joined, rule: 'detention_court_decision' });

    const response = await http('POST', `${registry}/cases/${joined}/joins`, { token: prosecutor, body: { intoCaseId: into, reason: 'The same suspect' } });
    expect(response.status).toBe(201);

    const carried = await eventually(async () => {
      const steps = (await stepsOf(into)).filter((step) => step.stepType.endsWith('_received'));
      return steps.length === 2 ? steps : undefined;
    }, 15_000, 'the standing in the receiving journal');
    expect(carried).toEqual([
      expect.objectContaining({ stepType: 'standing_received', personId: suspect, details: expect.objectContaining({ fromCaseId: joined, via: 'join', detainedSince: before.startedAt }) }),
      expect.objectContaining({ stepType: 'deadline_received', personId: suspect, details: expect.objectContaining({ rule: 'detention_court_decision', startedAt: before.startedAt, dueAt: before.dueAt }) }),
    ]);
    expect(await running(suspect)).toEqual([expect.objectContaining({ caseId: into, rule: 'detention_court_decision', startedAt: before.startedAt, dueAt: before.dueAt })]);
  });

  it('a split carries the person’s custody and its clock into the new case; the other suspect stays', async () => {
    const source = await newCase();
    const suspect = await detainedSuspect(source);
    const other = await addSuspect(source);
    await record(source, { stepType: 'preventive_measure_applied', occurredAt: hoursAgo(3), personId: suspect, details: { measure: 'custody', until: new Date(Date.now() + 60 * 86_400_000).toISOString() } });
    const [custody] = (await running(suspect)).filter((deadline) => deadline.rule === 'custody_term');

    const response = await http('POST', `${registry}/cases/${source}/splits`, { token: prosecutor, body: { personIds: [suspect], reason: 'Separate episode' }, purpose: 'investigation' });
    expect(response.status).toBe(201);
    const created: string = response.body.id;

    await eventually(async () => ((await stepsOf(created)).some((step) => step.stepType === 'deadline_received') ? true : undefined), 15_000, 'the clock in the new case');
    expect((await stepsOf(created)).filter((step) => step.stepType.endsWith('_received')).map((step) => step.stepType)).toEqual(['standing_received', 'measure_received', 'deadline_received']);
    await eventually(async () => ((await stepsOf(source)).some((step) => step.stepType === 'person_left') ? true : undefined), 15_000, 'person_left in the source');
    expect(await running(suspect)).toEqual([expect.objectContaining({ caseId: created, rule: 'custody_term', startedAt: custody.startedAt, dueAt: custody.dueAt })]);
    expect(await running(other)).toEqual([]);
  });
});
