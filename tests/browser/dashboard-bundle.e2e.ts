import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@icjims/persistence';
import { createTestDatabase, eventually, http } from '@icjims/testing';
import { ROOT, tempFolder, tokenMinter } from '../e2e/support/processes';

/**
 * The dashboard as deployments serve it: analytics built by webpack and started alone, its page
 * read from the folder the build copies beside the bundle and Chart.js from node_modules — not
 * from the sources. Built into reports/ (inside the checkout, so node_modules resolves; never
 * dist/, which other suites build into at the same time).
 */
describe('the dashboard served by the built analytics bundle', () => {
  const out = join(ROOT, 'reports', 'browser', 'bundle');
  let child: ChildProcess;
  let output = '';
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    execFileSync(join(ROOT, 'node_modules', '.bin', 'webpack'), ['--config', 'webpack.config.js', '--env', 'project=analytics', '--output-path', out], { cwd: ROOT, stdio: 'pipe' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = tempFolder('dashboard-bundle');
    child = spawn(process.execPath, [join(out, 'apps', 'analytics', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_MIGRATION_URL: await createTestDatabase('dashboard_bundle'), ICJIMS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`analytics exited with ${child.exitCode}: ${output.slice(-1500)}`);
        return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200 ? true : undefined;
      },
      60_000,
      'the built analytics to answer /health',
    );
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('serves the page, its files and Chart.js, and the table the page asks for', async () => {
    const page = await http('GET', `${base}/dashboard`);
    expect([page.status, page.contentType]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const file of ['dashboard.js', 'table-view.js', 'dashboard.css', 'chart.umd.min.js']) {
      const response = await http('GET', `${base}/dashboard/assets/${file}`);
      expect([file, response.status]).toEqual([file, 200]);
    }
    const analyst = await tokenMinter(dataDir)('analyst');
    const table = await http('GET', `${base}/api/v1/indicators/cases_registered/table?period=quarter&from=2025-Q1&to=2025-Q2&by=region`, { token: analyst });
    expect(table.status).toBe(200);
  });
});
