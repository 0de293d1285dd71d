import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CaseRegistered, CloudEvent, deadLetterTopic, eventTopic } from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices, startServices, stepCorrection } from '@icjims/testing';
import { caseRegistered, personAdded, probationCaseAmended, probationCaseAnnulled, probationCaseOpened, stepRecorded } from '../analytics.fixtures';
import { analyticsService } from '../analytics.service';
import { INDICATOR_CODES } from './indicator-catalogue';

describe('analytics', () => {
  let services: RunningServices;
  let db: Client;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    services = await startServices([analyticsService]);
    base = `${services.urls.analytics}/api/v1`;
    analyst = await services.tokenFor('analyst');
    db = services.db;
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const deliverRaw = (topic: string, value: string, key: string) => services.bus.publish([{ topic, key, value, headers: {} }]);

  const indicator = async (path: string, token = analyst) => {
    const response = await http('GET', `${base}/indicators/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };


  it('titles the catalogue in the request’s language; codes, definitions and formulas stay', async () => {
    const [english, kyrgyz] = await Promise.all(['en', 'ky'].map((language) => http('GET', `${base}/indicators`, { token: analyst, headers: { 'Accept-Language': language } })));
    expect(kyrgyz.headers.get('content-language')).toBe('ky');
    const entry = (response: typeof english, code: string) => response.body.find((candidate: { code: string }) => candidate.code === code);
    expect(entry(kyrgyz, 'pretrial_clearance_rate').title).toBe('Иштерди чечүү коэффициенти, сотко чейинки стадия');
    expect({ ...entry(kyrgyz, 'pretrial_clearance_rate'), title: undefined }).toEqual({ ...entry(english, 'pretrial_clearance_rate'), title: undefined });
    const table = await http('GET', `${base}/indicators/cases_registered/table?from=2026-01&to=2026-01`, { token: analyst, headers: { 'Accept-Language': 'ru' } });
    expect(table.body.indicator.title).toBe('Зарегистрированные уголовные дела');
  });

  it('serves the indicator catalogue', async () => {
    const response = await http('GET', `${base}/indicators`, { token: analyst });
    expect(response.status).toBe(200);
    expect(response.body.map((entry: { code: string }) => entry.code)).toEqual([...INDICATOR_CODES]);
    expect(response.body[1]).toEqual({
      code: 'steps_recorded',
      version: 1,
      title: expect.any(String),
      definition: expect.any(String),
      formula: expect.stringContaining('StepRecorded'),
      public: false,
      sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected'],
      validFrom: '2026-01-01',
      unit: 'steps',
      measure: 'count',
      breakdowns: ['region', 'month', 'stepType'],
      personBased: false,
      personLevelCategories: true,
      disclosureRule: expect.stringMatching(/^Counts of acts; the categories whose acts each concern one person are counts of people/),
    });
  });

  it('counts cases registered by region and month in the pack’s zone, exactly', async () => {
    await deliver(
      caseRegistered({ registeredAt: '2025-03-10T10:00:00Z' }),
      caseRegistered({ registeredAt: '2025-03-31T17:30:00Z' }), // 23:30 on 31 March in Bishkek: still March
      caseRegistered({ region: 'KG-C', registeredAt: '2025-03-11T10:00:00Z' }),
      caseRegistered({ registeredAt: '2025-05-01T00:00:00Z' }),
    );
    const body = await indicator('cases_registered?from=2025-03&to=2025-04');
    expect(body.indicator.code).toBe('cases_registered');
    expect(body.minCellSize).toBeUndefined();
    expect(body.rows).toEqual([
      { region: 'KG-C', period: '2025-03', value: 1, suppressed: false },
      { region: 'KG-GB', period: '2025-03', value: 2, suppressed: false },
    ]);
    expect((await indicator('cases_registered?from=2025-05')).rows).toEqual([{ region: 'KG-GB', period: '2025-05', value: 1, suppressed: false }]);
  });

  it('counts in the month and year of the pack’s zone: 23:30 on 31 January in Bishkek is January, 00:30 on 1 February is February', async () => {
    const hearing = (occurredAt: string) => stepRecorded({ occurredAt, stepType: 'court_hearing' });
    await deliver(
      hearing('2026-01-31T17:30:00Z'),
      hearing('2026-01-31T18:30:00Z'),
      hearing('2026-12-31T17:59:59Z'),
      hearing('2026-12-31T18:00:00Z'),
      caseRegistered({ registeredAt: '2026-12-31T17:30:00Z' }),
      caseRegistered({ registeredAt: '2026-12-31T18:30:00Z' }),
    );
    const cell = (period: string) => ({ region: 'KG-GB', period, category: 'court_hearing', value: 1, suppressed: false });
    expect((await indicator('steps_recorded?region=KG-GB&from=2026-01&to=2027-01')).rows).toEqual([cell('2026-01'), cell('2026-02'), cell('2026-12'), cell('2027-01')]);
    expect((await indicator('cases_registered?region=KG-GB&from=2026-12&to=2027-01')).rows).toEqual([
      { region: 'KG-GB', period: '2026-12', value: 1, suppressed: false },
      { region: 'KG-GB', period: '2027-01', value: 1, suppressed: false },
    ]);
  });

  it('shows a regional analyst their own region only', async () => {
    const regional = await services.tokenFor('analyst', { region: 'KG-C' });
    expect((await indicator('cases_registered?from=2025-03&to=2025-03', regional)).rows).toEqual([{ region: 'KG-C', period: '2025-03', value: 1, suppressed: false }]);
    expect((await indicator('cases_registered?region=KG-C&from=2025-03&to=2025-03', regional)).rows).toHaveLength(1);
    expect((await indicator('cases_registered?region=KG-GB&from=2025-03&to=2025-03')).rows).toEqual([
      { region: 'KG-GB', period: '2025-03', value: 2, suppressed: false },
    ]);
  });

  it('counts steps by region, month and step type, once per step however often it is delivered, under any event id', async () => {
    const first = stepRecorded({});
    await deliver(first);
    await deliver(first);
    await deliver({ ...first, id: randomUUID() });
    await deliver(
      stepRecorded({}),
      stepRecorded({ stepType: 'court_hearing' }),
      stepRecorded({ region: 'KG-C', occurredAt: '2025-06-01T08:00:00Z' }),
    );

    expect((await indicator('steps_recorded?from=2025-05&to=2025-06')).rows).toEqual([
      { region: 'KG-C', period: '2025-06', category: 'indictment', value: 1, suppressed: false },
      { region: 'KG-GB', period: '2025-05', category: 'court_hearing', value: 1, suppressed: false },
      { region: 'KG-GB', period: '2025-05', category: 'indictment', value: 2, suppressed: false },
    ]);
    expect((await indicator('steps_recorded?from=2025-05&to=2025-05&stepType=court_hearing')).rows).toEqual([
      { region: 'KG-GB', period: '2025-05', category: 'court_hearing', value: 1, suppressed: false },
    ]);

    const csv = await http('GET', `${base}/indicators/steps_recorded.csv?from=2025-05&to=2025-05`, { token: analyst });
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.body).toBe('region,period,category,value,suppressed\r\nKG-GB,2025-05,court_hearing,1,false\r\nKG-GB,2025-05,indictment,2,false\r\n');
  });

  it('suppresses small counts of person-level step types, those whose steps name a person, next to exact counts of case-level ones', async () => {
    const inOctober = (stepType: string, personId?: string) =>
      stepRecorded({ region: 'KG-B', occurredAt: '2025-10-10T10:00:00Z', stepType, ...(personId ? { personId } : {}) });
    const sentenced = randomUUID();
    const sentence = inOctober('sentence', sentenced);
    await deliver(
      inOctober('detention', randomUUID()),
      sentence,
      inOctober('sentence', randomUUID()),
      ...[1, 2, 3].map(() => inOctober('verdict', randomUUID())),
      inOctober('indictment'),
      // The sentence opened a probation case: a suppressed cell there, and the sentence's must not give it away.
      probationCaseOpened({ region: 'KG-B', caseId: sentence.data.caseId, sourceStepId: sentence.data.stepId, personId: sentenced, startsOn: '2025-10-10' }),
    );

    const body = await indicator('steps_recorded?region=KG-B');
    expect(body.minCellSize).toBe(3);
    expect(body.rows).toEqual([
      { region: 'KG-B', period: '2025-10', category: 'detention', value: null, suppressed: true },
      { region: 'KG-B', period: '2025-10', category: 'indictment', value: 1, suppressed: false },
      { region: 'KG-B', period: '2025-10', category: 'sentence', value: null, suppressed: true },
      { region: 'KG-B', period: '2025-10', category: 'verdict', value: 3, suppressed: false },
    ]);
    expect((await indicator('probation_cases_opened?region=KG-B')).rows).toEqual([{ region: 'KG-B', period: '2025-10', value: null, suppressed: true }]);
    const csv = await http('GET', `${base}/indicators/steps_recorded.csv?region=KG-B&stepType=detention`, { token: analyst });
    expect(csv.body).toBe('region,period,category,value,suppressed\r\nKG-B,2025-10,detention,,true\r\n');

    // A step type is person-level for good once one of its steps named a person.
    await deliver(inOctober('detention'), inOctober('detention'));
    expect((await indicator('steps_recorded?region=KG-B&stepType=detention')).rows).toEqual([
      { region: 'KG-B', period: '2025-10', category: 'detention', value: 3, suppressed: false },
    ]);
    await deliver(inOctober('appeal_filed'));
    expect((await indicator('steps_recorded?region=KG-B&stepType=appeal_filed')).rows[0]).toMatchObject({ value: 1, suppressed: false });
    await deliver(inOctober('appeal_filed', randomUUID()));
    expect((await indicator('steps_recorded?region=KG-B&stepType=appeal_filed')).rows[0]).toMatchObject({ value: null, suppressed: true });
  });

  it('suppresses the small counts of a step type whose level it has not learned (counted before it kept levels)', async () => {
    await db.query(`INSERT INTO analytics.activity_counts (indicator, region, period, category, value) VALUES ('steps_recorded', 'KG-J', '2024-01', 'legacy_type', 1)`);
    expect((await indicator('steps_recorded?region=KG-J&to=2024-01')).rows).toEqual([{ region: 'KG-J', period: '2024-01', category: 'legacy_type', value: null, suppressed: true }]);
  });

  it('counts probation cases opened, once each under any event id, suppressing cells under the minimum size', async () => {
    const once = probationCaseOpened({});
    await deliver(once, once, { ...once, id: randomUUID() });
    await deliver(...['KG-C', 'KG-C', 'KG-C'].map((region) => probationCaseOpened({ region })));
    await deliver(probationCaseOpened({ region: 'KG-O', startsOn: '2025-09-01' }));

    const body = await indicator('probation_cases_opened?from=2025-08&to=2025-08');
    expect(body.minCellSize).toBe(3);
    expect(body.indicator.personBased).toBe(true);
    expect(body.rows).toEqual([
      { region: 'KG-C', period: '2025-08', value: 3, suppressed: false },
      { region: 'KG-GB', period: '2025-08', value: null, suppressed: true },
    ]);

    const csv = await http('GET', `${base}/indicators/probation_cases_opened.csv?to=2025-08`, { token: analyst });
    expect(csv.status).toBe(200);
    expect(csv.body).toBe('region,period,value,suppressed\r\nKG-C,2025-08,3,false\r\nKG-GB,2025-08,,true\r\n');
  });

  describe('suspects by citizenship group', () => {
    const entered = (citizenshipGroup: string, time = '2025-04-10T09:00:00Z', data: Parameters<typeof personAdded>[0] = {}) =>
      personAdded({ region: 'KG-T', citizenshipGroup, ...data }, time);

    beforeAll(async () => {
      const twice = entered('national');
      await deliver(
        twice,
        twice,
        entered('national'),
        entered('national'),
        ...['cis', 'cis', 'cis', 'other_foreign', 'stateless', 'unknown'].map((group) => entered(group)),
        // A group the KG pack does not have (EE's "eu"): counted and reported as it comes.
        ...['eu', 'eu', 'eu'].map((group) => entered(group)),
        // Not suspects: not counted.
        entered('national', undefined, { role: 'witness' }),
        entered('national', undefined, { role: 'victim' }),
        // 23:30 and 00:30 in Bishkek at the turn of April.
        entered('national', '2025-04-30T17:30:00Z', { region: 'KG-Y' }),
        entered('national', '2025-04-30T18:30:00Z', { region: 'KG-Y' }),
      );
    });

    it('counts suspects entered by region, local month and citizenship group, once per event, suppressing small cells', async () => {
      const body = await indicator('suspects_entered?region=KG-T');
      expect(body.indicator).toMatchObject({ personBased: true, breakdowns: ['region', 'month', 'citizenshipGroup'] });
      expect(body.minCellSize).toBe(3);
      const row = (category: string, value: number | null, categoryName: unknown = expect.any(String)) =>
        ({ region: 'KG-T', period: '2025-04', category, categoryName, value, suppressed: value === null });
      expect(body.rows).toEqual([
        row('cis', 3),
        row('eu', 3, 'eu'),
        row('national', 3),
        row('other_foreign', null),
        row('stateless', null),
        row('unknown', null),
      ]);
      expect((await indicator('suspects_entered?region=KG-Y')).rows.map((cell: { period: string }) => cell.period)).toEqual(['2025-04', '2025-05']);
    });

    it('names the pack’s groups in the language of Accept-Language, English when the pack has not got it', async () => {
      const named = async (language: string) => {
        const response = await http('GET', `${base}/indicators/suspects_entered?region=KG-T&citizenshipGroup=national`, { token: analyst, headers: { 'accept-language': language } });
        expect(response.status).toBe(200);
        return response.body.rows.map((row: { categoryName: string }) => row.categoryName);
      };
      expect(await named('en')).toEqual(['Citizens of the Kyrgyz Republic']);
      expect(await named('ru')).toEqual(['Граждане Кыргызской Республики']);
      expect(await named('ky')).toEqual(['Кыргыз Республикасынын жарандары']);
      expect(await named('de')).toEqual(['Citizens of the Kyrgyz Republic']);
    });

    it('answers CSV with the group codes', async () => {
      const csv = await http('GET', `${base}/indicators/suspects_entered.csv?region=KG-T&citizenshipGroup=eu`, { token: analyst });
      expect(csv.body).toBe('region,period,category,value,suppressed\r\nKG-T,2025-04,eu,3,false\r\n');
    });
  });

  it('stores categories and counts only, nothing that points at a case or a person', async () => {
    const columnsOf = async (table: string) =>
      (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = $1 ORDER BY ordinal_position`, [table])).rows.map(
        (row) => row.column_name,
      );
    expect(await columnsOf('activity_counts')).toEqual(['indicator', 'region', 'period', 'category', 'value']);
    expect(await columnsOf('counted_items')).toEqual(['source_id', 'indicator', 'region', 'period', 'category']);
    expect(await columnsOf('step_type_levels')).toEqual(['step_type', 'person_level']);

    const step = stepRecorded({ stepType: 'sentence', personId: randomUUID() });
    const opened = probationCaseOpened({ caseId: step.data.caseId, sourceStepId: step.data.stepId, personId: step.data.personId });
    await deliver(step, opened);
    const { rows } = await db.query(`SELECT source_id FROM analytics.counted_items WHERE source_id = ANY($1) ORDER BY indicator`, [
      [step.data.caseId, step.data.personId, step.data.stepId, opened.data.probationCaseId],
    ]);
    expect(rows.map((row) => row.source_id)).toEqual([opened.data.probationCaseId, step.data.stepId]);
  });

  describe('corrections', () => {
    /** The rows of an indicator in one region (each test uses its own). */
    const rowsIn = async (code: string, region: string) => (await indicator(`${code}?region=${region}`)).rows;
    const cell = (region: string, period: string, category: string, value: number) => ({ region, period, category, value, suppressed: false });
    /** The StepCorrected of a correction alone, without the correction's own step. */
    const stepCorrected = (...correction: Parameters<typeof stepCorrection>) => stepCorrection(...correction)[1];

    it('takes back the count of an annulled step once, however often the correction comes, and removes a cell left at zero', async () => {
      const [kept, annulled] = [stepRecorded({ region: 'KG-N', occurredAt: '2024-03-05T10:00:00Z' }), stepRecorded({ region: 'KG-N', occurredAt: '2024-03-06T10:00:00Z' })];
      await deliver(kept, annulled);
      expect(await rowsIn('steps_recorded', 'KG-N')).toEqual([cell('KG-N', '2024-03', 'indictment', 2)]);

      const [recorded, annulment] = stepCorrection(annulled.data, { action: 'annul' });
      await deliver(recorded, annulment, annulment, { ...annulment, id: randomUUID() });
      expect(await rowsIn('steps_recorded', 'KG-N')).toEqual([cell('KG-N', '2024-03', 'correction', 1), cell('KG-N', '2024-03', 'indictment', 1)]);

      await deliver(...stepCorrection(kept.data, { action: 'annul' }));
      expect(await rowsIn('steps_recorded', 'KG-N')).toEqual([cell('KG-N', '2024-03', 'correction', 2)]);
      expect((await db.query(`SELECT * FROM analytics.activity_counts WHERE region = 'KG-N' AND category = 'indictment'`)).rows).toEqual([]);
    });

    it('moves an amended step to the month it now happened in, and leaves it where it is when the month stays', async () => {
      const step = stepRecorded({ region: 'KG-T', occurredAt: '2024-03-05T10:00:00Z' });
      await deliver(step);
      const earlier = stepCorrected(step.data, { action: 'amend', standsAs: { occurredAt: '2024-01-31T23:30:00-02:00', details: {} } });
      await deliver(earlier, earlier);
      expect(await rowsIn('steps_recorded', 'KG-T')).toEqual([cell('KG-T', '2024-02', 'indictment', 1)]);

      await deliver(stepCorrected(step.data, { action: 'amend', standsAs: { occurredAt: '2024-02-20T10:00:00Z', details: { note: 'amended again' } } }));
      expect(await rowsIn('steps_recorded', 'KG-T')).toEqual([cell('KG-T', '2024-02', 'indictment', 1)]);
    });

    it('takes nothing back for a step it never counted, or counted before it kept counted items', async () => {
      const counted = stepRecorded({ region: 'KG-Y', occurredAt: '2024-03-05T10:00:00Z' });
      await deliver(counted);
      await db.query(`DELETE FROM analytics.counted_items WHERE source_id = $1`, [counted.data.stepId]);
      const corrections = [stepCorrected(counted.data, { action: 'annul' }), stepCorrected(stepRecorded({ region: 'KG-Y' }).data, { action: 'amend', standsAs: { occurredAt: '2024-05-01T00:00:00Z', details: {} } })];
      await deliver(...corrections);

      expect(await rowsIn('steps_recorded', 'KG-Y')).toEqual([cell('KG-Y', '2024-03', 'indictment', 1)]);
      const { rows } = await db.query(`SELECT outcome FROM analytics.inbox WHERE event_id = ANY($1)`, [corrections.map((event) => event.id)]);
      expect(rows).toEqual([{ outcome: 'processed' }, { outcome: 'processed' }]);
    });

    it('takes back annulled probation cases and moves amended ones, once each, still suppressing small cells', async () => {
      const opened = Array.from({ length: 6 }, () => probationCaseOpened({ region: 'KG-GO', startsOn: '2024-06-10' }));
      await deliver(...opened);
      const annulment = probationCaseAnnulled(opened[0].data);
      const amendment = probationCaseAmended(opened[1].data, { startsOn: '2024-07-01', endsOn: '2025-07-01' });
      await deliver(annulment, annulment, amendment, amendment, probationCaseAmended(opened[2].data, { startsOn: '2024-06-30', endsOn: '2025-06-30' }));

      expect(await rowsIn('probation_cases_opened', 'KG-GO')).toEqual([
        { region: 'KG-GO', period: '2024-06', value: 4, suppressed: false },
        { region: 'KG-GO', period: '2024-07', value: null, suppressed: true },
      ]);
      expect((await db.query(`SELECT value FROM analytics.activity_counts WHERE region = 'KG-GO' AND period = '2024-07'`)).rows).toEqual([{ value: 1 }]);
    });

    it('never lets a cell go below zero nor drop one that still has counted items: the database refuses both', async () => {
      await deliver(stepRecorded({ region: 'KG-J', occurredAt: '2024-03-05T10:00:00Z' }));
      const cell = `region = 'KG-J' AND period = '2024-03' AND indicator = 'steps_recorded'`;
      await expect(db.query(`UPDATE analytics.activity_counts SET value = value - 2 WHERE ${cell}`)).rejects.toThrow(/activity_counts_value_check/);
      await expect(db.query(`DELETE FROM analytics.activity_counts WHERE ${cell}`)).rejects.toThrow(/counted_items/);
    });

    it('dead-letters an amendment that does not say what the step stands as, and goes on counting', async () => {
      const step = stepRecorded({ region: 'KG-J', occurredAt: '2023-07-05T10:00:00Z' });
      await deliver(step);
      const poison = stepCorrected(step.data, { action: 'amend' });
      await deliver(poison);
      const { rows } = await db.query(`SELECT headers FROM analytics.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('analytics'), step.data.caseId]);
      expect(rows.map((row) => row.headers['x-dead-letter-reason'])).toEqual([expect.stringMatching(/standsAs/)]);

      await deliver(stepCorrected(step.data, { action: 'annul' }));
      expect((await indicator('steps_recorded?region=KG-J&from=2023-07&to=2023-07')).rows).toEqual([]);
    });
  });

  it.each([
    ['data that breaks the event schema', () => JSON.stringify(cloudEvent(CaseRegistered, randomUUID(), { caseId: randomUUID(), registeredAt: 'soon' } as never)), /region|registeredAt/],
    ['an envelope that is not a CloudEvent', () => JSON.stringify({ type: CaseRegistered.type, data: {} }), /specversion/],
  ])('dead-letters %s with the reason, and goes on counting', async (_, poison, reason) => {
    const key = randomUUID();
    await deliverRaw(eventTopic('case-registry'), poison(), key);
    const { rows } = await db.query(`SELECT headers FROM analytics.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('analytics'), key]);
    expect(rows).toHaveLength(1);
    expect(rows[0].headers['x-dead-letter-reason']).toMatch(reason);

    const before = (await indicator('cases_registered?region=KG-O')).rows[0]?.value ?? 0;
    await deliver(caseRegistered({ region: 'KG-O', registeredAt: '2025-09-01T10:00:00Z' }));
    expect((await indicator('cases_registered?region=KG-O')).rows).toEqual([{ region: 'KG-O', period: '2025-09', value: before + 1, suppressed: false }]);
  });

  it('describes the JSON and the CSV form of an indicator in its OpenAPI document', async () => {
    const document = (await http('GET', `${services.urls.analytics}/docs-json`)).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/indicators', '/api/v1/indicators/{code}', '/api/v1/indicators/{code}.csv']));
    expect(Object.keys(document.paths['/api/v1/indicators/{code}.csv'].get.responses['200'].content)).toEqual(['text/csv']);
  });

  it.each([
    ['no token', 401, () => ({ path: '/indicators' })],
    ['an expired token', 401, async () => ({ path: '/indicators', token: await services.tokenFor('analyst', { ttlSeconds: -120 }) })],
    ['a wrong role', 403, async () => ({ path: '/indicators/cases_registered', token: await services.tokenFor('prosecutor', { region: 'KG-GB' }) })],
    ['another region', 403, async () => ({ path: '/indicators/cases_registered?region=KG-GB', token: await services.tokenFor('analyst', { region: 'KG-C' }) })],
    ['another region as CSV', 403, async () => ({ path: '/indicators/cases_registered.csv?region=KG-GB', token: await services.tokenFor('analyst', { region: 'KG-C' }) })],
    ['an unknown query parameter', 400, () => ({ path: '/indicators/cases_registered?offence=209-1', token: analyst, field: 'offence' })],
    ['a month that does not exist', 400, () => ({ path: '/indicators/cases_registered?from=2025-13', token: analyst, field: 'from' })],
    ['a month that is not YYYY-MM', 400, () => ({ path: '/indicators/cases_registered?to=March', token: analyst, field: 'to' })],
    ['to before from', 400, () => ({ path: '/indicators/cases_registered?from=2025-05&to=2025-04', token: analyst, field: 'to' })],
    ['a step type on an indicator without one', 400, () => ({ path: '/indicators/cases_registered?stepType=sentence', token: analyst, field: 'stepType' })],
    ['a citizenship group on an indicator without one', 400, () => ({ path: '/indicators/steps_recorded?citizenshipGroup=national', token: analyst, field: 'citizenshipGroup' })],
    ['a malformed region', 400, () => ({ path: '/indicators/cases_registered?region=KG%20GB', token: analyst, field: 'region' })],
    ['a region the pack does not have', 400, () => ({ path: '/indicators/cases_registered?region=EE-37', token: analyst, field: 'region' })],
    ['an unknown indicator', 404, () => ({ path: '/indicators/clearance_rate', token: analyst })],
    ['an unknown indicator as CSV', 404, () => ({ path: '/indicators/clearance_rate.csv', token: analyst })],
  ])('answers %s with %i problem+json', async (_, status, request) => {
    const { path, token, field } = (await request()) as { path: string; token?: string; field?: string };
    const response = await http('GET', `${base}${path}`, { token });
    expect(response.status).toBe(status);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:icjims:problem:/), detail: expect.any(String) });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
