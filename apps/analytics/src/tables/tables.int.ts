import { CloudEvent } from '@icjims/contracts';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistered, personAdded, stepRecorded } from '../analytics.fixtures';
import { analyticsService } from '../analytics.service';
import { StatisticalTable, TOTAL } from './statistical-table';

/** GET /indicators/{code}/table over HTTP, from events to the published cells. Each test counts in a year of its own. */
describe('indicator tables', () => {
  let services: RunningServices;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    services = await startServices([analyticsService]);
    base = `${services.urls.analytics}/api/v1`;
    analyst = await services.tokenFor('analyst');
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  const table = async (path: string, token = analyst, headers: Record<string, string> = {}): Promise<StatisticalTable> => {
    const response = await http<StatisticalTable>('GET', `${base}/indicators/${path}`, { token, headers });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** The cells as `key → value`, withheld ones as their reason. */
  const cellsOf = (published: StatisticalTable) =>
    Object.fromEntries(published.cells.map((cell) => [cell.key.join('|'), cell.value ?? cell.suppression]));

  it('counts by month and region, dense, with the national total; months with nothing are zeros', async () => {
    await deliver(
      caseRegistered({ registeredAt: '2021-01-10T10:00:00Z' }),
      caseRegistered({ registeredAt: '2021-01-31T17:30:00Z' }), // 23:30 on 31 January in Bishkek: January
      caseRegistered({ region: 'KG-C', registeredAt: '2021-03-11T10:00:00Z' }),
    );
    const published = await table('cases_registered/table?from=2021-01&to=2021-03&by=region');
    expect(published.indicator).toEqual({ code: 'cases_registered', version: 1, title: 'Cases registered', unit: 'cases', measure: 'count', personBased: false });
    expect(published.dimensions.map((dimension) => dimension.code)).toEqual(['period', 'region']);
    expect(published.dimensions[0].categories.map((category) => category.code)).toEqual(['2021-01', '2021-02', '2021-03']);
    const regions = published.dimensions[1].categories;
    expect(regions.at(-1)).toEqual({ code: TOTAL, label: 'Total' });
    expect(regions.length).toBeGreaterThan(9); // every region of the pack, counted or not
    const cells = cellsOf(published);
    expect(published.cells).toHaveLength(3 * regions.length);
    expect([cells['2021-01|KG-GB'], cells['2021-01|KG-C'], cells[`2021-01|${TOTAL}`]]).toEqual([2, 0, 2]);
    expect([cells['2021-02|KG-GB'], cells[`2021-02|${TOTAL}`]]).toEqual([0, 0]);
    expect([cells['2021-03|KG-C'], cells[`2021-03|${TOTAL}`]]).toEqual([1, 1]);
  });

  it('sums months into quarters and years', async () => {
    await deliver(caseRegistered({ registeredAt: '2022-02-10T10:00:00Z' }), caseRegistered({ registeredAt: '2022-03-10T10:00:00Z' }), caseRegistered({ registeredAt: '2022-04-10T10:00:00Z' }));
    expect(cellsOf(await table('cases_registered/table?period=quarter&from=2022-Q1&to=2022-Q2'))).toEqual({ '2022-Q1': 2, '2022-Q2': 1 });
    expect(cellsOf(await table('cases_registered/table?period=year&from=2022&to=2022'))).toEqual({ '2022': 3 });
  });

  it('withholds small counts of people, and a second cell so that the total does not give the first away', async () => {
    const time = '2023-05-10T09:00:00Z';
    await deliver(
      ...Array.from({ length: 5 }, () => personAdded({ role: 'suspect', citizenshipGroup: 'national' }, time)),
      ...Array.from({ length: 4 }, () => personAdded({ role: 'suspect', citizenshipGroup: 'cis' }, time)),
      personAdded({ role: 'suspect', citizenshipGroup: 'stateless' }, time),
    );
    const published = await table('suspects_entered/table?from=2023-05&to=2023-05&by=citizenshipGroup');
    const cells = cellsOf(published);
    expect(cells['2023-05|stateless']).toBe('primary');
    // With the total published, one more cell of the row is withheld.
    expect(Object.values(cells).filter((value) => value === 'secondary')).toHaveLength(1);
    expect(published.cells.every((cell) => (cell.value === null) === (cell.suppression !== undefined))).toBe(true);
    expect(published.disclosure).toEqual({ minCellSize: 3, minDenominator: 20, exact: false });
  });

  it('shows a regional caller their own region, without a total', async () => {
    await deliver(caseRegistered({ registeredAt: '2024-06-10T10:00:00Z' }), caseRegistered({ region: 'KG-C', registeredAt: '2024-06-10T10:00:00Z' }));
    const regional = await services.tokenFor('analyst', { region: 'KG-C' });
    const published = await table('cases_registered/table?from=2024-06&to=2024-06&by=region', regional);
    expect(published.dimensions[1].categories.map((category) => category.code)).toEqual(['KG-C']);
    expect(cellsOf(published)).toEqual({ '2024-06|KG-C': 1 });
    const other = await http('GET', `${base}/indicators/cases_registered/table?region=KG-GB`, { token: regional });
    expect(other.status).toBe(403);
  });

  it('labels categories in the request’s language; codes do not change', async () => {
    await deliver(stepRecorded({ occurredAt: '2020-02-01T10:00:00Z', stepType: 'investigation_started' }));
    const published = await table('cases_registered/table?from=2020-02&to=2020-02&by=region', analyst, { 'Accept-Language': 'ru' });
    expect(published.language).toBe('ru');
    expect(published.dimensions[1].categories.find((category) => category.code === 'KG-GB')?.label).toMatch(/Бишкек/);
    // The system's own labels too: dimensions, totals, sexes, age bands.
    expect(published.dimensions.map((dimension) => dimension.label)).toEqual(['Период', 'Регион']);
    expect(published.dimensions[1].categories.at(-1)).toEqual({ code: '_T', label: 'Итого' });
    const people = await table('persons_suspected/table?from=2020-02&to=2020-02&by=sex,ageBand', analyst, { 'Accept-Language': 'ky' });
    expect(people.dimensions.map((dimension) => dimension.label)).toEqual(['Мезгил', 'Жынысы', 'Курак тобу']);
    expect(people.dimensions[1].categories.map((category) => category.label)).toEqual(['Аял', 'Эркек', 'Белгисиз', 'Бардыгы']);
    expect(people.dimensions[2].categories.find((category) => category.code === '65_plus')?.label).toBe('65 жана андан улуу');
  });

  it('answers in the format the path or Accept asks for: CSV, JSON-stat 2.0, SDMX-CSV 2.0; 406 when none fits', async () => {
    await deliver(caseRegistered({ registeredAt: '2019-04-10T10:00:00Z' }));
    const get = (path: string, headers: Record<string, string> = {}) => http('GET', `${base}/indicators/cases_registered/${path}`, { token: analyst, headers });
    const csv = await get('table.csv?from=2019-04&to=2019-04');
    expect([csv.status, csv.headers.get('content-type'), csv.body]).toEqual([200, 'text/csv; charset=utf-8', 'period,value,status\r\n2019-04,1,\r\n']);
    const jsonStat = await get('table?from=2019-04&to=2019-04', { Accept: 'application/json-stat+json' });
    expect(jsonStat.headers.get('content-type')).toMatch(/^application\/json-stat\+json/);
    expect(jsonStat.headers.get('vary')).toMatch(/Accept/);
    expect(jsonStat.body).toMatchObject({ version: '2.0', class: 'dataset', id: ['period'], size: [1], value: [1] });
    const sdmx = await get('table.sdmx.csv?from=2019-04&to=2019-04');
    expect(sdmx.headers.get('content-type')).toMatch(/^application\/vnd\.sdmx\.data\+csv;.*version=2\.0\.0/);
    expect(String(sdmx.body).split('\r\n')[1]).toMatch(/^dataflow,ICJIMS:CASES_REGISTERED\(1\.0\.0\),I,2019-04,1,A,F$/);
    const refused = await get('table?from=2019-04&to=2019-04', { Accept: 'image/png' });
    expect([refused.status, refused.headers.get('content-type')]).toEqual([406, expect.stringMatching(/^application\/problem\+json/)]);
    expect((await get('tables')).status).toBe(404);
  });

  it.each([
    ['an unknown indicator', 'no_such/table', 404, undefined],
    ['a breakdown the indicator does not have', 'cases_registered/table?by=citizenshipGroup', 400, 'by'],
    ['an unknown breakdown', 'cases_registered/table?by=shoeSize', 400, 'by'],
    ['a breakdown twice', 'suspects_entered/table?by=region,region', 400, 'by'],
    ['a period of another granularity', 'cases_registered/table?period=quarter&from=2026-01', 400, 'from'],
    ['a backwards range', 'cases_registered/table?from=2026-05&to=2026-01', 400, 'to'],
    ['a range too long', 'cases_registered/table?from=2000-01&to=2026-01', 400, 'from'],
    ['an unknown granularity', 'cases_registered/table?period=week', 400, 'period'],
    ['a range of days of a running count', 'cases_registered/table?period=range&from=2026-01-01&to=2026-01-31', 400, 'period'],
    ['a range without its first day', 'pretrial_incoming/table?period=range&to=2026-01-31', 400, 'from'],
    ['a range ending on no date', 'pretrial_incoming/table?period=range&from=2026-01-01&to=2026-02-30', 400, 'to'],
    ['a range given in months', 'pretrial_incoming/table?period=range&from=2026-01&to=2026-02', 400, 'from'],
    ['a backwards range of days', 'pretrial_incoming/table?period=range&from=2026-03-01&to=2026-02-28', 400, 'to'],
    ['a range of days too long', 'pretrial_incoming/table?period=range&from=2000-01-01&to=2026-01-01', 400, 'to'],
    ['a date where a month is due', 'pretrial_incoming/table?from=2026-01-01', 400, 'from'],
    ['a region outside the pack', 'cases_registered/table?region=EE-37', 400, 'region'],
  ])('answers %s with %i problem+json naming the field', async (_case, path, status, field) => {
    const response = await http('GET', `${base}/indicators/${path}`, { token: analyst });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
