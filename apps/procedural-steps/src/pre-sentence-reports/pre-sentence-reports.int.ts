import { randomUUID } from 'node:crypto';
import { CloudEvent, deadLetterTopic, eventTopic, PreSentenceReportSubmitted, PreSentenceReportSubmittedV1, StepRecorded } from '@icjims/contracts';
import { localDate } from '@icjims/jurisdiction';
import { cloudEvent, http, outboxEvents, publishEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, at, FIXTURE_JURISDICTION, journalWrites, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { StepDto } from '../steps/dto/step.dto';

const DAY = 24 * 60 * 60 * 1000;
/** A day counted from today in the pack's zone, as the service counts due dates. */
const day = (fromToday: number) => localDate(new Date(Date.now() + fromToday * DAY), FIXTURE_JURISDICTION.pack.timeZone);

/**
 * The procedural side of probation through the real stack: the court decisions that open
 * supervision with their obligations as codes, parole, and pre-sentence reports — requested over
 * HTTP, received from probation's event through the bus into the journal and the timeline.
 */
describe('court decisions that open supervision, and pre-sentence reports', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const record = (caseId: string, body: unknown, token = prosecutor) => http<StepDto & { errors?: { field: string; reason: string }[] }>('POST', `${base}/cases/${caseId}/steps`, { token, body });
  const recorded = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);
  const steps = async (caseId: string) => (await http<StepDto[]>('GET', `${base}/cases/${caseId}/steps`, { token: prosecutor })).body;
  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const deadLetters = async () =>
    (await services.db.query(`SELECT message_key, headers FROM procedural_steps.outbox WHERE topic = $1 ORDER BY position`, [deadLetterTopic('procedural-steps')])).rows;

  /** A case in court with one accused. */
  async function caseInCourt(region = 'KG-GB'): Promise<{ caseId: string; accused: string }> {
    const caseId = await announceCase(services.bus, { region });
    const accused = await addPerson(services.bus, caseId, 'suspect', randomUUID(), region);
    const token = region === 'KG-GB' ? prosecutor : await services.tokenFor('prosecutor', { region });
    for (const body of [
      { stepType: 'investigation_started', occurredAt: at(3) },
      { stepType: 'suspicion_notified', occurredAt: at(4), personId: accused, details: { offenceArticle: '209-1' } },
      { stepType: 'indictment', occurredAt: at(10) },
    ]) {
      await recordStep({ base, token }, caseId, body);
    }
    return { caseId, accused };
  }

  const requestBody = (personId: string, details: object = { dueOn: day(30), requestedBy: 'court' }) => ({
    stepType: 'pre_sentence_report_requested',
    occurredAt: at(11),
    personId,
    details,
  });

  describe('the sentence’s obligations and parole over HTTP', () => {
    it('records a probation sentence with the obligations the court imposed, and publishes them as a list', async () => {
      const { caseId, accused } = await caseInCourt();
      await recorded(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } });
      const sentence = await record(caseId, {
        stepType: 'sentence',
        occurredAt: at(12, 10),
        personId: accused,
        details: { sentenceType: 'probation', termMonths: 24, obligations: ['report_regularly', 'curfew'] },
      });
      expect(sentence.status).toBe(201);
      expect(sentence.body.details).toEqual({ sentenceType: 'probation', termMonths: 24, obligations: ['report_regularly', 'curfew'] });
      const [published] = (await outboxEvents(services.db, StepRecorded, caseId)).filter((event) => event.stepType === 'sentence');
      expect(published.details).toEqual({ sentenceType: 'probation', termMonths: 24, obligations: ['report_regularly', 'curfew'] });
      // The list is stored and hashed as recorded: the case's chain still verifies.
      expect((await http('GET', `${base}/cases/${caseId}/steps/verification`, { token: prosecutor })).body).toMatchObject({ valid: true, checked: 6 });
    });

    it('records community work with its hours', async () => {
      const { caseId, accused } = await caseInCourt();
      await recorded(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } });
      const sentence = await record(caseId, {
        stepType: 'sentence',
        occurredAt: at(12, 10),
        personId: accused,
        details: { sentenceType: 'community_work', termMonths: 6, communityWorkHours: 240, obligations: ['community_work'] },
      });
      expect(sentence.status).toBe(201);
    });

    it('releases on parole a person sentenced to imprisonment once the case is closed, and refuses it for a probation sentence', async () => {
      const { caseId, accused } = await caseInCourt();
      await recorded(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } });
      await recorded(caseId, { stepType: 'sentence', occurredAt: at(12, 10), personId: accused, details: { sentenceType: 'imprisonment', termMonths: 36 } });
      await recorded(caseId, { stepType: 'case_closed', occurredAt: at(13) });
      const parole = { stepType: 'conditional_early_release', occurredAt: at(20), personId: accused, details: { termMonths: 14, obligations: ['report_regularly', 'no_contact'] } };

      const investigator = await services.tokenFor('investigator', { region: 'KG-GB' });
      expect((await record(caseId, parole, investigator)).status).toBe(403);
      const released = await record(caseId, parole);
      expect(released.status).toBe(201);
      expect(released.body.details).toEqual({ termMonths: 14, obligations: ['report_regularly', 'no_contact'] });

      const other = await caseInCourt();
      await recorded(other.caseId, { stepType: 'verdict', occurredAt: at(12), personId: other.accused, details: { outcome: 'conviction' } });
      await recorded(other.caseId, { stepType: 'sentence', occurredAt: at(12, 10), personId: other.accused, details: { sentenceType: 'probation', termMonths: 12 } });
      const refused = await record(other.caseId, { ...parole, personId: other.accused });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'personId' })]);
    });
  });

  describe('the bad-input matrix of a report request: 4xx problem+json, nothing written', () => {
    it.each<[string, (accused: string) => object, number, string | undefined]>([
      ['a missing due date', (accused) => requestBody(accused, { requestedBy: 'court' }), 400, 'details.dueOn'],
      ['a due date of the wrong type', (accused) => requestBody(accused, { dueOn: 20270101, requestedBy: 'court' }), 400, 'details.dueOn'],
      ['a due date in the past', (accused) => requestBody(accused, { dueOn: day(-2), requestedBy: 'court' }), 400, 'details.dueOn'],
      ['an unknown requester', (accused) => requestBody(accused, { dueOn: day(30), requestedBy: 'neighbour' }), 400, 'details.requestedBy'],
      ['no person', (accused) => ({ ...requestBody(accused), personId: undefined }), 400, 'personId'],
      ['a person of another case', () => requestBody(randomUUID()), 400, 'personId'],
    ])('refuses %s', async (_label, body, status, field) => {
      const { caseId, accused } = await caseInCourt();
      const before = await journalWrites(services.db, caseId);
      const response = await record(caseId, body(accused));
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors?.map((error) => error.field)).toContain(field);
      expect(await journalWrites(services.db, caseId)).toEqual(before);
    });

    it.each<[string, unknown, string]>([
      ['a single code instead of a list', 'curfew', 'details.obligations must be an array of codes'],
      ['an unknown code', ['curfew', 'banishment'], 'details.obligations holds the unknown code banishment'],
      ['a code twice', ['curfew', 'curfew'], 'details.obligations holds the code curfew twice'],
      ['too many codes', Array.from({ length: 21 }, (_, index) => `code_${index}`), 'details.obligations must hold at most 20 codes'],
    ])('refuses a sentence whose obligations are %s, naming the field and the code', async (_label, obligations, reason) => {
      const { caseId, accused } = await caseInCourt();
      await recorded(caseId, { stepType: 'verdict', occurredAt: at(12), personId: accused, details: { outcome: 'conviction' } });
      const before = await journalWrites(services.db, caseId);
      const response = await record(caseId, { stepType: 'sentence', occurredAt: at(12, 10), personId: accused, details: { sentenceType: 'probation', termMonths: 12, obligations } });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'details.obligations', reason: expect.stringContaining(reason) }]);
      expect(await journalWrites(services.db, caseId)).toEqual(before);
    });

    it('refuses a role that may not request a report (403) and another region’s case (403)', async () => {
      const { caseId, accused } = await caseInCourt();
      const officer = await services.tokenFor('probation_officer', { region: 'KG-GB' });
      const elsewhere = await services.tokenFor('prosecutor', { region: 'KG-C' });
      const before = await journalWrites(services.db, caseId);
      for (const token of [officer, elsewhere]) {
        const response = await record(caseId, requestBody(accused), token);
        expect(response.status).toBe(403);
        expect(response.contentType).toContain('application/problem+json');
      }
      expect(await journalWrites(services.db, caseId)).toEqual(before);
    });

    it('refuses to record a received report over the API: the system records it', async () => {
      const { caseId, accused } = await caseInCourt();
      const response = await record(caseId, {
        stepType: 'pre_sentence_report_received',
        occurredAt: at(12),
        personId: accused,
        details: { requestStepId: randomUUID(), reportId: randomUUID(), recommendation: 'community_supervision_suitable' },
      });
      expect(response.status).toBe(422);
    });
  });

  describe('a report submitted by probation, through the bus', () => {
    const submitted = (caseId: string, sourceStepId: string, reportId = randomUUID(), overrides: Partial<PreSentenceReportSubmittedV1> = {}) =>
      cloudEvent(PreSentenceReportSubmitted, caseId, {
        reportId,
        caseId,
        region: 'KG-GB',
        sourceStepId,
        recommendation: 'community_supervision_suitable',
        dueOn: day(30),
        submittedAt: at(20),
        ...overrides,
      });

    async function requested(): Promise<{ caseId: string; accused: string; request: StepDto }> {
      const { caseId, accused } = await caseInCourt();
      const investigator = await services.tokenFor('investigator', { region: 'KG-GB' });
      const response = await record(caseId, requestBody(accused), investigator);
      expect(response.status).toBe(201);
      return { caseId, accused, request: response.body };
    }

    it('is recorded once in the journal on the person the request named, and shows in the timeline', async () => {
      const { caseId, accused, request } = await requested();
      const reportId = randomUUID();
      await publish(submitted(caseId, request.id, reportId));
      // The same report announced again (a new event id) records nothing more.
      await publish(submitted(caseId, request.id, reportId));

      const received = (await steps(caseId)).filter((step) => step.stepType === 'pre_sentence_report_received');
      expect(received).toEqual([
        expect.objectContaining({
          personId: accused,
          occurredAt: new Date(at(20)).toISOString(),
          recordedBy: 'probation',
          details: { requestStepId: request.id, reportId, recommendation: 'community_supervision_suitable' },
        }),
      ]);
      const timeline = await http<{ entries: { step: StepDto; title: string }[] }>('GET', `${base}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation' });
      expect(timeline.body.entries.map((entry) => [entry.step.stepType, entry.title]).slice(-2)).toEqual([
        ['pre_sentence_report_requested', 'Pre-sentence report requested'],
        ['pre_sentence_report_received', 'Pre-sentence report received'],
      ]);
    });

    it.each<[string, (caseId: string, requestId: string) => CloudEvent<unknown>, (caseId: string) => string]>([
      ['about a case not known here', () => submitted(randomUUID(), randomUUID()), () => 'is not known here'],
      ['for a step that is no request', (caseId) => submitted(caseId, randomUUID()), (caseId) => `case ${caseId} holds no pre-sentence report request`],
      [
        'for a request answered already by another report',
        (caseId, requestId) => submitted(caseId, requestId, randomUUID(), { submittedAt: at(21) }),
        (caseId) => `the journal of case ${caseId} refuses report`,
      ],
    ])('is dead-lettered %s, with the reason, and the consumer goes on', async (_label, event, reason) => {
      const { caseId, request } = await requested();
      await publish(submitted(caseId, request.id));
      // The dead letter is an outbox row keyed by the case too: the journal is what must not move.
      const journal = async () => {
        const { steps: count, version, last_hash } = (await journalWrites(services.db, caseId)) as { steps: number; version: number; last_hash: string };
        return { count, version, last_hash };
      };
      const before = await journal();
      const letters = (await deadLetters()).length;

      const poison = event(caseId, request.id);
      await publish(poison);
      const after = await deadLetters();
      expect(after).toHaveLength(letters + 1);
      expect(after.at(-1).headers).toMatchObject({ 'x-dead-letter-source-topic': eventTopic('probation'), 'x-dead-letter-consumer': 'procedural-steps' });
      expect(after.at(-1).headers['x-dead-letter-reason']).toContain(reason(caseId));
      expect(await journal()).toEqual(before);

      const next = await requested();
      await publish(submitted(next.caseId, next.request.id));
      expect((await steps(next.caseId)).at(-1)?.stepType).toBe('pre_sentence_report_received');
    });
  });
});
