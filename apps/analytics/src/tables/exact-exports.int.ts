import { randomUUID } from 'node:crypto';
import { http } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded, useAnalytics } from '../analytics.fixtures';
import { EXACT_FOR_NATIONAL_VARIABLE } from '../disclosure/disclosure-policy';

/** Exact figures are for viewing: a table exported as a file is protected, even for the national analyst who sees them exact. */
describe('exact figures and exports', () => {
  const suite = useAnalytics({ [EXACT_FOR_NATIONAL_VARIABLE]: 'true' });

  beforeAll(async () => {
    const registration = caseRegistered({ region: 'KG-B', registeredAt: '2019-07-01T04:00:00Z', receivedAt: '2019-07-01T03:00:00Z' }, '2019-07-01T04:00:00Z');
    const caseId = registration.data.caseId;
    const people = [randomUUID(), randomUUID()];
    await suite.deliver(
      registration,
      ...people.map((personId) => personAdded({ caseId, region: 'KG-B', personId, sex: 'male' }, '2019-07-01T05:00:00Z')),
      ...people.map((personId, i) => stepRecorded({ caseId, region: 'KG-B', personId, stepType: 'detention', occurredAt: `2019-07-0${i + 2}T04:00:00Z`, recordedAt: `2019-07-0${i + 2}T04:05:00Z` })),
    );
  });

  const get = (path: string) => http('GET', `${suite.base}/indicators/persons_detained/${path}`, { token: suite.national });
  const query = 'from=2019-07&to=2019-07&region=KG-B';

  it('shows the national analyst the exact small count in JSON', async () => {
    const table = await get(`table?${query}`);
    expect([table.body.disclosure.exact, table.body.cells[0].value]).toEqual([true, 2]);
  });

  it.each([
    ['CSV', 'table.csv', (body: string) => expect(body).toBe('period,value,status\r\n2019-07,,primary\r\n')],
    ['SDMX-CSV', 'table.sdmx.csv', (body: string) => expect(body.split('\r\n')[1]).toMatch(/,2019-07,,Q,A$/)],
    ['JSON-stat', 'table.jsonstat', (body: { value: (number | null)[] }) => expect(body.value).toEqual([null])],
  ])('withholds it in the %s file', async (_format, path, check) => {
    const response = await get(`${path}?${query}`);
    expect(response.status).toBe(200);
    check(response.body as never);
  });
});
