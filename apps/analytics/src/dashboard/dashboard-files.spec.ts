import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboardFiles } from './dashboard-files';

describe('the dashboard’s files', () => {
  it('are the page at /dashboard and its script, styles and chart library under /dashboard/assets, each with its type', () => {
    const files = loadDashboardFiles();
    expect(files.map((file) => [file.path, file.contentType])).toEqual([
      ['/dashboard', 'text/html; charset=utf-8'],
      ['/dashboard/assets/dashboard.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/assets/table-view.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/assets/dashboard.css', 'text/css; charset=utf-8'],
      ['/dashboard/assets/chart.umd.min.js', 'text/javascript; charset=utf-8'],
    ]);
    expect(files.every((file) => file.body.length > 0)).toBe(true);
  });

  it('refuses to start without the page, naming the folder it looked in', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-dashboard-'));
    expect(() => loadDashboardFiles(empty)).toThrow(`The dashboard's index.html is not in ${empty}`);
  });
});
