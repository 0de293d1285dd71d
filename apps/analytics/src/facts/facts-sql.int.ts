import { DataSource } from 'typeorm';
import { RunningServices } from '@icjims/testing';
import { startAnalytics } from '../analytics.fixtures';
import { commonParameters, periodOfSql } from './facts-sql';

/** A row's period found by bisecting the periods' starts, in the database, against what a range join would give. */
describe('periodOfSql', () => {
  let services: RunningServices;
  beforeAll(async () => {
    services = await startAnalytics();
  });
  afterAll(async () => {
    await services?.stop();
  });

  it('finds the period an instant falls in, start included and end excluded, and none before, after or between periods', async () => {
    const at = (iso: string) => new Date(iso);
    // Two periods with a month between them, given in descending order (commonParameters sorts them).
    const periods = [
      { code: 'march', starts: at('2024-03-01T00:00:00Z'), ends: at('2024-04-01T00:00:00Z') },
      { code: 'january', starts: at('2024-01-01T00:00:00Z'), ends: at('2024-02-01T00:00:00Z') },
    ];
    const instants = {
      '2023-12-31T23:59:59Z': null,
      '2024-01-01T00:00:00Z': 'january',
      '2024-01-31T23:59:59Z': 'january',
      '2024-02-01T00:00:00Z': null,
      '2024-02-15T00:00:00Z': null,
      '2024-03-01T00:00:00Z': 'march',
      '2024-03-31T23:59:59.999Z': 'march',
      '2024-04-01T00:00:00Z': null,
      '2030-01-01T00:00:00Z': null,
    };
    const rows: { period: string | null }[] = await services.apps[0].get(DataSource).query(
      `SELECT ${periodOfSql('x.at')} AS period FROM unnest($6::timestamptz[]) WITH ORDINALITY AS x(at, i)
       WHERE $1::timestamptz IS NULL AND $5::text IS NULL ORDER BY x.i`,
      [...commonParameters({ periods }), Object.keys(instants)],
    );
    expect(rows.map((row) => row.period)).toEqual(Object.values(instants));
  });
});
