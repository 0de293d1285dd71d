import { randomUUID } from 'node:crypto';
import { CloudEvent, deadLetterTopic, PersonMerged, PersonRoleHeld, PersonUnmerged } from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, journalWrites, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

/**
 * case-registry's person.unmerged as procedural-steps applies it: the restored id stands for
 * itself again — its alias gone, both ids' roles in the case as the event states, the case's
 * clocks recomputed so that a clock started by a step naming the restored id is its own again.
 */
describe('person.unmerged', () => {
  let services: RunningServices;
  let base: string;
  let bishkek: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    bishkek = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const merged = (caseId: string, mergedPersonId: string, survivingPersonId: string) => cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-GB', mergedPersonId, survivingPersonId });
  const unmerged = (caseId: string, restoredPersonId: string, survivingPersonId: string, roles: { restored: PersonRoleHeld[]; surviving: PersonRoleHeld[] }) =>
    cloudEvent(PersonUnmerged, caseId, { caseId, region: 'KG-GB', restoredPersonId, survivingPersonId, restoredRoles: roles.restored, survivingRoles: roles.surviving });

  const record = (caseId: string, body: object) => http('POST', `${base}/cases/${caseId}/steps`, { token: bishkek, body });
  const recorded = (caseId: string, body: object) => recordStep({ base, token: bishkek }, caseId, body);
  const rolesIn = async (caseId: string) =>
    (await services.db.query(`SELECT person_id, role, active FROM procedural_steps.case_persons WHERE case_id = $1 ORDER BY person_id, role`, [caseId])).rows;
  const aliasOf = async (personId: string) =>
    (await services.db.query(`SELECT surviving_person_id FROM procedural_steps.person_aliases WHERE merged_person_id = $1`, [personId])).rows;
  const detentionClocks = async (caseId: string) =>
    (
      await services.db.query(
        `SELECT id, person_id, start_step_id, stopped_at, cancelled_at FROM procedural_steps.deadlines WHERE case_id = $1 AND rule_code = 'detention_court_decision'`,
        [caseId],
      )
    ).rows;
  const byPerson = <T extends { person_id: string }>(rows: T[]) => [...rows].sort((a, b) => a.person_id.localeCompare(b.person_id));

  /**
   * A case in which `restored` (a suspect) was detained, then merged into `surviving` (a
   * witness there); a suspicion notified to the survivor after the merge recomputed the clocks.
   */
  async function mergedDetainee() {
    const caseId = await announceCase(services.bus);
    const restored = await addPerson(services.bus, caseId, 'suspect');
    const surviving = await addPerson(services.bus, caseId, 'witness');
    await recorded(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const detention = await recorded(caseId, { stepType: 'detention', occurredAt: '2026-11-04T10:00:00Z', personId: restored });
    await publish(merged(caseId, restored, surviving));
    await recorded(caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-04T11:00:00Z', personId: surviving, details: { offenceArticle: '209-1' } });
    return { caseId, restored, surviving, detention };
  }
  const asBefore = { restored: [{ role: 'suspect' as const, active: true }], surviving: [{ role: 'witness' as const, active: true }] };

  it('lets a survivor left with standing but no role in the case leave it (person_left)', async () => {
    const caseId = await announceCase(services.bus);
    const restored = await addPerson(services.bus, caseId, 'suspect');
    await recorded(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    await recorded(caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-03T09:00:00Z', personId: restored, details: { offenceArticle: '209-1' } });
    // The survivor comes into this case only through the merge, and a step names them after it.
    const surviving = randomUUID();
    await publish(merged(caseId, restored, surviving));
    await recorded(caseId, { stepType: 'detention', occurredAt: '2026-11-04T10:00:00Z', personId: surviving });

    await publish(unmerged(caseId, restored, surviving, { restored: [{ role: 'suspect', active: true }], surviving: [] }));

    const steps = (await http<{ stepType: string; personId?: string; details: object }[]>('GET', `${base}/cases/${caseId}/steps`, { token: bishkek })).body;
    expect(steps.slice(-1)).toEqual([expect.objectContaining({ stepType: 'person_left', personId: surviving, details: { reason: 'removed' } })]);
  });

  it('gives the restored id back its standing, its roles and its detention clock — the same clock, not a second one', async () => {
    const { caseId, restored, surviving, detention } = await mergedDetainee();
    const [clock] = await detentionClocks(caseId);
    expect(clock).toMatchObject({ person_id: surviving, start_step_id: detention.id, cancelled_at: null });

    await publish(unmerged(caseId, restored, surviving, asBefore));

    expect(await aliasOf(restored)).toEqual([]);
    expect(await rolesIn(caseId)).toEqual(
      byPerson([
        { person_id: restored, role: 'suspect', active: true },
        { person_id: surviving, role: 'witness', active: true },
      ]),
    );
    expect(await detentionClocks(caseId)).toEqual([{ ...clock, person_id: restored }]);
    // The detention is the restored person's again: they can be released, and the survivor has no detention to release.
    const refused = await record(caseId, { stepType: 'release_from_detention', occurredAt: '2026-11-05T09:00:00Z', personId: surviving });
    expect([refused.status, refused.body.detail]).toEqual([409, 'the person is not detained (already-done)']);
    const release = await recorded(caseId, { stepType: 'release_from_detention', occurredAt: '2026-11-05T09:00:00Z', personId: restored });
    expect(await detentionClocks(caseId)).toEqual([expect.objectContaining({ id: clock.id, person_id: restored, stopped_at: new Date('2026-11-05T09:00:00Z') })]);
    expect(release.personId).toBe(restored);
  });

  it('sets both ids’ roles from the event: ended ones inactive, ones neither holds gone', async () => {
    const caseId = await announceCase(services.bus);
    const restored = await addPerson(services.bus, caseId, 'suspect');
    const surviving = await addPerson(services.bus, caseId, 'victim');
    await publish(merged(caseId, restored, surviving));
    await publish(unmerged(caseId, restored, surviving, { restored: [{ role: 'suspect', active: false }, { role: 'witness', active: true }], surviving: [] }));
    expect(await rolesIn(caseId)).toEqual([
      { person_id: restored, role: 'suspect', active: false },
      { person_id: restored, role: 'witness', active: true },
    ]);
  });

  it('changes nothing when delivered again, or announced again under another id', async () => {
    const { caseId, restored, surviving } = await mergedDetainee();
    const event = unmerged(caseId, restored, surviving, asBefore);
    await publish(event);
    const state = async () => ({ writes: await journalWrites(services.db, caseId), roles: await rolesIn(caseId), clocks: await detentionClocks(caseId), alias: await aliasOf(restored) });
    const before = await state();
    await publish(event);
    await publish(unmerged(caseId, restored, surviving, asBefore));
    expect(await state()).toEqual(before);
  });

  it('keeps an alias that points at another survivor since (the record merged again elsewhere)', async () => {
    const { caseId, restored, surviving } = await mergedDetainee();
    const elsewhere = randomUUID();
    await publish(unmerged(caseId, restored, surviving, asBefore));
    await publish(merged(caseId, restored, elsewhere));
    // A late copy of the unmerge, for the earlier survivor.
    await publish(unmerged(caseId, restored, surviving, { restored: [], surviving: [{ role: 'witness', active: true }] }));
    expect(await aliasOf(restored)).toEqual([{ surviving_person_id: elsewhere }]);
  });

  it('sends an unmerge about a case not known here to the dead-letter topic with the reason', async () => {
    const unknownCaseId = randomUUID();
    const poison = unmerged(unknownCaseId, randomUUID(), randomUUID(), { restored: [], surviving: [] });
    await publish(poison);
    const { rows } = await services.db.query(`SELECT headers FROM procedural_steps.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('procedural-steps'), unknownCaseId]);
    expect(rows).toEqual([{ headers: expect.objectContaining({ 'x-dead-letter-reason': `case ${unknownCaseId} is not known here` }) }]);
  });
});
