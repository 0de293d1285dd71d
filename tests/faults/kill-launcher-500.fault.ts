import { Installation } from './support/installation';
import { killLauncherDuringLoad } from './support/kill-during-load';

/**
 * The short variant of kill-launcher.fault.ts: kill -9 of the embedded launcher during a load of
 * 500 steps (25 cases walked to a probation sentence, 8 at a time), killed at 200. Two starts of
 * the launcher and a rebuild check make it minutes, not seconds, so it is not in `npm test`:
 * `npm run test:faults -- kill-launcher-500`.
 */
describe('kill -9 of the embedded launcher during 500 steps', () => {
  const installation = new Installation('kill-launcher-500', 10_000 + (process.pid % 400) * 10);
  afterAll(() => installation.discard());

  it('records every accepted step once in the journal, analytics and probation, and every request once in the audit log', async () => {
    await killLauncherDuringLoad(installation, { cases: 25, hearingsPerCase: 15, concurrency: 8 }, 200);
  }, 600_000);
});
