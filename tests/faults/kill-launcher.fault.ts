import { Installation } from './support/installation';
import { killLauncherDuringLoad } from './support/kill-during-load';

/** issue 11: kill -9 of the embedded launcher during a load of 10,000 steps (500 cases walked to a probation sentence, 16 at a time), killed at 4,000. */
describe('kill -9 of the embedded launcher during 10,000 steps', () => {
  const installation = new Installation('kill-launcher-10000', 14_000 + (process.pid % 400) * 10);
  afterAll(() => installation.discard());

  it('records every accepted step once in the journal, analytics and probation, and every request once in the audit log', async () => {
    await killLauncherDuringLoad(installation, { cases: 500, hearingsPerCase: 15, concurrency: 16 }, 4_000);
  }, 30 * 60_000);
});
