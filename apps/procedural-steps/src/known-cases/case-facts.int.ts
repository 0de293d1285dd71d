import { randomUUID } from 'node:crypto';
import {
  CaseJoined, CaseResponsibilityAssigned, CaseTransferred, CloudEvent, deadLetterTopic, eventTopic, PersonAddedToCase, PersonMerged, PersonRemovedFromCase,
  PersonRole, Responsibility, StepRecorded,
} from '@icjims/contracts';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { DeadlinePageDto } from '../deadlines/dto/deadline.dto';
import { addPerson, announceCase, assignResponsibility, journalWrites, OFFICE_INVESTIGATION_TERM, putDeadlineRules, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

/**
 * The facts case-registry announces about a case — who is in it, who is responsible for
 * it, where it belongs — as procedural-steps applies them: each once however often it is
 * delivered, and an event about a case it does not know dead-lettered with the consumer going on.
 */
describe('case facts from case-registry: persons removed and merged, responsibility, transfer', () => {
  let services: RunningServices;
  let base: string;
  let bishkek: string;
  let chuy: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    await putDeadlineRules(services, [OFFICE_INVESTIGATION_TERM]);
    base = `${services.urls['procedural-steps']}/api/v1`;
    bishkek = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    chuy = await services.tokenFor('prosecutor', { region: 'KG-C' });
  });
  afterAll(() => services.stop());

  // ---- the events, as case-registry emits them

  const personRemoved = (caseId: string, personId: string, role: PersonRole = 'suspect') =>
    cloudEvent(PersonRemovedFromCase, caseId, { caseId, region: 'KG-GB', personId, role, reason: 'removed' });
  const personMerged = (caseId: string, mergedPersonId: string, survivingPersonId: string) =>
    cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-GB', mergedPersonId, survivingPersonId });
  const responsibilityAssigned = (caseId: string, responsibility: Responsibility, assignee: string) =>
    cloudEvent(CaseResponsibilityAssigned, caseId, { caseId, region: 'KG-GB', responsibility, assignee });
  const caseTransferred = (caseId: string, fromRegion: string, toRegion: string, agency?: { from: string; to: string }) =>
    cloudEvent(CaseTransferred, caseId, { caseId, fromRegion, toRegion, ...(agency && { fromAgency: agency.from, toAgency: agency.to }) });
  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  /** Adds a person already known (by id) to the case again, or in another role. */
  const addAgain = (caseId: string, personId: string, role: PersonRole) => addPerson(services.bus, caseId, role, personId);

  // ---- looking behind the API

  const record = (caseId: string, body: object, token = bishkek) => http('POST', `${base}/cases/${caseId}/steps`, { token, body });
  const recorded = (caseId: string, body: object, token = bishkek) => recordStep({ base, token }, caseId, body);
  const knownCase = async (caseId: string) => (await services.db.query(`SELECT * FROM procedural_steps.known_cases WHERE case_id = $1`, [caseId])).rows[0];
  const rolesIn = async (caseId: string) =>
    (await services.db.query(`SELECT person_id, role, active FROM procedural_steps.case_persons WHERE case_id = $1 ORDER BY person_id, role`, [caseId])).rows;
  const written = (caseId: string) => journalWrites(services.db, caseId);
  const inboxOf = async (eventId: string) => (await services.db.query(`SELECT outcome FROM procedural_steps.inbox WHERE event_id = $1`, [eventId])).rows;
  const deadLetters = async () =>
    (await services.db.query(`SELECT message_key, value, headers FROM procedural_steps.outbox WHERE topic = $1 ORDER BY position`, [deadLetterTopic('procedural-steps')])).rows;

  /** A case under investigation with one person added (as a suspect unless told otherwise). */
  async function caseWithPerson(role: PersonRole = 'suspect'): Promise<{ caseId: string; personId: string }> {
    const caseId = await announceCase(services.bus);
    const personId = await addPerson(services.bus, caseId, role);
    await recorded(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    return { caseId, personId };
  }
  const detention = (personId: string, occurredAt = '2026-11-04T10:00:00Z') => ({ stepType: 'detention', occurredAt, personId });
  const suspicion = (personId: string, occurredAt = '2026-11-04T10:00:00Z') => ({ stepType: 'suspicion_notified', occurredAt, personId, details: { offenceArticle: '209-1' } });

  async function expectPersonRefused(caseId: string, body: object): Promise<void> {
    const before = await written(caseId);
    const response = await record(caseId, body);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'personId' })]);
    expect(await written(caseId)).toEqual(before);
  }

  describe('person.removed', () => {
    it('refuses a step about the removed person with 400 on personId, and writes nothing', async () => {
      const { caseId, personId } = await caseWithPerson();
      await publish(personRemoved(caseId, personId));
      await expectPersonRefused(caseId, detention(personId));
    });

    it('removes the person in that role only: someone still a witness is still a person of the case', async () => {
      const { caseId, personId } = await caseWithPerson('suspect');
      await addAgain(caseId, personId, 'witness');
      await publish(personRemoved(caseId, personId, 'suspect'));
      expect(await rolesIn(caseId)).toEqual([
        { person_id: personId, role: 'suspect', active: false },
        { person_id: personId, role: 'witness', active: true },
      ]);
      expect((await record(caseId, suspicion(personId))).status).toBe(201);
    });

    it('lets a person added again after the removal be named again', async () => {
      const { caseId, personId } = await caseWithPerson();
      await publish(personRemoved(caseId, personId));
      await addAgain(caseId, personId, 'suspect');
      expect((await record(caseId, detention(personId))).status).toBe(201);
    });

    it('leaves the steps already recorded about the person in the journal', async () => {
      const { caseId, personId } = await caseWithPerson();
      const step = await recorded(caseId, suspicion(personId));
      await publish(personRemoved(caseId, personId));
      const journal = await http('GET', `${base}/cases/${caseId}/steps`, { token: bishkek });
      expect(journal.body.map((entry: { id: string }) => entry.id)).toContain(step.id);
    });
  });

  describe('person.merged', () => {
    it('gives the merged id’s roles to the surviving id: a step naming the survivor is accepted, the merged id refused with 400', async () => {
      const { caseId, personId: merged } = await caseWithPerson('suspect');
      const surviving = randomUUID();
      await publish(personMerged(caseId, merged, surviving));

      expect(await rolesIn(caseId)).toEqual([{ person_id: surviving, role: 'suspect', active: true }]);
      const alias = await services.db.query(`SELECT surviving_person_id FROM procedural_steps.person_aliases WHERE merged_person_id = $1`, [merged]);
      expect(alias.rows).toEqual([{ surviving_person_id: surviving }]);
      await expectPersonRefused(caseId, detention(merged));
      expect((await record(caseId, detention(surviving))).status).toBe(201);
    });

    it.each([
      ['the surviving id had been removed in it', 'surviving'],
      ['the merged id had been removed in it', 'merged'],
    ] as const)('keeps a role both ids held once, active if either was: %s', async (_label, removed) => {
      const { caseId, personId: merged } = await caseWithPerson('suspect');
      const surviving = await addPerson(services.bus, caseId, 'suspect');
      await publish(personRemoved(caseId, removed === 'surviving' ? surviving : merged, 'suspect'));
      await publish(personMerged(caseId, merged, surviving));
      expect(await rolesIn(caseId)).toEqual([{ person_id: surviving, role: 'suspect', active: true }]);
    });

    it('carries the standing reached under the merged id over to the survivor', async () => {
      const { caseId, personId: merged } = await caseWithPerson('suspect');
      await recorded(caseId, suspicion(merged));
      const surviving = randomUUID();
      await publish(personMerged(caseId, merged, surviving));

      await recorded(caseId, { stepType: 'indictment', occurredAt: '2026-11-10T09:00:00Z' });
      await recorded(caseId, { stepType: 'verdict', occurredAt: '2026-11-12T09:00:00Z', personId: surviving, details: { outcome: 'conviction' } });
      expect((await knownCase(caseId)).status).toBe('decided');
    });

    it('follows a chain of merges, and keeps one detention clock for the person', async () => {
      const { caseId, personId: first } = await caseWithPerson('suspect');
      await recorded(caseId, detention(first, '2026-11-04T10:00:00Z'));
      const second = randomUUID();
      const live = randomUUID();
      await publish(personMerged(caseId, first, second));
      await publish(personMerged(caseId, second, live));

      const again = await record(caseId, detention(live, '2026-11-04T12:00:00Z'));
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/\(already-done\)$/);
      const release = await recorded(caseId, { stepType: 'release_from_detention', occurredAt: '2026-11-04T13:00:00Z', personId: live, details: { ground: 'grounds_ceased' } });
      const clocks = await services.db.query(
        `SELECT person_id, stopped_by_step_id FROM procedural_steps.deadlines WHERE case_id = $1 AND rule_code = 'detention_court_decision'`,
        [caseId],
      );
      expect(clocks.rows).toEqual([{ person_id: live, stopped_by_step_id: release.id }]);
    });
  });

  describe('case.responsibility-assigned', () => {
    it('sets the responsible prosecutor and investigator independently, and shows them on the case’s deadlines', async () => {
      const { caseId } = await caseWithPerson();
      await assignResponsibility(services.bus, caseId, 'prosecutor', 'prosecutor-a');
      await assignResponsibility(services.bus, caseId, 'investigator', 'investigator-b');
      await assignResponsibility(services.bus, caseId, 'prosecutor', 'prosecutor-c');
      expect(await knownCase(caseId)).toMatchObject({ responsible_prosecutor: 'prosecutor-c', responsible_investigator: 'investigator-b' });

      const listed = await http<DeadlinePageDto>('GET', `${base}/deadlines?responsible=investigator-b`, { token: bishkek });
      expect(listed.body.items).toEqual([expect.objectContaining({ caseId, rule: 'investigation_term', responsibleProsecutor: 'prosecutor-c', responsibleInvestigator: 'investigator-b' })]);
    });
  });

  describe('case.transferred', () => {
    it('hands the case to the new region: the old region’s prosecutor gets 403 and writes nothing, the new region’s records', async () => {
      const { caseId, personId } = await caseWithPerson();
      await publish(caseTransferred(caseId, 'KG-GB', 'KG-C'));

      const before = await written(caseId);
      const refused = await record(caseId, detention(personId), bishkek);
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(await written(caseId)).toEqual(before);

      const accepted = await record(caseId, detention(personId), chuy);
      expect(accepted.status).toBe(201);
      expect((await outboxEvents(services.db, StepRecorded, caseId)).at(-1)).toMatchObject({ stepId: accepted.body.id, region: 'KG-C' });
    });

    it('takes the case’s deadlines to the new region', async () => {
      const { caseId } = await caseWithPerson();
      await publish(caseTransferred(caseId, 'KG-GB', 'KG-C'));
      const listedIn = async (token: string) =>
        (await http<DeadlinePageDto>('GET', `${base}/deadlines?limit=100`, { token })).body.items.filter((item) => item.caseId === caseId);
      expect(await listedIn(bishkek)).toEqual([]);
      expect(await listedIn(chuy)).toEqual([expect.objectContaining({ rule: 'investigation_term', region: 'KG-C' })]);
    });

    it('changes the agency when the transfer names one, and keeps it otherwise', async () => {
      const caseId = await announceCase(services.bus, { agency: 'GUVD-GB' });
      await publish(caseTransferred(caseId, 'KG-GB', 'KG-C'));
      expect(await knownCase(caseId)).toMatchObject({ region: 'KG-C', agency: 'GUVD-GB' });
      await publish(caseTransferred(caseId, 'KG-C', 'KG-O', { from: 'GUVD-GB', to: 'MVD-KG' }));
      expect(await knownCase(caseId)).toMatchObject({ region: 'KG-O', agency: 'MVD-KG' });
    });
  });

  describe('a redelivered event (same CloudEvent id) changes nothing', () => {
    it.each<[string, () => Promise<{ redelivered: CloudEvent<unknown>; check: () => Promise<void> }>]>([
      [
        'case.responsibility-assigned, after a reassignment',
        async () => {
          const { caseId } = await caseWithPerson();
          const first = responsibilityAssigned(caseId, 'prosecutor', 'first-prosecutor');
          await publish(first, responsibilityAssigned(caseId, 'prosecutor', 'second-prosecutor'));
          return { redelivered: first, check: async () => expect((await knownCase(caseId)).responsible_prosecutor).toBe('second-prosecutor') };
        },
      ],
      [
        'case.transferred, after the case was transferred back',
        async () => {
          const { caseId } = await caseWithPerson();
          const away = caseTransferred(caseId, 'KG-GB', 'KG-C');
          await publish(away, caseTransferred(caseId, 'KG-C', 'KG-GB'));
          return { redelivered: away, check: async () => expect((await record(caseId, { stepType: 'proceedings_suspended', occurredAt: '2026-11-05T08:00:00Z', details: { ground: 'other' } })).status).toBe(201) };
        },
      ],
      [
        'person.removed, after the person was added again',
        async () => {
          const { caseId, personId } = await caseWithPerson();
          const removal = personRemoved(caseId, personId);
          await publish(removal);
          await addAgain(caseId, personId, 'suspect');
          return { redelivered: removal, check: async () => expect((await record(caseId, detention(personId))).status).toBe(201) };
        },
      ],
      [
        'person.merged, after the merged id was added to the case again',
        async () => {
          const { caseId, personId: merged } = await caseWithPerson();
          const surviving = randomUUID();
          const merge = personMerged(caseId, merged, surviving);
          await publish(merge);
          await addAgain(caseId, merged, 'witness');
          return {
            redelivered: merge,
            check: async () =>
              expect(await rolesIn(caseId)).toEqual(
                [
                  { person_id: merged, role: 'witness', active: true },
                  { person_id: surviving, role: 'suspect', active: true },
                ].sort((a, b) => a.person_id.localeCompare(b.person_id)),
              ),
          };
        },
      ],
    ])('%s', async (_label, scenario) => {
      const { redelivered, check } = await scenario();
      const lettersBefore = (await deadLetters()).length;
      await publish(redelivered);
      await check();
      expect(await inboxOf(redelivered.id)).toEqual([{ outcome: 'processed' }]);
      expect(await deadLetters()).toHaveLength(lettersBefore);
    });
  });

  describe('an event about a case that is not known here', () => {
    it.each<[string, (caseId: string) => CloudEvent<unknown>]>([
      ['person.added', (caseId) => cloudEvent(PersonAddedToCase, caseId, { caseId, region: 'KG-GB', personId: randomUUID(), role: 'suspect', sex: 'female', ageBand: '18_24', juvenile: false, citizenshipGroup: 'national' })],
      ['person.removed', (caseId) => personRemoved(caseId, randomUUID())],
      ['person.merged', (caseId) => personMerged(caseId, randomUUID(), randomUUID())],
      ['case.responsibility-assigned', (caseId) => responsibilityAssigned(caseId, 'investigator', 'someone')],
      ['case.transferred', (caseId) => caseTransferred(caseId, 'KG-GB', 'KG-C')],
      ['case.joined', (caseId) => cloudEvent(CaseJoined, caseId, { caseId, region: 'KG-GB', intoCaseId: randomUUID() })],
    ])('goes to the dead-letter topic with the reason (%s), once, and the consumer goes on', async (_label, event) => {
      const unknownCaseId = randomUUID();
      const poison = event(unknownCaseId);
      const before = (await deadLetters()).length;
      await publish(poison);

      const letters = await deadLetters();
      expect(letters).toHaveLength(before + 1);
      expect(letters.at(-1)).toMatchObject({ message_key: unknownCaseId, value: JSON.stringify(poison) });
      expect(letters.at(-1).headers).toMatchObject({
        'x-dead-letter-reason': `case ${unknownCaseId} is not known here`,
        'x-dead-letter-source-topic': eventTopic('case-registry'),
        'x-dead-letter-consumer': 'procedural-steps',
      });
      expect(await inboxOf(poison.id)).toEqual([{ outcome: 'dead-lettered' }]);
      expect(await services.db.query(`SELECT 1 FROM procedural_steps.known_cases WHERE case_id = $1`, [unknownCaseId])).toMatchObject({ rowCount: 0 });

      await publish(poison);
      expect(await deadLetters()).toHaveLength(before + 1);

      const { caseId } = await caseWithPerson();
      await assignResponsibility(services.bus, caseId, 'prosecutor', 'after-the-poison');
      expect((await knownCase(caseId)).responsible_prosecutor).toBe('after-the-poison');
    });

    it('dead-letters an event that breaks its schema, naming the field, and goes on', async () => {
      const { caseId } = await caseWithPerson();
      const broken = { ...caseTransferred(caseId, 'KG-GB', 'KG-C'), data: { caseId, fromRegion: 'KG-GB' } } as CloudEvent<unknown>;
      const before = (await deadLetters()).length;
      await publish(broken);
      const letters = await deadLetters();
      expect(letters).toHaveLength(before + 1);
      expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(/toRegion/);
      expect((await knownCase(caseId)).region).toBe('KG-GB');

      await publish(caseTransferred(caseId, 'KG-GB', 'KG-C'));
      expect((await knownCase(caseId)).region).toBe('KG-C');
    });
  });
});
