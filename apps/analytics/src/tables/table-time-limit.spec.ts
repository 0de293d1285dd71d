import { QueryFailedError } from 'typeorm';
import { ConfigError } from '@icjims/platform';
import { DEFAULT_TABLE_TIME_LIMIT_MS, isStatementTimeout, readTableTimeLimit, TABLE_TIME_LIMIT_VARIABLE } from './table-time-limit';

describe('the time limit of a table', () => {
  it('is 30 s unless configured, in whole milliseconds from 1 to 600000', () => {
    expect(readTableTimeLimit({})).toBe(DEFAULT_TABLE_TIME_LIMIT_MS);
    expect(readTableTimeLimit({ [TABLE_TIME_LIMIT_VARIABLE]: '2500' })).toBe(2500);
    for (const bad of ['0', '-1', '1.5', '600001', '30s', ' 5']) {
      expect(() => readTableTimeLimit({ [TABLE_TIME_LIMIT_VARIABLE]: bad })).toThrow(ConfigError);
    }
  });

  it('knows PostgreSQL’s cancellation by statement_timeout from other failures', () => {
    const failure = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('canceled'), { code }));
    expect(isStatementTimeout(failure('57014'))).toBe(true);
    expect(isStatementTimeout(failure('42P01'))).toBe(false);
    expect(isStatementTimeout(new Error('57014'))).toBe(false);
  });
});
