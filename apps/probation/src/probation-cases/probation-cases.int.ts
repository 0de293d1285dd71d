import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CloudEvent, deadLetterTopic, EventDefinition, eventTopic, ProbationCaseAmended, ProbationCaseAnnulled, ProbationCaseOpened, ProbationEntryRecorded, StepRecordedV1,
} from '@icjims/contracts';
import { eventually, http, outboxCloudEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { amended, correctionOf, stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';

describe('probation', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let officer: string;

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    officer = await services.tokenFor('probation_officer', { region: 'KG-GB' });
    db = services.db;
  });
  afterAll(() => services?.stop());

  const deliver = (value: CloudEvent<unknown> | string, key: string = randomUUID()) =>
    services.bus.publish([{ topic: eventTopic('procedural-steps'), key, value: typeof value === 'string' ? value : JSON.stringify(value), headers: {} }]);
  /** Events in order, each keyed by its subject, as procedural-steps publishes them. */
  const deliverAll = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);

  const probationCasesOf = async (caseId: string, status?: string) =>
    (await http('GET', `${base}/probation-cases?caseId=${caseId}${status ? `&status=${status}` : ''}`, { token: officer })).body;

  /** The events probation emitted about a criminal case, oldest first, each checked against its contract. */
  const emitted = <T extends object>(definition: EventDefinition<T>, caseId: string) => outboxCloudEvents(db, definition, caseId);

  const deadLetters = async () =>
    (await db.query(`SELECT message_key, value, headers FROM probation.outbox WHERE topic = $1 ORDER BY position`, [deadLetterTopic('probation')])).rows;

  describe('on a probation sentence', () => {
    it('opens a probation case from the day of the sentence to its end, and announces it', async () => {
      const event = stepRecorded();
      await deliver(event, event.subject);

      const listed = await probationCasesOf(event.data.caseId);
      expect(listed).toEqual([
        {
          id: expect.any(String),
          caseId: event.data.caseId,
          region: 'KG-GB',
          sourceStepId: event.data.stepId,
          personId: event.data.personId,
          termMonths: 13,
          startsOn: '2026-01-31',
          endsOn: '2027-02-28',
          caseType: 'probation_supervision',
          obligations: [],
          status: 'active',
          office: null,
          officerId: null,
          communityWork: null,
          plan: [],
          contacts: [],
          firstMeetingAt: null,
          lastAssessment: null,
          violations: [],
          submissions: [],
          abscondedSince: null,
          ended: null,
          openedAt: expect.any(String),
          annulledAt: null,
          annulledByStepId: null,
          annulmentGround: null,
          version: 1,
        },
      ]);
      const read = await http('GET', `${base}/probation-cases/${listed[0].id}`, { token: officer });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(listed[0]);
      expect(read.headers.get('etag')).toBe('"1"');

      const [opened] = await emitted(ProbationCaseOpened, event.data.caseId);
      expect(opened).toMatchObject({
        type: 'icjims.probation.probation-case.opened.v1',
        subject: event.data.caseId,
        correlationid: event.correlationid,
        data: { probationCaseId: listed[0].id, sourceStepId: event.data.stepId, termMonths: 13, startsOn: '2026-01-31', region: 'KG-GB' },
      });
    });

    it('starts supervision on the day of the sentence in the pack’s zone: 23:30 on 31 January in Bishkek is 31 January, 00:30 is 1 February', async () => {
      const lateEvening = stepRecorded({ occurredAt: '2026-01-31T17:30:00Z', details: { sentenceType: 'probation', termMonths: 1 } });
      const afterMidnight = stepRecorded({ occurredAt: '2026-01-31T18:30:00Z', details: { sentenceType: 'probation', termMonths: 1 } });
      await deliverAll(lateEvening, afterMidnight);
      expect(await probationCasesOf(lateEvening.data.caseId)).toEqual([expect.objectContaining({ startsOn: '2026-01-31', endsOn: '2026-02-28' })]);
      expect(await probationCasesOf(afterMidnight.data.caseId)).toEqual([expect.objectContaining({ startsOn: '2026-02-01', endsOn: '2026-03-01' })]);
      const [opened] = await emitted(ProbationCaseOpened, afterMidnight.data.caseId);
      expect(opened.data.startsOn).toBe('2026-02-01');
    });

    it('opens only one probation case when the event is delivered again', async () => {
      const event = stepRecorded();
      await deliver(event);
      await deliver(event);
      expect(await probationCasesOf(event.data.caseId)).toHaveLength(1);
      expect(await emitted(ProbationCaseOpened, event.data.caseId)).toHaveLength(1);
    });

    it('opens only one probation case when the same step is replayed under a new event id', async () => {
      const event = stepRecorded();
      await deliver(event);
      await deliver({ ...event, id: randomUUID() });
      expect(await probationCasesOf(event.data.caseId)).toHaveLength(1);
      expect(await emitted(ProbationCaseOpened, event.data.caseId)).toHaveLength(1);
    });
  });

  describe('intake from each case type of the pack', () => {
    it.each([
      ['a conditional sentence', { details: { sentenceType: 'conditional', termMonths: 24, obligations: ['report_regularly', 'no_contact'] } }, { caseType: 'conditional_sentence', termMonths: 24, obligations: ['report_regularly', 'no_contact'], communityWork: null }],
      ['community work', { details: { sentenceType: 'community_work', termMonths: 6, communityWorkHours: 120 } }, { caseType: 'community_work', endsOn: '2026-07-31', communityWork: { ordered: 120, worked: 0 } }],
      ['a conditional early release (parole)', { stepType: 'conditional_early_release', details: { termMonths: 10, obligations: ['curfew'] } }, { caseType: 'parole', endsOn: '2026-11-30', obligations: ['curfew'] }],
      ['a probation sentence with its obligations', { details: { sentenceType: 'probation', termMonths: 13, obligations: ['treatment'] } }, { caseType: 'probation_supervision', obligations: ['treatment'] }],
    ])('opens a case from %s, with its terms as data, and publishes its opened entry', async (_, data, expected) => {
      const event = stepRecorded(data);
      await deliverAll(event);
      const [opened] = await probationCasesOf(event.data.caseId);
      expect(opened).toMatchObject({ sourceStepId: event.data.stepId, startsOn: '2026-01-31', status: 'active', version: 1, ...expected });
      const [entry, ...more] = await outboxCloudEvents(db, ProbationEntryRecorded, opened.id);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ subject: opened.id, data: { entryType: 'opened', sequence: 1, caseId: event.data.caseId, status: 'active', recordedBy: 'system' } });
      expect(entry.data.details).toMatchObject({ sourceStepId: event.data.stepId, caseType: opened.caseType, termMonths: opened.termMonths, endsOn: opened.endsOn });
      expect(await emitted(ProbationCaseOpened, event.data.caseId)).toHaveLength(1);
    });

    it.each([
      ['community work without its hours', { details: { sentenceType: 'community_work', termMonths: 6 } }, /communityWorkHours/],
      ['an obligation the pack does not know', { details: { sentenceType: 'probation', termMonths: 6, obligations: ['juggling'] } }, /obligations/],
      ['a parole without a term', { stepType: 'conditional_early_release', details: {} }, /termMonths/],
    ])('dead-letters %s with the reason and opens nothing', async (_, data, reason) => {
      const before = (await deadLetters()).length;
      const event = stepRecorded(data);
      await deliverAll(event);
      const letters = await deadLetters();
      expect(letters).toHaveLength(before + 1);
      expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(reason);
      expect(await probationCasesOf(event.data.caseId)).toEqual([]);
    });

    it('amends a parole case when its release is corrected', async () => {
      const event = stepRecorded({ stepType: 'conditional_early_release', details: { termMonths: 10 } });
      await deliverAll(event);
      await deliverAll(...correctionOf(event.data, { standsAs: amended(event.data, { details: { termMonths: 8 } }) }));
      expect(await probationCasesOf(event.data.caseId)).toEqual([expect.objectContaining({ caseType: 'parole', termMonths: 8, endsOn: '2026-09-30', version: 2 })]);
    });
  });

  it.each([
    ['an imprisonment sentence', { details: { sentenceType: 'imprisonment', termMonths: 24 } }],
    ['another step type', { stepType: 'indictment', details: {} }],
  ])('ignores %s', async (_, data) => {
    const event = stepRecorded(data);
    await deliver(event);
    expect(await probationCasesOf(event.data.caseId)).toEqual([]);
    const inbox = await db.query(`SELECT outcome FROM probation.inbox WHERE event_id = $1`, [event.id]);
    expect(inbox.rows).toEqual([{ outcome: 'processed' }]);
  });

  describe('poison messages', () => {
    it.each([
      ['a probation sentence without a term', () => stepRecorded({ details: { sentenceType: 'probation' } }), /termMonths/],
      ['a probation sentence with a fractional term', () => stepRecorded({ details: { sentenceType: 'probation', termMonths: 1.5 } }), /termMonths/],
      ['data that breaks the event schema', () => stepRecorded({ caseId: 'not-a-uuid' }), /caseId/],
      ['a message that is not JSON', () => '{"specversion": "1.0", ', /not JSON/],
    ])('dead-letters %s with the reason, and goes on with the next event', async (_, poison, reason) => {
      const key = randomUUID();
      const before = (await deadLetters()).length;
      await deliver(poison(), key);

      const letters = await deadLetters();
      expect(letters).toHaveLength(before + 1);
      expect(letters.at(-1)).toMatchObject({ message_key: key });
      expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(reason);
      expect(letters.at(-1).headers['x-dead-letter-source-topic']).toBe(eventTopic('procedural-steps'));

      const next = stepRecorded();
      await deliver(next);
      expect(await probationCasesOf(next.data.caseId)).toHaveLength(1);
    });

    it('records a dead-lettered event in the inbox, so a redelivery is not dead-lettered twice', async () => {
      const poison = stepRecorded({ details: { sentenceType: 'probation', termMonths: 0 } });
      await deliver(poison);
      const count = (await deadLetters()).length;
      await deliver(poison);
      expect(await deadLetters()).toHaveLength(count);
      const inbox = await db.query(`SELECT outcome FROM probation.inbox WHERE event_id = $1`, [poison.id]);
      expect(inbox.rows).toEqual([{ outcome: 'dead-lettered' }]);
    });
  });

  describe('on a correction of a sentence', () => {
    /** A probation sentence delivered, and the probation case it opened. */
    const sentenced = async () => {
      const sentence = stepRecorded();
      await deliverAll(sentence);
      const [opened] = await probationCasesOf(sentence.data.caseId);
      return { sentence: sentence.data, opened };
    };

    it('annuls the probation case of an annulled sentence, keeps it with the correction that annulled it, and announces it', async () => {
      const { sentence, opened } = await sentenced();
      const [recorded, annulment] = correctionOf(sentence, { action: 'annul' });
      await deliverAll(recorded, annulment);

      const read = await http('GET', `${base}/probation-cases/${opened.id}`, { token: officer });
      expect(read.body).toEqual({
        ...opened,
        status: 'annulled',
        annulledAt: expect.any(String),
        annulledByStepId: annulment.data.correctionStepId,
        annulmentGround: 'sentence_annulled',
        version: 2,
      });
      expect(await probationCasesOf(sentence.caseId, 'annulled')).toEqual([read.body]);
      expect(await probationCasesOf(sentence.caseId, 'active')).toEqual([]);
      const { rows } = await db.query(`SELECT status, source_step_id FROM probation.probation_streams WHERE stream_id = $1`, [opened.id]);
      expect(rows).toEqual([{ status: 'annulled', source_step_id: sentence.stepId }]);

      const [announced, ...more] = await emitted(ProbationCaseAnnulled, sentence.caseId);
      expect(more).toEqual([]);
      expect(announced).toMatchObject({ subject: sentence.caseId, correlationid: annulment.correlationid });
      expect(announced.data).toEqual({
        probationCaseId: opened.id,
        caseId: sentence.caseId,
        region: 'KG-GB',
        sourceStepId: sentence.stepId,
        correctionStepId: annulment.data.correctionStepId,
        ground: 'sentence_annulled',
      });
    });

    it('amends the person, term and start of the probation case to the sentence as it now stands, and announces it', async () => {
      const { sentence, opened } = await sentenced();
      const personId = randomUUID();
      const [recorded, amendment] = correctionOf(sentence, {
        standsAs: amended(sentence, { occurredAt: '2026-03-01T08:00:00Z', personId, details: { sentenceType: 'probation', termMonths: 24 } }),
      });
      await deliverAll(recorded, amendment);

      expect(await probationCasesOf(sentence.caseId)).toEqual([{ ...opened, personId, termMonths: 24, startsOn: '2026-03-01', endsOn: '2028-03-01', version: 2 }]);
      const announced = await emitted(ProbationCaseAmended, sentence.caseId);
      expect(announced.map((event) => event.data)).toEqual([
        {
          probationCaseId: opened.id,
          caseId: sentence.caseId,
          region: 'KG-GB',
          sourceStepId: sentence.stepId,
          correctionStepId: amendment.data.correctionStepId,
          personId,
          termMonths: 24,
          startsOn: '2026-03-01',
          endsOn: '2028-03-01',
        },
      ]);
    });

    it('announces nothing for an amendment that leaves the supervision as it was', async () => {
      const { sentence, opened } = await sentenced();
      await deliverAll(...correctionOf(sentence, { standsAs: amended(sentence, { occurredAt: '2026-01-31T16:00:00Z', details: { ...sentence.details, court: 'Bishkek' } }) }));
      expect(await probationCasesOf(sentence.caseId)).toEqual([opened]);
      expect(await emitted(ProbationCaseAmended, sentence.caseId)).toEqual([]);
    });

    describe('the court\'s other terms as data', () => {
      const probation = { sentenceType: 'probation', termMonths: 13, obligations: ['treatment', 'curfew'] };
      const communityWork = { sentenceType: 'community_work', termMonths: 6, communityWorkHours: 120, obligations: ['report_regularly'] };

      it.each([
        ['the case type: a probation sentence corrected into a conditional one', probation, { ...probation, sentenceType: 'conditional' }, { caseType: 'conditional_sentence' }, { caseType: 'conditional_sentence', obligations: ['treatment', 'curfew'] }],
        ['the obligations', probation, { ...probation, obligations: ['curfew', 'no_contact'] }, { obligations: ['curfew', 'no_contact'] }, { caseType: 'probation_supervision', obligations: ['curfew', 'no_contact'] }],
        ['the community-work hours', communityWork, { ...communityWork, communityWorkHours: 80 }, { communityWork: { ordered: 80, worked: 0 } }, { caseType: 'community_work', obligations: ['report_regularly'], communityWorkHours: 80 }],
      ])('amends %s, and the amended entry says the corrected terms', async (_, given, corrected, changed, details) => {
        const sentence = stepRecorded({ details: given });
        await deliverAll(sentence);
        const [opened] = await probationCasesOf(sentence.data.caseId);
        const [, amendment] = correctionOf(sentence.data, { standsAs: amended(sentence.data, { details: corrected }) });
        await deliverAll(amendment);

        expect(await probationCasesOf(sentence.data.caseId)).toEqual([{ ...opened, ...changed, version: 2 }]);
        const entries = await outboxCloudEvents(db, ProbationEntryRecorded, opened.id);
        expect(entries.map((event) => event.data.entryType)).toEqual(['opened', 'amended']);
        expect(entries[1].data.details).toEqual({
          sourceStepId: sentence.data.stepId,
          correctionStepId: amendment.data.correctionStepId,
          personId: sentence.data.personId,
          termMonths: opened.termMonths,
          startsOn: opened.startsOn,
          endsOn: opened.endsOn,
          ...details,
        });
        expect(await emitted(ProbationCaseAmended, sentence.data.caseId)).toHaveLength(1);
      });

      it('appends nothing for a correction that orders the same: obligations in another order, the same hours', async () => {
        const sentence = stepRecorded({ details: { ...communityWork, obligations: ['report_regularly', 'curfew'] } });
        await deliverAll(sentence);
        const [opened] = await probationCasesOf(sentence.data.caseId);
        await deliverAll(...correctionOf(sentence.data, { standsAs: amended(sentence.data, { details: { ...communityWork, obligations: ['curfew', 'report_regularly'], court: 'Bishkek' } }) }));
        expect(await probationCasesOf(sentence.data.caseId)).toEqual([opened]);
        expect((await outboxCloudEvents(db, ProbationEntryRecorded, opened.id)).map((event) => event.data.entryType)).toEqual(['opened']);
        expect(await emitted(ProbationCaseAmended, sentence.data.caseId)).toEqual([]);
      });
    });

    it('annuls the probation case of a sentence corrected into another kind, and opens a new one when corrected back to probation', async () => {
      const { sentence, opened } = await sentenced();
      const [, toPrison] = correctionOf(sentence, { standsAs: amended(sentence, { details: { sentenceType: 'imprisonment', termMonths: 13 } }) });
      await deliverAll(toPrison);
      expect((await emitted(ProbationCaseAnnulled, sentence.caseId)).map((event) => event.data.ground)).toEqual(['sentence_no_longer_probation']);

      await deliverAll(...correctionOf(sentence, { standsAs: amended(sentence, { details: { sentenceType: 'probation', termMonths: 6 } }) }));
      const cases = await probationCasesOf(sentence.caseId);
      expect(cases).toHaveLength(2);
      const [annulled, reopened] = ['annulled', 'active'].map((status) => cases.find((found: { status: string }) => found.status === status));
      expect(annulled).toEqual({
        ...opened,
        status: 'annulled',
        annulledAt: expect.any(String),
        annulledByStepId: toPrison.data.correctionStepId,
        annulmentGround: 'sentence_no_longer_probation',
        version: 2,
      });
      expect(reopened).toMatchObject({ sourceStepId: sentence.stepId, status: 'active', termMonths: 6, startsOn: '2026-01-31', endsOn: '2026-07-31' });
      expect(reopened.id).not.toBe(opened.id);
      expect((await emitted(ProbationCaseOpened, sentence.caseId)).map((event) => event.data.probationCaseId)).toEqual([opened.id, reopened.id]);
    });

    it('opens a probation case for a fine corrected into probation, as the sentence would have', async () => {
      const recorded = stepRecorded({ details: { sentenceType: 'fine', amount: 500 } });
      const fine = recorded.data;
      await deliverAll(recorded);
      expect(await probationCasesOf(fine.caseId)).toEqual([]);

      await deliverAll(...correctionOf(fine, { standsAs: amended(fine, { details: { sentenceType: 'probation', termMonths: 12 } }) }));
      const [opened] = await probationCasesOf(fine.caseId);
      expect(opened).toMatchObject({ sourceStepId: fine.stepId, personId: fine.personId, status: 'active', termMonths: 12, startsOn: '2026-01-31', endsOn: '2027-01-31' });
      const [announced] = await emitted(ProbationCaseOpened, fine.caseId);
      expect(announced.data).toEqual({
        probationCaseId: opened.id,
        caseId: fine.caseId,
        region: 'KG-GB',
        sourceStepId: fine.stepId,
        personId: fine.personId,
        termMonths: 12,
        startsOn: '2026-01-31',
        openedAt: opened.openedAt,
      });
    });

    it.each([
      ['an annulled fine', stepRecorded({ details: { sentenceType: 'fine', amount: 500 } }).data, { action: 'annul' as const }],
      ['an amended fine', stepRecorded({ details: { sentenceType: 'fine', amount: 500 } }).data, {}],
      ['a verdict amended to name probation', stepRecorded({ stepType: 'verdict', details: { outcome: 'conviction' } }).data, {
        standsAs: { occurredAt: '2026-01-31T10:00:00Z', details: { sentenceType: 'probation', termMonths: 12 } },
      }],
    ])('ignores the correction of %s', async (_, step, correction) => {
      const [, corrected] = correctionOf(step, correction);
      await deliverAll(corrected);
      expect(await probationCasesOf(step.caseId)).toEqual([]);
      const inbox = await db.query(`SELECT outcome FROM probation.inbox WHERE event_id = $1`, [corrected.id]);
      expect(inbox.rows).toEqual([{ outcome: 'processed' }]);
    });

    it('changes nothing when a correction is delivered again, or replayed under a new event id', async () => {
      const { sentence } = await sentenced();
      const [, amendment] = correctionOf(sentence, { standsAs: amended(sentence, { details: { sentenceType: 'probation', termMonths: 7 } }) });
      const [, annulment] = correctionOf(sentence, { action: 'annul' });
      const letters = (await deadLetters()).length;
      await deliverAll(amendment, amendment, annulment, annulment, { ...annulment, id: randomUUID() });

      const [annulled] = await probationCasesOf(sentence.caseId);
      expect(annulled).toMatchObject({ termMonths: 7, status: 'annulled', annulledByStepId: annulment.data.correctionStepId });
      expect(await emitted(ProbationCaseAmended, sentence.caseId)).toHaveLength(1);
      expect(await emitted(ProbationCaseAnnulled, sentence.caseId)).toHaveLength(1);
      expect(await deadLetters()).toHaveLength(letters);
    });

    it('does not reopen the probation case of an annulled sentence when the sentence is replayed under a new event id', async () => {
      const sentence = stepRecorded();
      await deliverAll(sentence, correctionOf(sentence.data, { action: 'annul' })[1], { ...sentence, id: randomUUID() });
      expect(await probationCasesOf(sentence.data.caseId)).toEqual([expect.objectContaining({ status: 'annulled' })]);
      expect(await emitted(ProbationCaseOpened, sentence.data.caseId)).toHaveLength(1);
    });

    it('keeps the annulled case’s journal — opened, then annulled by the correction — and its chain verifies', async () => {
      const { sentence, opened } = await sentenced();
      const [, annulment] = correctionOf(sentence, { action: 'annul' });
      await deliverAll(annulment);
      const journal = await http('GET', `${base}/probation-cases/${opened.id}/journal`, { token: officer });
      expect(journal.status).toBe(200);
      expect(journal.headers.get('etag')).toBe('"2"');
      expect(journal.body.map((entry: { entryType: string; recordedBy: string }) => [entry.entryType, entry.recordedBy])).toEqual([['opened', 'system'], ['annulled', 'system']]);
      expect(journal.body[1].details).toEqual({ sourceStepId: sentence.stepId, correctionStepId: annulment.data.correctionStepId, ground: 'sentence_annulled' });
      const verified = await http('GET', `${base}/probation-cases/${opened.id}/journal/verify`, { token: officer });
      expect(verified.body).toMatchObject({ valid: true, checked: 2, version: 2 });
    });

    describe('poison corrections', () => {
      it.each([
        ['an amendment to a probation term that cannot be used', (step: StepRecordedV1) => correctionOf(step, { standsAs: amended(step, { details: { sentenceType: 'probation', termMonths: 0 } }) })[1], /termMonths/],
        ['an amendment without standsAs', (step: StepRecordedV1) => correctionOf(step, { standsAs: undefined })[1], /standsAs/],
        ['a correction that breaks the event schema', (step: StepRecordedV1) => correctionOf(step, { action: 'undo' as never })[1], /action/],
      ])('dead-letters %s with the reason, leaves the probation case as it was, and goes on', async (_, poison, reason) => {
        const { sentence, opened } = await sentenced();
        const before = (await deadLetters()).length;
        const event = poison(sentence);
        await deliverAll(event);

        const letters = await deadLetters();
        expect(letters).toHaveLength(before + 1);
        expect(letters.at(-1)).toMatchObject({ message_key: sentence.caseId });
        expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(reason);
        expect(await probationCasesOf(sentence.caseId)).toEqual([opened]);

        await deliverAll(correctionOf(sentence, { action: 'annul' })[1]);
        expect(await probationCasesOf(sentence.caseId, 'annulled')).toHaveLength(1);
      });

      it('dead-letters a correction of a sentence that was annulled, which procedural-steps never sends', async () => {
        const { sentence } = await sentenced();
        await deliverAll(correctionOf(sentence, { action: 'annul' })[1]);
        const before = (await deadLetters()).length;
        await deliverAll(correctionOf(sentence, { standsAs: amended(sentence, { details: { sentenceType: 'probation', termMonths: 3 } }) })[1]);

        const letters = await deadLetters();
        expect(letters).toHaveLength(before + 1);
        expect(letters.at(-1).headers['x-dead-letter-reason']).toMatch(/annulled step cannot be corrected again/);
        expect(await probationCasesOf(sentence.caseId)).toEqual([expect.objectContaining({ status: 'annulled', termMonths: 13 })]);
      });
    });
  });

  describe('reading', () => {
    let bishkek: CloudEvent<StepRecordedV1>;
    let chuy: CloudEvent<StepRecordedV1>;
    let chuyCaseId: string;

    beforeAll(async () => {
      bishkek = stepRecorded({ occurredAt: '2026-02-01T09:00:00Z' });
      chuy = stepRecorded({ region: 'KG-C' });
      await deliver(bishkek);
      await deliver(chuy);
      const admin = await services.tokenFor('admin');
      chuyCaseId = (await http('GET', `${base}/probation-cases?caseId=${chuy.data.caseId}`, { token: admin })).body[0].id;
    });

    it('lists only the caller’s region, and every region for a national admin', async () => {
      const own = await http('GET', `${base}/probation-cases?limit=100`, { token: officer });
      expect(own.body.length).toBeGreaterThan(0);
      expect(own.body.every((item: { region: string }) => item.region === 'KG-GB')).toBe(true);
      expect(own.body.map((item: { caseId: string }) => item.caseId)).toContain(bishkek.data.caseId);

      const all = await http('GET', `${base}/probation-cases?limit=100`, { token: await services.tokenFor('admin') });
      expect(all.body.map((item: { region: string }) => item.region)).toEqual(expect.arrayContaining(['KG-GB', 'KG-C']));
    });

    it('lists newest first, up to the limit, filtered by status', async () => {
      const two = await http('GET', `${base}/probation-cases?limit=2&status=active`, { token: officer });
      expect(two.status).toBe(200);
      expect(two.body).toHaveLength(2);
      expect(two.body[0].openedAt >= two.body[1].openedAt).toBe(true);
      expect((await http('GET', `${base}/probation-cases?status=revoked`, { token: officer })).body).toEqual([]);
    });

    it('reads one probation case of another region for a national admin', async () => {
      const read = await http('GET', `${base}/probation-cases/${chuyCaseId}`, { token: await services.tokenFor('admin') });
      expect(read.status).toBe(200);
      expect(read.body.region).toBe('KG-C');
    });

    it.each([
      ['no token', 401, () => ({ path: '/probation-cases' })],
      ['an expired token', 401, async () => ({ path: '/probation-cases', token: await services.tokenFor('probation_officer', { region: 'KG-GB', ttlSeconds: -120 }) })],
      ['a token signed by another key', 401, async () => ({ path: '/probation-cases', token: `${officer.slice(0, -4)}AAAA` })],
      ['a wrong role', 403, async () => ({ path: '/probation-cases', token: await services.tokenFor('prosecutor', { region: 'KG-GB' }) })],
      ['a probation officer without a region', 403, async () => ({ path: '/probation-cases', token: await services.tokenFor('probation_officer') })],
      ['a probation case of another region', 403, () => ({ path: `/probation-cases/${chuyCaseId}`, token: officer })],
      ['an unknown query parameter', 400, () => ({ path: '/probation-cases?region=KG-C', token: officer, field: 'region' })],
      ['a caseId that is not a UUID', 400, () => ({ path: '/probation-cases?caseId=42', token: officer, field: 'caseId' })],
      ['an unknown status', 400, () => ({ path: '/probation-cases?status=closed', token: officer, field: 'status' })],
      ['a limit of 0', 400, () => ({ path: '/probation-cases?limit=0', token: officer, field: 'limit' })],
      ['a limit over 100', 400, () => ({ path: '/probation-cases?limit=101', token: officer, field: 'limit' })],
      ['a limit that is not a number', 400, () => ({ path: '/probation-cases?limit=ten', token: officer, field: 'limit' })],
      ['a repeated limit', 400, () => ({ path: '/probation-cases?limit=1&limit=2', token: officer, field: 'limit' })],
      ['an id that is not a UUID', 400, () => ({ path: '/probation-cases/42', token: officer, field: 'probationCaseId' })],
      ['an unknown probation case', 404, () => ({ path: `/probation-cases/${randomUUID()}`, token: officer })],
    ])('answers %s with %i problem+json', async (_, status, request) => {
      const { path, token, field } = (await request()) as { path: string; token?: string; field?: string };
      const response = await http('GET', `${base}${path}`, { token });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
      if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('records a denied read in the access trail', async () => {
      const response = await http('GET', `${base}/probation-cases/${chuyCaseId}`, { token: officer, headers: { 'x-correlation-id': 'denied-read-1' } });
      expect(response.status).toBe(403);
      const trail = await eventually(async () => {
        const { rows } = await db.query(`SELECT value FROM probation.outbox WHERE event_type = 'icjims.probation.access.recorded.v1' AND value LIKE '%denied-read-1%'`);
        return rows[0] ? JSON.parse(rows[0].value) : undefined;
      });
      expect(trail.data).toMatchObject({
        action: 'read',
        resourceType: 'probation-case',
        resourceId: chuyCaseId,
        outcome: 'denied',
        status: 403,
        actor: { sub: 'test-probation_officer', roles: ['probation_officer'], region: 'KG-GB' },
      });
    });
  });
});
