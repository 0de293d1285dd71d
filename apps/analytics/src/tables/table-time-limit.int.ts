import { http } from '@icjims/testing';
import { useAnalytics } from '../analytics.fixtures';
import { TABLE_TIME_LIMIT_VARIABLE } from './table-time-limit';

/** A table the database cannot compute within the time limit is a prompt 503, and the service goes on. */
describe('the time limit of a table', () => {
  // One millisecond: no table of ten years by four breakdowns is computed that fast.
  const suite = useAnalytics({ [TABLE_TIME_LIMIT_VARIABLE]: '1' });

  it('answers 503 problem+json naming the limit when the database gives up, and keeps serving', async () => {
    const path = 'persons_accused/table?from=2015-01&to=2024-12&by=sex,ageBand,citizenshipGroup,disability';
    const refused = await http<{ status: number; type: string; detail: string }>('GET', `${suite.base}/indicators/${path}`, { token: suite.national });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toBe('The table took longer than 1 ms to compute: ask for fewer periods or breakdowns, or try again later');
    // The same connection pool serves the next request: the cancelled transaction was rolled back.
    expect((await http('GET', `${suite.base}/indicators`, { token: suite.national })).status).toBe(200);
    expect((await http('GET', `${suite.services.urls.analytics}/health`)).status).toBe(200);
  });
});
