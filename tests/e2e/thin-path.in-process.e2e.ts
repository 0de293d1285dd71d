import { createTestDatabase, eventually, freePortOffset, http } from '@icjims/testing';
import { build, RunningProcess, startProcess, tempFolder, tokenMinter, waitForHealth } from './support/processes';
import { walkProbationPath } from './support/probation-path.scenario';
import { walkThinPath } from './support/thin-path.scenario';

const SERVICES = ['case-registry', 'procedural-steps', 'probation', 'analytics', 'audit'];

/** `npm start` as a user runs it: all five services in one process on the in-process bus. */
describe('thin path, in-process transport (npm start)', () => {
  let launcher: RunningProcess;
  let dataDir: string;
  let urls: Record<string, string> = {};

  beforeAll(async () => {
    build('embedded');
    // Ports of its own, below the ports the kernel gives outgoing connections.
    const offset = await freePortOffset(20_000, 23_000);
    urls = Object.fromEntries(SERVICES.map((name, index) => [name, `http://127.0.0.1:${3001 + index + offset}`]));
    dataDir = tempFolder('e2e');
    launcher = startProcess('embedded', {
      // An existing PostgreSQL keeps the suite fast; without it the launcher starts its own. Its
      // owner migrates, and each service runs as its own login, which the owner creates.
      DATABASE_MIGRATION_URL: await createTestDatabase('e2e_in_process'),
      ICJIMS_DATA_DIR: dataDir,
      ICJIMS_PORT_OFFSET: String(offset),
      // Probation's round every two seconds, so a term that runs out completes while the suite waits.
      PROBATION_ROUND_INTERVAL_SECONDS: '2',
    });
    for (const url of Object.values(urls)) await waitForHealth(url, launcher);
  }, 120_000);

  afterAll(async () => {
    await launcher?.stop();
  });

  it('prints where each service listens', () => {
    for (const url of Object.values(urls)) expect(launcher.output()).toContain(`${url}/api/v1`);
  });

  it('walks a case from registration to the audit log', async () => {
    await walkThinPath({ urls, tokenFor: tokenMinter(dataDir), propagationMs: 15_000 });
  }, 60_000);

  it('walks a probation case from the sentence to its completion, and analytics counts it', async () => {
    await walkProbationPath({ urls, tokenFor: tokenMinter(dataDir), propagationMs: 15_000 });
  }, 90_000);

  it('shuts down cleanly on Ctrl-C', async () => {
    const code = await launcher.stop('SIGINT');
    expect(code).toBe(0);
    expect(launcher.output()).toContain('"msg":"stopped"');
  }, 30_000);
});

/** `npm start` on a fresh machine: its own PostgreSQL under the data folder, kept across restarts. */
describe('embedded PostgreSQL under the data folder', () => {
  let offset = 0;
  const urlOf = (index: number) => `http://127.0.0.1:${3001 + index + offset}`;
  const dataDir = tempFolder('e2e-pg');
  const start = () => startProcess('embedded', { DATABASE_URL: '', ICJIMS_DATA_DIR: dataDir, ICJIMS_PORT_OFFSET: String(offset) }, 'embedded-own-postgres');

  beforeAll(async () => {
    offset = await freePortOffset(23_000, 25_000);
  });

  it('stops cleanly when interrupted during start-up, keeps the data, and delivers what was left in the outbox', async () => {
    build('embedded');
    const prosecutor = await tokenMinter(dataDir)('prosecutor', 'KG-GB');
    // First run: case-registry answers while the other services are still starting; the
    // registration's event waits for them, and Ctrl-C comes before they are all up.
    let launcher = start();
    await waitForHealth(urlOf(0), launcher);
    const registered = await http('POST', `${urlOf(0)}/api/v1/cases`, {
      token: prosecutor,
      body: { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' },
    });
    expect(registered.status).toBe(201);
    expect(await launcher.stop('SIGINT')).toBe(0);

    // Second run: the case is still there, and its registration reaches procedural-steps.
    launcher = start();
    try {
      for (const index of SERVICES.keys()) await waitForHealth(urlOf(index), launcher);
      expect((await http('GET', `${urlOf(0)}/api/v1/cases/${registered.body.id}`, { token: prosecutor, purpose: 'investigation' })).status).toBe(200);
      await eventually(async () => ((await http('GET', `${urlOf(1)}/api/v1/cases/${registered.body.id}/steps`, { token: prosecutor })).status === 200 ? true : undefined), 15_000, 'the case to reach procedural-steps');
    } finally {
      expect(await launcher.stop('SIGINT')).toBe(0);
    }
  }, 120_000);

  it('starts again after the launcher was killed outright, stopping the server it left behind', async () => {
    const killed = start();
    for (const index of SERVICES.keys()) await waitForHealth(urlOf(index), killed);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const launcher = start();
    try {
      for (const index of SERVICES.keys()) await waitForHealth(urlOf(index), launcher);
    } finally {
      expect(await launcher.stop('SIGINT')).toBe(0);
    }
  }, 120_000);
});
