import { eventually, http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { foreignPerson, nationalPerson, registerCase } from '../../apps/case-registry/src/persons/persons.fixtures';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

const PURPOSE = 'investigation';
const HOUR = 3_600_000;

/**
 * Issue 8, "Unmerge", across the services: case-registry merges two records of one person and
 * undoes it; procedural-steps, through person.merged and person.unmerged, first reads the
 * steps recorded under the merged id as the survivor's, then as the restored person's again —
 * the journal's standing and the 48-hour detention clock with them, no clock lost or doubled.
 */
describe('a merge undone, as the procedural journal sees it', () => {
  let services: RunningServices;
  let registry: string;
  let journal: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService, proceduralStepsService]);
    registry = `${services.urls['case-registry']}/api/v1`;
    journal = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  }, 60_000);
  afterAll(() => services?.stop());

  const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
  async function addTo(caseId: string, person: object, role: string): Promise<string> {
    const response = await http('POST', `${registry}/cases/${caseId}/persons`, { token: prosecutor, body: { ...person, role }, purpose: PURPOSE });
    if (response.status !== 201) throw new Error(`adding a person: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  const record = (caseId: string, body: object) => http('POST', `${journal}/cases/${caseId}/steps`, { token: prosecutor, body });
  async function recorded(caseId: string, body: object): Promise<{ id: string }> {
    const response = await record(caseId, body);
    if (response.status !== 201) throw new Error(`${JSON.stringify(body)}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  /** The case's detention clocks, as the deadline list shows them (running or run out). */
  async function detentionClocks(caseId: string): Promise<{ id: string; personId: string; startStepId: string; dueAt: string; state: string }[]> {
    const pages = await Promise.all(['running', 'breached', 'stopped'].map((state) => http('GET', `${journal}/deadlines?state=${state}&limit=100`, { token: prosecutor })));
    return pages
      .flatMap((page) => page.body.items)
      .filter((item: { caseId: string; rule: string }) => item.caseId === caseId && item.rule === 'detention_court_decision');
  }
  const aliasOf = async (personId: string) =>
    (await services.db.query(`SELECT surviving_person_id FROM procedural_steps.person_aliases WHERE merged_person_id = $1`, [personId])).rows[0]?.surviving_person_id;

  it('reads the detainee’s steps and clock as the survivor’s while merged, and as their own again once the merge is undone', async () => {
    const caseId = await registerCase(registry, prosecutor, { receivedAt: ago(48) });
    const detainee = await addTo(caseId, { person: foreignPerson({ givenName: 'Nurlan', familyName: 'Abdyrakhmanov' }) }, 'suspect');
    const survivor = await addTo(caseId, { person: nationalPerson({ givenName: 'Nurlan', familyName: 'Abdyrakhmanov', sex: 'male' }) }, 'witness');
    await eventually(async () => ((await services.db.query(`SELECT 1 FROM procedural_steps.case_persons WHERE case_id = $1`, [caseId])).rowCount === 2 || undefined), 15_000, 'both persons to reach the journal');

    await recorded(caseId, { stepType: 'investigation_started', occurredAt: ago(30) });
    const detention = await recorded(caseId, { stepType: 'detention', occurredAt: ago(3), personId: detainee });
    const [clock] = await detentionClocks(caseId);
    expect(clock).toMatchObject({ personId: detainee, startStepId: detention.id, state: 'running' });

    // The merge: the detention recorded under the merged id is the survivor's.
    const merged = await http('POST', `${registry}/persons/${survivor}/merges`, { token: prosecutor, body: { mergedPersonId: detainee, reason: 'Recorded twice' } });
    expect(merged.status).toBe(201);
    await eventually(async () => (await aliasOf(detainee)) === survivor || undefined, 15_000, 'the merge to reach the journal');
    expect((await record(caseId, { stepType: 'detention', occurredAt: ago(2), personId: survivor })).status).toBe(409);
    await recorded(caseId, { stepType: 'suspicion_notified', occurredAt: ago(2), personId: survivor, details: { offenceArticle: '209-1' } });
    expect(await detentionClocks(caseId)).toEqual([{ ...clock, personId: survivor }]);

    // The unmerge: the detention and its clock are the restored person's again.
    const unmerged = await http('POST', `${registry}/persons/${detainee}/unmerge`, { token: prosecutor, body: { reason: 'Two persons after all' } });
    expect(unmerged.status).toBe(200);
    await eventually(async () => ((await aliasOf(detainee)) === undefined ? true : undefined), 15_000, 'the unmerge to reach the journal');
    expect(await detentionClocks(caseId)).toEqual([{ ...clock, personId: detainee }]);
    const { rows: roles } = await services.db.query(`SELECT person_id, role, active FROM procedural_steps.case_persons WHERE case_id = $1 ORDER BY role`, [caseId]);
    expect(roles).toEqual([
      { person_id: detainee, role: 'suspect', active: true },
      { person_id: survivor, role: 'witness', active: true },
    ]);

    // The survivor was never detained; the restored person is, and their release stops the one clock.
    const wrongRelease = await record(caseId, { stepType: 'release_from_detention', occurredAt: ago(1), personId: survivor });
    expect(wrongRelease.status).toBe(409);
    await recorded(caseId, { stepType: 'release_from_detention', occurredAt: ago(1), personId: detainee });
    expect(await detentionClocks(caseId)).toEqual([expect.objectContaining({ id: clock.id, personId: detainee, state: 'stopped' })]);
  }, 60_000);
});
