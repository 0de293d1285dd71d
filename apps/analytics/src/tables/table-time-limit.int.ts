import { http } from '@icjims/testing';
import { useAnalytics } from '../analytics.fixtures';
import { TABLE_TIME_LIMIT_VARIABLE } from './table-time-limit';

/** A table the database cannot compute within the time limit is a prompt 503, and the service goes on. */
describe('the time limit of a table', () => {
  const suite = useAnalytics({ [TABLE_TIME_LIMIT_VARIABLE]: '300' });

  it('answers 503 problem+json naming the limit when the database gives up, and keeps serving', async () => {
    // Another session holds the counts and facts the table reads, so the table's query cannot finish however
    // fast the machine is: only the time limit can end it, while the lock is still held.
    await suite.services.db.query('BEGIN');
    await suite.services.db.query('LOCK TABLE analytics.people_counts, analytics.people_case_entries, analytics.fact_steps, analytics.fact_case_persons IN ACCESS EXCLUSIVE MODE');
    const path = 'persons_accused/table?from=2015-01&to=2024-12&by=sex,ageBand,citizenshipGroup,disability';
    let refused;
    try {
      refused = await http<{ status: number; type: string; detail: string }>('GET', `${suite.base}/indicators/${path}`, { token: suite.national });
    } finally {
      await suite.services.db.query('ROLLBACK');
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toBe('The table took longer than 300 ms to compute: ask for fewer periods or breakdowns, or try again later');
    // The same connection pool serves the next request: the cancelled transaction was rolled back.
    expect((await http('GET', `${suite.base}/indicators`, { token: suite.national })).status).toBe(200);
    expect((await http('GET', `${suite.services.urls.analytics}/health`)).status).toBe(200);
  });
});
