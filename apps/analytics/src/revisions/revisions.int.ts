import { randomUUID } from 'node:crypto';
import { http } from '@icjims/testing';
import { caseRegistered, personAdded, stepCorrected, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';
import { TOTAL } from '../tables/statistical-table';
import type { Revisions } from './revisions';

/** GET /indicators/{code}/revisions: what changed in a published table since a date, as published. */
describe('revisions of an indicator table', () => {
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });
  const { deliver } = suite;
  let regional: string;
  beforeAll(async () => {
    regional = await suite.services.tokenFor('analyst', { region: 'KG-N' });
  });

  const get = (path: string, token = suite.national) => http<Revisions & { detail?: string; errors?: { field: string }[] }>('GET', `${suite.base}/indicators/${path}`, { token });

  it('lists the cells a later registration and corrections changed, with the change', async () => {
    const registered = (day: string, time: string) => caseRegistered({ region: 'KG-N', registeredAt: `2017-03-${day}T04:00:00Z`, receivedAt: `2017-03-${day}T03:00:00Z` }, time);
    const [a, b, late] = [registered('02', '2017-03-02T04:00:00Z'), registered('03', '2017-03-03T04:00:00Z'), registered('04', '2017-04-20T04:00:00Z')];
    const indictment = (registration: typeof a, on: string) =>
      stepRecorded({ caseId: registration.data.caseId, region: 'KG-N', stepType: 'indictment', occurredAt: `${on}T04:00:00Z`, recordedAt: `${on}T04:05:00Z` });
    const [annulled, moved] = [indictment(a, '2017-03-20'), indictment(b, '2017-03-21')];
    await deliver(a, b, late, annulled, moved);
    await deliver(stepCorrected(annulled.data, '2017-05-02T04:00:00Z'), stepCorrected(moved.data, '2017-05-03T04:00:00Z', { occurredAt: '2017-04-10T04:00:00Z' }));

    const query = 'from=2017-03&to=2017-04&region=KG-N';
    // As published on 1 April: two cases registered, both indicted in March.
    const incoming = await get(`pretrial_incoming/revisions?${query}&asOf=2017-04-01T00:00:00Z`);
    expect(incoming.status).toBe(200);
    expect(incoming.body.asOf).toBe('2017-04-01T00:00:00.000Z');
    expect(incoming.body.revisions).toEqual([{ key: ['2017-03'], asOf: { value: 2 }, current: { value: 3 }, change: 1 }]);
    expect(incoming.body.unchanged).toBe(1);

    const resolved = await get(`pretrial_resolved/revisions?${query}&asOf=2017-04-01T00:00:00Z`);
    expect(resolved.body.revisions).toEqual([
      { key: ['2017-03'], asOf: { value: 2 }, current: { value: 0 }, change: -2 },
      { key: ['2017-04'], asOf: { value: 0 }, current: { value: 1 }, change: 1 },
    ]);
    // Nothing changed after the last correction.
    expect((await get(`pretrial_resolved/revisions?${query}&asOf=2017-06-01T00:00:00Z`)).body.revisions).toEqual([]);
  });

  it('never gives the difference of a figure withheld on either side', async () => {
    const registration = caseRegistered({ region: 'KG-N', registeredAt: '2018-05-02T04:00:00Z', receivedAt: '2018-05-02T03:00:00Z' }, '2018-05-02T04:00:00Z');
    const caseId = registration.data.caseId;
    const people = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await deliver(registration, ...people.map((personId) => personAdded({ caseId, region: 'KG-N', personId, sex: 'female' }, '2018-05-02T05:00:00Z')));
    const detained = (personId: string, on: string) =>
      stepRecorded({ caseId, region: 'KG-N', personId, stepType: 'detention', occurredAt: `2018-05-${on}T04:00:00Z`, recordedAt: `2018-05-${on}T04:05:00Z` });
    await deliver(detained(people[0], '03'), detained(people[1], '04'), detained(people[2], '20'), detained(people[3], '21'));

    // As of 10 May two women had been detained: a small cell for a regional analyst, four now.
    const revisions = await get(`persons_detained/revisions?from=2018-05&to=2018-05&by=sex&asOf=2018-05-10T00:00:00Z`, regional);
    expect(revisions.status).toBe(200);
    expect(revisions.body.disclosure.exact).toBe(false);
    const female = revisions.body.revisions.find((revision) => revision.key[1] === 'female');
    expect(female).toEqual({ key: ['2018-05', 'female'], asOf: { value: null, suppression: 'primary' }, current: { value: 4 }, change: null });
    const total = revisions.body.revisions.find((revision) => revision.key[1] === TOTAL);
    expect(total?.asOf?.value ?? null).toBeNull();
    expect(total?.change).toBeNull();
  });

  it('needs asOf, and refuses indicators kept as running counts', async () => {
    const missing = await get('pretrial_incoming/revisions?from=2017-03&to=2017-04');
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.map((error) => error.field)).toEqual(['asOf']);
    const counted = await get('cases_registered/revisions?asOf=2017-04-01T00:00:00Z');
    expect(counted.status).toBe(400);
    expect(counted.body.errors?.map((error) => error.field)).toEqual(['asOf']);
    expect((await get('no_such_indicator/revisions?asOf=2017-04-01T00:00:00Z')).status).toBe(404);
    expect((await get(`pretrial_incoming/revisions?asOf=2017-04-01T00:00:00Z&region=KG-C`, regional)).status).toBe(403);
  });
});
