import { randomUUID } from 'node:crypto';
import { CaseStatusChanged, CloudEvent, PersonAddedToCase, PersonMerged, PersonRemovedFromCase, PersonRole } from '@icjims/contracts';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { TimelineDto } from '../timeline/dto/timeline.dto';
import { StepDto } from '../steps/dto/step.dto';
import { addPerson, announceCase, at, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

/**
 * Persons leaving a case and coming back, HTTP → PostgreSQL → events: case-registry's
 * person.removed / person.added / person.merged become the system steps `person_left` and
 * `person_returned` in the journal, and the case proceeds without the person who left.
 */
describe('persons leaving the case and returning', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  // ---- case-registry's events, each at a given time

  const removal = (caseId: string, personId: string, time: string, reason: 'removed' | 'split' = 'split', role: PersonRole = 'suspect') =>
    cloudEvent(PersonRemovedFromCase, caseId, { caseId, region: 'KG-GB', personId, role, reason }, { time });
  const merge = (caseId: string, mergedPersonId: string, survivingPersonId: string) =>
    cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-GB', mergedPersonId, survivingPersonId });
  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const addAgain = (caseId: string, personId: string, role: PersonRole = 'suspect') => addPerson(services.bus, caseId, role, personId);

  // ---- the API

  const record = (caseId: string, body: object) => http('POST', `${base}/cases/${caseId}/steps`, { token: prosecutor, body });
  const recorded = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);
  const journal = async (caseId: string) => (await http<StepDto[]>('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor })).body;
  const systemSteps = async (caseId: string) =>
    (await journal(caseId)).filter((step) => step.stepType === 'person_left' || step.stepType === 'person_returned').map(({ stepType, personId }) => ({ stepType, personId }));
  const statusOf = async (caseId: string) => (await services.db.query(`SELECT status FROM procedural_steps.known_cases WHERE case_id = $1`, [caseId])).rows[0].status;

  const suspicion = (personId: string, occurredAt = at(4)) => ({ stepType: 'suspicion_notified', occurredAt, personId, details: { offenceArticle: '209-1' } });
  const indictment = (occurredAt = at(10)) => ({ stepType: 'indictment', occurredAt });
  const verdict = (personId: string, occurredAt = at(12)) => ({ stepType: 'verdict', occurredAt, personId, details: { outcome: 'conviction' } });

  /** A case under investigation whose persons (suspects) were each notified of suspicion on the 4th. */
  async function investigation(suspects: number, notified = suspects): Promise<{ caseId: string; persons: string[] }> {
    const caseId = await announceCase(services.bus);
    const persons: string[] = [];
    for (let i = 0; i < suspects; i++) persons.push(await addPerson(services.bus, caseId));
    await recorded(caseId, { stepType: 'investigation_started', occurredAt: at(3) });
    for (const [i, personId] of persons.slice(0, notified).entries()) await recorded(caseId, suspicion(personId, at(4, 9 + i)));
    return { caseId, persons };
  }

  describe('person.removed', () => {
    it('records person_left with the reason, at the time of the event, as the system', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      await publish(removal(caseId, suspect, at(8), 'removed'));
      expect((await journal(caseId)).at(-1)).toMatchObject({ stepType: 'person_left', personId: suspect, details: { reason: 'removed' }, occurredAt: at(8), recordedBy: 'case-registry' });
    });

    it('a suspect removed before the indictment is not indicted: alone, the indictment is refused for want of a suspect', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      await publish(removal(caseId, suspect, at(8), 'removed'));
      const refused = await record(caseId, indictment());
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/no suspect to indict.*\(missing-prerequisite\)$/);
      expect(await statusOf(caseId)).toBe('under_investigation');
    });

    it('with another suspect, only the other is indicted, and the verdict on them decides the case', async () => {
      const { caseId, persons: [gone, stays] } = await investigation(2);
      await publish(removal(caseId, gone, at(8)));
      await recorded(caseId, indictment());
      const judged = await recorded(caseId, verdict(stays));
      expect(await statusOf(caseId)).toBe('decided');
      expect((await outboxEvents(services.db, CaseStatusChanged, caseId)).at(-1)).toMatchObject({ status: 'decided', previousStatus: 'in_court', stepId: judged.id });
    });

    it('an accused split off after the indictment: the case is decided once the remaining accused are judged', async () => {
      const { caseId, persons: [gone, stays] } = await investigation(2);
      await recorded(caseId, indictment());
      await publish(removal(caseId, gone, at(11)));
      expect(await statusOf(caseId)).toBe('in_court');
      await recorded(caseId, verdict(stays));
      expect(await statusOf(caseId)).toBe('decided');
    });

    it('the last accused awaiting a verdict split off decides the case, when the others are judged', async () => {
      const { caseId, persons: [gone, stays] } = await investigation(2);
      await recorded(caseId, indictment());
      await recorded(caseId, verdict(stays));
      await publish(removal(caseId, gone, at(13)));

      const leaving = (await journal(caseId)).at(-1) as StepDto;
      expect(leaving).toMatchObject({ stepType: 'person_left', personId: gone });
      expect(await statusOf(caseId)).toBe('decided');
      expect((await outboxEvents(services.db, CaseStatusChanged, caseId)).at(-1)).toMatchObject({ status: 'decided', stepId: leaving.id, occurredAt: at(13) });
      // Closure waits for the sentence of the convicted person still in the case only.
      await recorded(caseId, { stepType: 'sentence', occurredAt: at(14), personId: stays, details: { sentenceType: 'fine', fineAmount: 300 } });
      await recorded(caseId, { stepType: 'case_closed', occurredAt: at(15) });
    });

    it('a detained person split off is still released in the source case, and their 48-hour clock runs until then', async () => {
      const { caseId, persons: [detained] } = await investigation(1, 0);
      await recorded(caseId, { stepType: 'detention', occurredAt: at(4), personId: detained, details: { ground: 'caught_in_the_act' } });
      await publish(removal(caseId, detained, at(4, 12)));
      const clock = async () =>
        (await services.db.query(`SELECT stopped_by_step_id FROM procedural_steps.deadlines WHERE case_id = $1 AND rule_code = 'detention_court_decision'`, [caseId])).rows;
      expect(await clock()).toEqual([{ stopped_by_step_id: null }]);

      const release = await recorded(caseId, { stepType: 'release_from_detention', occurredAt: at(4, 13), personId: detained, details: { ground: 'grounds_ceased' } });
      expect(await clock()).toEqual([{ stopped_by_step_id: release.id }]);
      expect((await record(caseId, { stepType: 'detention', occurredAt: at(5), personId: detained })).status).toBe(400);
    });

    it('a witness no step names leaves no step', async () => {
      const { caseId } = await investigation(1);
      const witness = await addPerson(services.bus, caseId, 'witness');
      const before = (await journal(caseId)).length;
      await publish(removal(caseId, witness, at(8), 'removed', 'witness'));
      expect(await journal(caseId)).toHaveLength(before);
    });

    it('a person who keeps another role in the case leaves no step', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      await addAgain(caseId, suspect, 'witness');
      await publish(removal(caseId, suspect, at(8), 'removed', 'suspect'));
      expect(await systemSteps(caseId)).toEqual([]);
      await publish(removal(caseId, suspect, at(8, 10), 'removed', 'witness'));
      expect(await systemSteps(caseId)).toEqual([{ stepType: 'person_left', personId: suspect }]);
    });

    it('a redelivered person.removed appends nothing twice, nor does another removal of someone gone', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      const event = removal(caseId, suspect, at(8));
      await publish(event);
      await publish(event);
      await publish(removal(caseId, suspect, at(8, 12), 'removed'));
      expect(await systemSteps(caseId)).toEqual([{ stepType: 'person_left', personId: suspect }]);
    });

    it('a closed journal takes no step; the removal still holds for the case', async () => {
      const { caseId, persons: [accused] } = await investigation(1);
      await recorded(caseId, indictment());
      await recorded(caseId, verdict(accused));
      await recorded(caseId, { stepType: 'sentence', occurredAt: at(13), personId: accused, details: { sentenceType: 'fine', fineAmount: 300 } });
      await recorded(caseId, { stepType: 'case_closed', occurredAt: at(14) });
      const event = removal(caseId, accused, at(15));
      await publish(event);

      expect(await systemSteps(caseId)).toEqual([]);
      const role = await services.db.query(`SELECT active FROM procedural_steps.case_persons WHERE case_id = $1 AND person_id = $2`, [caseId, accused]);
      expect(role.rows).toEqual([{ active: false }]);
      expect((await services.db.query(`SELECT outcome FROM procedural_steps.inbox WHERE event_id = $1`, [event.id])).rows).toEqual([{ outcome: 'processed' }]);
    });
  });

  describe('person.added of a person who had left', () => {
    it('records person_returned, and the person has the standing they had: a suspect is indicted', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      await publish(removal(caseId, suspect, at(8), 'removed'));
      await addAgain(caseId, suspect);
      expect(await systemSteps(caseId)).toEqual([
        { stepType: 'person_left', personId: suspect },
        { stepType: 'person_returned', personId: suspect },
      ]);
      await recorded(caseId, indictment());
      await recorded(caseId, verdict(suspect));
      expect(await statusOf(caseId)).toBe('decided');
    });

    it('a redelivered person.added, or another role added, appends nothing twice', async () => {
      const { caseId, persons: [suspect] } = await investigation(1);
      await publish(removal(caseId, suspect, at(8), 'removed'));
      const event = cloudEvent(PersonAddedToCase, caseId, {
        caseId, region: 'KG-GB', personId: suspect, role: 'suspect', sex: 'male', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national',
      });
      await publish(event);
      await publish(event);
      await addAgain(caseId, suspect, 'witness');
      expect(await systemSteps(caseId)).toEqual([
        { stepType: 'person_left', personId: suspect },
        { stepType: 'person_returned', personId: suspect },
      ]);
    });

    it('does not take back an accused once the case was decided without them: they may only be released', async () => {
      const { caseId, persons: [gone, stays] } = await investigation(2);
      await recorded(caseId, { stepType: 'preventive_measure_applied', occurredAt: at(5), personId: gone, details: { measure: 'custody', until: '2027-01-05T00:00:00Z' } });
      await recorded(caseId, indictment());
      await publish(removal(caseId, gone, at(11)));
      await recorded(caseId, verdict(stays));
      await addAgain(caseId, gone);

      expect(await systemSteps(caseId)).toEqual([{ stepType: 'person_left', personId: gone }]);
      const applied = await record(caseId, { stepType: 'preventive_measure_applied', occurredAt: at(13), personId: gone, details: { measure: 'travel_ban' } });
      expect(applied.status).toBe(422);
      expect(applied.body.detail).toMatch(/\(person-left\)$/);
      expect((await record(caseId, { stepType: 'release_from_detention', occurredAt: at(13), personId: gone })).status).toBe(201);
    });
  });

  describe('person.merged', () => {
    it('of two records in the case records neither a leaving nor a return', async () => {
      const { caseId, persons: [survivor, merged] } = await investigation(2, 1);
      await recorded(caseId, { stepType: 'detention', occurredAt: at(5), personId: merged });
      await publish(merge(caseId, merged, survivor));
      expect(await systemSteps(caseId)).toEqual([]);
    });

    it('a merged record that had left a case stays out of it as the survivor, though the merge was announced elsewhere', async () => {
      const { caseId, persons: [merged, other] } = await investigation(2);
      await publish(removal(caseId, merged, at(8)));
      // Case-registry announces a merge only in the cases where the merged record still is: here, another case.
      const elsewhere = await announceCase(services.bus);
      await addAgain(elsewhere, merged);
      const survivor = randomUUID();
      await publish(merge(elsewhere, merged, survivor));

      await recorded(caseId, indictment());
      await recorded(caseId, verdict(other));
      expect(await statusOf(caseId)).toBe('decided');
      expect(await systemSteps(elsewhere)).toEqual([]);
    });

    it('a survivor that had left returns with the merged record’s roles', async () => {
      const { caseId, persons: [survivor] } = await investigation(1);
      await publish(removal(caseId, survivor, at(8)));
      const merged = await addPerson(services.bus, caseId, 'suspect', randomUUID());
      await publish(merge(caseId, merged, survivor));

      expect(await systemSteps(caseId)).toEqual([
        { stepType: 'person_left', personId: survivor },
        { stepType: 'person_returned', personId: survivor },
      ]);
      await recorded(caseId, indictment());
      expect(await statusOf(caseId)).toBe('in_court');
    });
  });

  it('the timeline shows the system steps with their titles', async () => {
    const { caseId, persons: [suspect] } = await investigation(1);
    await publish(removal(caseId, suspect, at(8)));
    await addAgain(caseId, suspect);
    const timeline = await http<TimelineDto>('GET', `${base}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation', headers: { 'Accept-Language': 'en' } });
    expect(timeline.body.entries.slice(-2)).toEqual([
      expect.objectContaining({ title: 'Person left the case', standing: 'in_effect', step: expect.objectContaining({ stepType: 'person_left', personId: suspect, details: { reason: 'split' }, recordedBy: 'case-registry' }) }),
      expect.objectContaining({ title: 'Person returned to the case', standing: 'in_effect', step: expect.objectContaining({ stepType: 'person_returned', personId: suspect, recordedBy: 'case-registry' }) }),
    ]);
    expect(timeline.body.integrity.valid).toBe(true);
  });

  it.each(['person_left', 'person_returned'])('refuses recording %s over the API with 422, writing nothing', async (stepType) => {
    const { caseId, persons: [suspect] } = await investigation(1);
    const before = (await journal(caseId)).length;
    const response = await record(caseId, { stepType, occurredAt: at(8), personId: suspect, ...(stepType === 'person_left' && { details: { reason: 'split' } }) });
    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(await journal(caseId)).toHaveLength(before);
  });
});
