import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The files of the analyst dashboard, read once when the service starts. The page, its script
 * and its styles live in `dashboard-page/` beside this module in the sources; the build copies
 * that folder beside each bundle that contains analytics (webpack.config.js), so the same path
 * serves both. The chart library comes from its npm package (a production dependency), never
 * from a CDN.
 */

export interface DashboardFile {
  /** Where it is served. */
  path: string;
  contentType: string;
  body: Buffer;
}

export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_ASSETS_PATH = `${DASHBOARD_PATH}/assets`;

/** The page's own files, as they sit in dashboard-page/ (the build copies exactly these). */
export const DASHBOARD_PAGE_FILES = ['index.html', 'dashboard.js', 'table-view.js', 'dashboard.css'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function contentTypeOf(name: string): string {
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)];
  if (!type) throw new Error(`no content type for ${name}`);
  return type;
}

/** Chart.js's UMD build (one file, no dependencies at run time): it defines `Chart` for the page's script. */
function chartLibraryFile(): string {
  // createRequire: the bundle keeps packages external, and this resolves where Node would, at run time.
  const main = createRequire(__filename).resolve('chart.js');
  return join(dirname(main), 'chart.umd.min.js');
}

function readPageFile(pageDir: string, name: string): Buffer {
  try {
    return readFileSync(join(pageDir, name));
  } catch (error) {
    throw new Error(`The dashboard's ${name} is not in ${pageDir}: a bundle needs the dashboard-page folder that npm run build puts beside it`, { cause: error });
  }
}

export function loadDashboardFiles(pageDir = join(__dirname, 'dashboard-page')): DashboardFile[] {
  const page = DASHBOARD_PAGE_FILES.map((name) => ({
    path: name === 'index.html' ? DASHBOARD_PATH : `${DASHBOARD_ASSETS_PATH}/${name}`,
    contentType: contentTypeOf(name),
    body: readPageFile(pageDir, name),
  }));
  const chart = { path: `${DASHBOARD_ASSETS_PATH}/chart.umd.min.js`, contentType: contentTypeOf('chart.js'), body: readFileSync(chartLibraryFile()) };
  return [...page, chart];
}
