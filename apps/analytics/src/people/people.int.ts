import { randomUUID } from 'node:crypto';
import { CloudEvent, PersonMerged } from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, startAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { StatisticalTable, TOTAL } from '../tables/statistical-table';

/** Persons suspected, convicted and registered as victims, by their categories, from events to tables. */
describe('people indicators', () => {
  let services: RunningServices;
  let base: string;
  let national: string;
  let regional: string;

  beforeAll(async () => {
    // National analysts see exact figures here, to check them.
    services = await startAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
    base = `${services.urls.analytics}/api/v1`;
    national = await services.tokenFor('analyst');
    regional = await services.tokenFor('analyst', { region: 'KG-O' });
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const table = async (path: string, token = national): Promise<StatisticalTable> => {
    const response = await http<StatisticalTable>('GET', `${base}/indicators/${path}`, { token });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const cellsOf = (published: StatisticalTable) => Object.fromEntries(published.cells.map((cell) => [cell.key.join('|'), cell.value ?? cell.suppression]));

  it('counts each person once per case at the first step that makes them a suspect, by sex, with unknown a category', async () => {
    const [first, second] = [caseRegistered({ region: 'KG-O' }), caseRegistered({ region: 'KG-O' })];
    const [a, b, nobody] = [randomUUID(), randomUUID(), randomUUID()];
    const step = (caseId: string, personId: string, stepType: string, on: string, details = {}) =>
      stepRecorded({ caseId, region: 'KG-O', personId, stepType, occurredAt: `${on}T06:00:00Z`, recordedAt: `${on}T06:05:00Z`, details });
    await deliver(
      first,
      second,
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: a, sex: 'female', ageBand: '18_24' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: b, sex: 'male', ageBand: '25_34', citizenshipGroup: 'cis' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: second.data.caseId, region: 'KG-O', personId: a, sex: 'female', ageBand: '18_24' }, '2010-03-01T06:00:00Z'),
      personAdded({ caseId: first.data.caseId, region: 'KG-O', personId: randomUUID(), role: 'victim', sex: 'female', ageBand: 'under_14', juvenile: true }, '2010-03-02T06:00:00Z'),
    );
    await deliver(
      step(first.data.caseId, a, 'suspicion_notified', '2010-03-05'),
      step(first.data.caseId, b, 'detention', '2010-03-06'),
      step(first.data.caseId, b, 'suspicion_notified', '2010-03-07'),
      step(second.data.caseId, a, 'suspicion_notified', '2010-03-10'),
      // A person case-registry never announced: unknown in every category, never dropped.
      step(second.data.caseId, nobody, 'detention', '2010-04-02'),
      step(first.data.caseId, a, 'verdict', '2010-05-01', { outcome: 'conviction' }),
      step(first.data.caseId, b, 'verdict', '2010-05-01', { outcome: 'acquittal' }),
      step(first.data.caseId, a, 'sentence', '2010-05-02', { sentenceType: 'probation', termMonths: 12 }),
      step(second.data.caseId, a, 'sentence', '2010-05-03', { sentenceType: 'imprisonment', termMonths: 24 }),
      // A later sentence on appeal does not count the person again, nor change what their first was.
      step(second.data.caseId, a, 'sentence', '2010-05-20', { sentenceType: 'fine' }),
    );
    const range = 'from=2010-03&to=2010-05&region=KG-O';
    const suspected = cellsOf(await table(`persons_suspected/table?${range}&by=sex`));
    expect([suspected['2010-03|female'], suspected['2010-03|male'], suspected['2010-03|unknown'], suspected[`2010-03|${TOTAL}`]]).toEqual([2, 1, 0, 3]);
    expect([suspected['2010-04|unknown'], suspected[`2010-04|${TOTAL}`]]).toEqual([1, 1]);
    expect(cellsOf(await table(`persons_convicted/table?${range}`))).toEqual({ '2010-03': 0, '2010-04': 0, '2010-05': 1 });
    expect(cellsOf(await table(`persons_detained/table?${range}`))).toEqual({ '2010-03': 1, '2010-04': 1, '2010-05': 0 });
    // Of the two judged in May, A was convicted and B acquitted.
    expect(cellsOf(await table(`conviction_share/table?${range}`))['2010-05']).toBe(50);
    expect(cellsOf(await table(`persons_sentenced/table?${range}`))).toEqual({ '2010-03': 0, '2010-04': 0, '2010-05': 2 });
    // One of the two sentenced in May got a non-custodial sentence first: 50 %; months without a sentence have no share.
    expect(cellsOf(await table(`non_custodial_sentence_share/table?${range}`))).toEqual({ '2010-03': 'small-denominator', '2010-04': 'small-denominator', '2010-05': 50 });
    // Protected (a regional analyst): two persons are fewer than the minimum denominator.
    expect(cellsOf(await table(`non_custodial_sentence_share/table?${range}`, regional))['2010-05']).toBe('small-denominator');
    const victims = cellsOf(await table(`victims_registered/table?${range}&by=juvenile`));
    expect([victims['2010-03|yes'], victims['2010-03|no']]).toEqual([1, 0]);

    // The same figures for a regional analyst: counts of people under disclosure control.
    const protectedCells = cellsOf(await table(`persons_suspected/table?${range}&by=sex`, regional));
    expect([protectedCells['2010-03|female'], protectedCells['2010-03|male'], protectedCells['2010-03|unknown']]).toEqual(['primary', 'primary', 0]);
    expect(protectedCells[`2010-03|${TOTAL}`]).toBe(3);
  });

  it('counts a record merged into another as the surviving person — from when the merge was known', async () => {
    const registered = caseRegistered({ region: 'KG-O' }, '2009-01-30T00:00:00Z');
    const caseId = registered.data.caseId;
    const [merged, surviving] = [randomUUID(), randomUUID()];
    await deliver(
      registered,
      personAdded({ caseId, region: 'KG-O', personId: merged, sex: 'male' }, '2009-02-01T06:00:00Z'),
      stepRecorded({ caseId, region: 'KG-O', personId: merged, stepType: 'detention', occurredAt: '2009-02-02T06:00:00Z', recordedAt: '2009-02-02T06:05:00Z' }),
      stepRecorded({ caseId, region: 'KG-O', personId: surviving, stepType: 'suspicion_notified', occurredAt: '2009-02-03T06:00:00Z', recordedAt: '2009-02-03T06:05:00Z' }),
      cloudEvent(PersonMerged, caseId, { caseId, region: 'KG-O', mergedPersonId: merged, survivingPersonId: surviving }, { time: '2009-02-04T00:00:00Z' }),
    );
    const range = 'from=2009-02&to=2009-02&region=KG-O';
    expect(cellsOf(await table(`persons_suspected/table?${range}`))).toEqual({ '2009-02': 1 });
    // Before the merge was known, they were two records: two persons.
    expect(cellsOf(await table(`persons_suspected/table?${range}&asOf=2009-02-03T12:00:00Z`))).toEqual({ '2009-02': 2 });
  });
});
