import { randomUUID } from 'node:crypto';
import { CaseJoined, CloudEvent, DeadlineBreached, PersonAddedToCase, PersonRemovedFromCase, PersonRole } from '@icjims/contracts';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler';
import { StepDto } from '../steps/dto/step.dto';
import { addPerson, announceCase, at, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

/**
 * A person's standing across a join or a split, case-registry's events → PostgreSQL → HTTP:
 * the receiving journal records it as system steps naming the source, the person's clocks run
 * on there from their original start, and they end in the source — none lost, none doubled.
 */
describe('standing carried across a join or a split', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const record = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);
  const journal = async (caseId: string) => (await http<StepDto[]>('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor })).body;
  const received = async (caseId: string) =>
    (await journal(caseId)).filter((step) => step.stepType.endsWith('_received')).map(({ stepType, personId, details, occurredAt, recordedBy }) => ({ stepType, personId, details, occurredAt, recordedBy }));
  /** Every clock of a case that the journal starts (cancelled ones aside), with how it ended. */
  const clocks = async (caseId: string) =>
    (
      await services.db.query(
        `SELECT d.rule_code, d.rule_version, d.person_id, d.started_at, d.due_at, d.stopped_at, s.step_type AS stopped_by, d.breached_at
           FROM procedural_steps.deadlines d LEFT JOIN procedural_steps.steps s ON s.id = d.stopped_by_step_id
          WHERE d.case_id = $1 AND d.cancelled_at IS NULL ORDER BY d.started_at, d.rule_code`,
        [caseId],
      )
    ).rows.map((row) => ({
      rule: row.rule_code,
      version: row.rule_version,
      personId: row.person_id,
      startedAt: row.started_at.toISOString(),
      dueAt: row.due_at.toISOString(),
      stoppedBy: row.stopped_by,
      breachedAt: row.breached_at?.toISOString() ?? null,
    }));
  const running = async (caseIds: string[], personId: string) => (await Promise.all(caseIds.map(clocks))).flat().filter((clock) => clock.personId === personId && !clock.stoppedBy);

  const joinEvent = (caseId: string, intoCaseId: string, time: string) => cloudEvent(CaseJoined, caseId, { caseId, region: 'KG-GB', intoCaseId }, { time });
  /** What case-registry announces for a join: the receiving case gains the person's role, then case.joined. */
  const join = async (caseId: string, intoCaseId: string, personId: string, time: string) => {
    await addPerson(services.bus, intoCaseId, 'suspect', personId);
    await publish(joinEvent(caseId, intoCaseId, time));
  };
  const versionIn = async (caseId: string, rule: string) => (await clocks(caseId)).find((clock) => clock.rule === rule)?.version;
  const splitAdded = (caseId: string, personId: string, fromCaseId: string, time: string, role: PersonRole = 'suspect') =>
    cloudEvent(PersonAddedToCase, caseId, {
      caseId, region: 'KG-GB', personId, role, sex: 'female', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national', splitFromCaseId: fromCaseId,
    }, { time });
  const splitRemoved = (caseId: string, personId: string, toCaseId: string, time: string, role: PersonRole = 'suspect') =>
    cloudEvent(PersonRemovedFromCase, caseId, { caseId, region: 'KG-GB', personId, role, reason: 'split', toCaseId }, { time });

  /** A case under investigation with a suspect notified on the 3rd and detained on the 4th at 10:00. */
  async function detainedSuspect(): Promise<{ caseId: string; suspect: string }> {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await record(caseId, { stepType: 'investigation_started', occurredAt: at(3, 8) });
    await record(caseId, { stepType: 'suspicion_notified', occurredAt: at(3, 9), personId: suspect, details: { offenceArticle: '209-1' } });
    await record(caseId, { stepType: 'detention', occurredAt: at(4, 10), personId: suspect });
    return { caseId, suspect };
  }

  async function investigation(): Promise<string> {
    const caseId = await announceCase(services.bus);
    await record(caseId, { stepType: 'investigation_started', occurredAt: at(3, 8) });
    return caseId;
  }

  describe('a join', () => {
    it('carries a detainee’s standing and 48-hour clock into the receiving case, from the original detention', async () => {
      const { caseId: joined, suspect } = await detainedSuspect();
      const into = await investigation();
      await join(joined, into, suspect, at(5, 8));
      const version = await versionIn(joined, 'detention_court_decision');

      expect(await received(into)).toEqual([
        {
          stepType: 'standing_received',
          personId: suspect,
          occurredAt: at(5, 8),
          recordedBy: 'case-registry',
          details: { fromCaseId: joined, via: 'join', status: 'suspect', since: at(3, 9), suspicionNotified: true, pleaAgreement: false, detainedSince: at(4, 10) },
        },
        {
          stepType: 'deadline_received',
          personId: suspect,
          occurredAt: at(5, 8),
          recordedBy: 'case-registry',
          details: { fromCaseId: joined, rule: 'detention_court_decision', ruleVersion: version, startedAt: at(4, 10), dueAt: at(6, 10) },
        },
      ]);
      // One clock runs, in the receiving case, from the detention; the source's ended with the join.
      expect(await clocks(joined)).toEqual([expect.objectContaining({ rule: 'detention_court_decision', startedAt: at(4, 10), stoppedBy: 'case_joined', breachedAt: null })]);
      expect(await running([joined, into], suspect)).toEqual([
        { rule: 'detention_court_decision', version, personId: suspect, startedAt: at(4, 10), dueAt: at(6, 10), stoppedBy: null, breachedAt: null },
      ]);
    });

    it('lets the receiving case go on: custody ordered there stops the carried clock in time', async () => {
      const { caseId: joined, suspect } = await detainedSuspect();
      const into = await investigation();
      await join(joined, into, suspect, at(5, 8));
      await record(into, { stepType: 'preventive_measure_applied', occurredAt: at(5, 16), personId: suspect, details: { measure: 'custody', until: '2027-01-05T16:00:00.000Z' } });
      const carried = (await clocks(into)).filter((clock) => clock.rule === 'detention_court_decision');
      expect(carried).toEqual([expect.objectContaining({ startedAt: at(4, 10), stoppedBy: 'preventive_measure_applied' })]);
      expect((await running([joined, into], suspect)).map((clock) => clock.rule)).toEqual(['custody_term']);
    });

    it('carries measures in force with their clocks, and gives a person known there only what is new', async () => {
      const { caseId: joined, suspect } = await detainedSuspect();
      await record(joined, { stepType: 'preventive_measure_applied', occurredAt: at(5, 9), personId: suspect, details: { measure: 'custody', until: '2027-01-05T09:00:00.000Z' } });
      const into = await investigation();
      await addPerson(services.bus, into, 'suspect', suspect);
      await record(into, { stepType: 'suspicion_notified', occurredAt: at(4, 8), personId: suspect, details: { offenceArticle: '209-1' } });
      await join(joined, into, suspect, at(6, 8));

      expect((await received(into)).map(({ stepType, details }) => [stepType, details.measure ?? details.rule ?? details.status])).toEqual([
        ['measure_received', 'custody'],
        ['deadline_received', 'custody_term'],
      ]);
      expect(await running([joined, into], suspect)).toEqual([expect.objectContaining({ rule: 'custody_term', startedAt: at(5, 9), dueAt: '2027-01-05T09:00:00.000Z' })]);
      // The receiving case can extend the carried custody, and the carried clock follows.
      await record(into, { stepType: 'preventive_measure_extended', occurredAt: at(20), personId: suspect, details: { measure: 'custody', until: '2027-02-05T09:00:00.000Z' } });
      expect(await running([joined, into], suspect)).toEqual([expect.objectContaining({ rule: 'custody_term', startedAt: at(5, 9), dueAt: '2027-02-05T09:00:00.000Z' })]);
    });

    it('carries nothing twice when case.joined is delivered again, or announced again', async () => {
      const { caseId: joined, suspect } = await detainedSuspect();
      const into = await investigation();
      const event = joinEvent(joined, into, at(5, 8));
      await addPerson(services.bus, into, 'suspect', suspect);
      await publish(event);
      const before = await journal(into);
      await publish(event, joinEvent(joined, into, at(5, 9)));
      expect(await journal(into)).toEqual(before);
      expect(await running([joined, into], suspect)).toHaveLength(1);
    });

    it('keeps a breach of the source: a clock that ran out before the join is breached where it ran out, announced once', async () => {
      const { caseId: joined, suspect } = await detainedSuspect();
      const into = await investigation();
      await join(joined, into, suspect, at(7, 8)); // 48 hours after the 4th at 10:00 have passed
      expect(await running([joined, into], suspect)).toEqual([expect.objectContaining({ startedAt: at(4, 10), dueAt: at(6, 10), breachedAt: at(7, 8) })]);
      await services.apps[0].get(DeadlineScheduler).scan(new Date(at(8)));
      const breaches = async (caseId: string) => (await outboxEvents(services.db, DeadlineBreached, caseId)).filter((event) => event.personId === suspect);
      expect((await breaches(joined)).map((event) => event.dueAt)).toEqual([at(6, 10)]);
      expect(await breaches(into)).toEqual([]);
    });
  });

  describe('a split', () => {
    /** A suspect in custody until 5 January, and a second suspect who stays. */
    async function custodyCase(): Promise<{ source: string; suspect: string }> {
      const { caseId: source, suspect } = await detainedSuspect();
      await record(source, { stepType: 'preventive_measure_applied', occurredAt: at(5, 9), personId: suspect, details: { measure: 'custody', until: '2027-01-05T09:00:00.000Z' } });
      await addPerson(services.bus, source);
      return { source, suspect };
    }

    it.each([
      ['the person is added to the new case first', false],
      ['the person leaves the source case first', true],
    ])('moves the custody and its clock to the new case when %s, and ends it in the source', async (_order, leavesFirst) => {
      const { source, suspect } = await custodyCase();
      const created = await announceCase(services.bus, { splitFromCaseId: source });
      const added = [splitAdded(created, suspect, source, at(9)), splitAdded(created, suspect, source, at(9), 'witness')];
      const removed = splitRemoved(source, suspect, created, at(9));
      if (leavesFirst) await publish(removed, ...added);
      else await publish(...added, removed);

      expect((await received(created)).map(({ stepType, details }) => [stepType, details.via ?? details.measure ?? details.rule])).toEqual([
        ['standing_received', 'split'],
        ['measure_received', 'custody'],
        ['deadline_received', 'custody_term'],
      ]);
      expect(await clocks(source)).toEqual([
        expect.objectContaining({ rule: 'detention_court_decision', stoppedBy: 'preventive_measure_applied' }),
        expect.objectContaining({ rule: 'custody_term', stoppedBy: 'person_left' }),
      ]);
      expect(await running([source, created], suspect)).toEqual([
        { rule: 'custody_term', version: await versionIn(source, 'custody_term'), personId: suspect, startedAt: at(5, 9), dueAt: '2027-01-05T09:00:00.000Z', stoppedBy: null, breachedAt: null },
      ]);
    });

    it('moves nothing for a person no step names there (a witness), and nothing from another case', async () => {
      const source = await investigation();
      const witness = await addPerson(services.bus, source, 'witness');
      const created = await announceCase(services.bus, { splitFromCaseId: source });
      await publish(splitAdded(created, witness, source, at(9), 'witness'), splitAdded(created, randomUUID(), source, at(9)));
      expect(await received(created)).toEqual([]);
    });
  });
});
