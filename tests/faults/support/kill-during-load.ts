import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../e2e/support/processes';
import { CaseWalks, stepsPerCase, WalkPlan } from './case-walks';
import { Installation } from './installation';
import { expectRecordedOnce } from './recorded-once';

const run = promisify(execFile);

/**
 * kill -9 of the whole embedded launcher (all five services at once) when `killAt` of the
 * load's steps have been accepted; started again on the same data folder while the clients keep
 * retrying; then every accepted step is checked to be recorded once everywhere, and analytics'
 * aggregates against a rebuild from its facts (`npm run analytics:rebuild -- --check`). Prints
 * how long each part took.
 */
export async function killLauncherDuringLoad(installation: Installation, plan: WalkPlan, killAt: number): Promise<void> {
  const steps = plan.cases * stepsPerCase(plan);
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings[name] = Date.now() - started;
      process.stderr.write(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  };
  await time('start', () => installation.start());
  const walks = new CaseWalks(installation, plan);
  let restarted: Promise<void> | undefined;
  walks.onStep = (accepted) => {
    if (restarted || accepted < killAt) return;
    restarted = time('kill and restart', async () => {
      await installation.kill();
      await installation.start();
    });
  };
  await time('load', () => walks.run()).catch(async (error: unknown) => {
    await restarted?.catch(() => undefined); // the load's failure is the one to report
    throw error;
  });
  await restarted;
  expect(restarted).toBeDefined();
  await time('checks', () => expectRecordedOnce(installation, walks));
  await installation.stop();
  const check = await time('analytics rebuild check', () =>
    run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['tools/analytics-rebuild.ts', '--check'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ICJIMS_JURISDICTION: '', ICJIMS_DATA_DIR: installation.dataDir } }),
  );
  expect(check.stdout).toContain('identical to the rebuild');
  const unanswered = walks.attempts.filter((attempt) => attempt.status === null).length;
  process.stderr.write(
    `kill -9 of the launcher at ${killAt} of ${steps} steps (${plan.cases} cases, ${walks.attempts.length} requests, ${unanswered} unanswered attempts): ` +
      `${Object.entries(timings).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`,
  );
}
