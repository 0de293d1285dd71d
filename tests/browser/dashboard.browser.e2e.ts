import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CloudEvent } from '@icjims/contracts';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistered, personAdded } from '../../apps/analytics/src/analytics.fixtures';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import type { StatisticalTable } from '../../apps/analytics/src/tables/statistical-table';

/**
 * The analyst dashboard in a real headless browser: Debian's chromium (CI installs it, see
 * .ci/run) driven by playwright-core, against analytics started in-process with figures put in
 * through its event consumer. Screenshots go to reports/browser/ (kept by CI with the reports).
 * Without a chromium binary (a developer machine) the suite is skipped with a message; under CI
 * a missing binary fails it.
 */

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (path): path is string => !!path && existsSync(path),
);
const SCREENSHOTS = resolve(__dirname, '../../reports/browser');

if (!CHROMIUM) {
  if (process.env.CI) throw new Error('No chromium binary: CI must install Debian’s chromium (.ci/run) for the dashboard’s browser test');
  console.warn('Skipping the dashboard’s browser test: no chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
}
const describeInBrowser = CHROMIUM ? describe : describe.skip;

/*
 * What the page.evaluate callbacks use of the browser. They run in chromium; the project
 * compiles without the DOM library, so the little they touch is declared here (module scope).
 */
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  value?: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } };
}
interface DrawnChart {
  data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>;
  getElementById(id: string): unknown;
  addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
};
declare const window: { Chart: { getChart(id: string): DrawnChart | undefined } };
declare const sessionStorage: { setItem(key: string, value: string): void; getItem(key: string): string | null };

/** A cell of the table view as the page shows it: its period, column codes, and the number or the reason it is withheld. */
interface ShownCell {
  key: string;
  value: number | null;
  suppression: string | null;
  mark: string | null;
}

describeInBrowser('the analyst dashboard, in headless chromium', () => {
  let services: RunningServices;
  let base: string;
  let analyst: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [services, browser] = await Promise.all([
      startServices([analyticsService]),
      chromium.launch({ executablePath: CHROMIUM, headless: true }),
    ]);
    base = services.urls.analytics;
    analyst = await services.tokenFor('analyst');
    await publishEvents(services.bus, ...figures());
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Bishkek', viewport: { width: 1280, height: 1400 } });
    page = await context.newPage();
    // Every console error (a refused script or style shows there too), every uncaught error and every CSP violation is a failure.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await services?.stop();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  /** Cases registered in KG-GB and KG-C over the first half of 2025, and suspects whose small groups must be withheld. */
  function figures(): CloudEvent<unknown>[] {
    const registered = (region: string, month: number, count: number) =>
      Array.from({ length: count }, () => caseRegistered({ region, registeredAt: `2025-0${month}-10T10:00:00Z` }));
    const suspects = (citizenshipGroup: string, count: number) =>
      Array.from({ length: count }, () => personAdded({ role: 'suspect', citizenshipGroup }, '2025-05-12T09:00:00Z'));
    return [
      ...registered('KG-GB', 1, 3), ...registered('KG-GB', 2, 5), ...registered('KG-GB', 4, 2), ...registered('KG-GB', 6, 7),
      ...registered('KG-C', 1, 1), ...registered('KG-C', 3, 4), ...registered('KG-C', 6, 2),
      ...suspects('national', 6), ...suspects('cis', 4), ...suspects('stateless', 1),
    ];
  }

  async function apiTable(code: string, query: string): Promise<StatisticalTable> {
    const response = await http<StatisticalTable>('GET', `${base}/api/v1/indicators/${code}/table?${query}`, { token: analyst, headers: { 'accept-language': 'en-US' } });
    expect(response.status).toBe(200);
    return response.body;
  }

  /** The API's cells keyed like the page's: `period|code,code…`, with the value or the reason. */
  function cellsOf(table: StatisticalTable): Record<string, number | string> {
    return Object.fromEntries(table.cells.map((cell) => [`${cell.key[0]}|${cell.key.slice(1).join(',')}`, cell.value ?? cell.suppression ?? 'missing']));
  }

  async function shownCells(): Promise<Record<string, number | string>> {
    const cells = await page.evaluate(() => {
      const columns = [...document.querySelectorAll('#table-view thead th[scope="col"]')].map((th) => th.dataset.codes ?? '');
      return [...document.querySelectorAll('#table-view tbody tr')].flatMap((row) =>
        [...row.querySelectorAll('td')].map(
          (td, i): ShownCell => ({
            key: `${row.dataset.period}|${columns[i]}`,
            value: td.dataset.value === undefined ? null : Number(td.dataset.value),
            suppression: td.dataset.suppression ?? null,
            mark: td.querySelector('.suppressed')?.textContent ?? null,
          }),
        ),
      );
    });
    for (const cell of cells) if (cell.value === null) expect([cell.key, cell.mark]).toEqual([cell.key, '•']);
    return Object.fromEntries(cells.map((cell) => [cell.key, cell.value ?? cell.suppression ?? 'missing']));
  }

  /** What a chart draws: its labels and each dataset's label and data (as Chart.js holds them). */
  async function chartData(canvasId: string) {
    return page.evaluate((id) => {
      const chart = window.Chart.getChart(id);
      if (!chart) return undefined;
      return { labels: chart.data.labels, datasets: chart.data.datasets.map((dataset) => ({ label: dataset.label, data: dataset.data })) };
    }, canvasId);
  }

  /** How many pixels of a canvas are painted: a drawn chart paints thousands. */
  async function paintedPixels(canvasId: string): Promise<number> {
    return page.evaluate((id) => {
      const canvas = document.getElementById(id) as PageCanvas;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
      return painted;
    }, canvasId);
  }

  /** Waits for the page to have drawn the table it last asked for (or shown why it could not). */
  async function drawn(state: 'ready' | 'error' = 'ready'): Promise<void> {
    await page.waitForSelector(`#dashboard[data-state="${state}"]`, { timeout: 20_000 });
  }

  type Filters = { indicator?: string; granularity?: string; from?: string; to?: string; breakdown?: string; region?: string };
  async function show(filters: Filters, state: 'ready' | 'error' = 'ready'): Promise<void> {
    if (filters.indicator) await page.selectOption('#indicator', filters.indicator);
    if (filters.granularity) await page.selectOption('#granularity', filters.granularity);
    if (filters.from) await page.fill('#from', filters.from);
    if (filters.to) await page.fill('#to', filters.to);
    if (filters.breakdown !== undefined) await page.selectOption('#breakdown', filters.breakdown);
    if (filters.region !== undefined) await page.selectOption('#region', filters.region);
    await page.click('#filters button[type="submit"]');
    await drawn(state);
  }

  const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('asks for the token once, keeps it out of the URL, and opens on the catalogue with the indicator’s definition and formula', async () => {
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('#sign-in:not([hidden])');
    await screenshot('01-sign-in');
    await page.fill('#token', analyst);
    await page.click('#sign-in button[type="submit"]');
    await drawn();
    expect(page.url()).toBe(`${base}/dashboard`);
    const options = await page.evaluate(() => [...document.querySelectorAll('#indicator option')].map((option) => option.value));
    const catalogue = (await http<{ code: string; definition: string; formula: string }[]>('GET', `${base}/api/v1/indicators`, { token: analyst })).body;
    expect(options).toEqual(catalogue.map((indicator) => indicator.code));
    await page.selectOption('#indicator', 'cases_registered');
    const chosen = catalogue.find((indicator) => indicator.code === 'cases_registered')!;
    expect(await page.textContent('#indicator-definition')).toBe(chosen.definition);
    expect(await page.textContent('#indicator-formula')).toBe(chosen.formula);
    expect(await page.inputValue('#breakdown')).toBe('region');

    // Kept for the tab: a reload opens the dashboard without asking again.
    await page.reload();
    await drawn();
    expect(await page.isHidden('#sign-in')).toBe(true);
  });

  it('draws the months by region — line over time, bars for the latest month, the table — with the API’s figures', async () => {
    await show({ indicator: 'cases_registered', granularity: 'month', from: '2025-01', to: '2025-06', breakdown: 'region' });
    await screenshot('02-cases-by-region-monthly');
    const table = await apiTable('cases_registered', 'period=month&from=2025-01&to=2025-06&by=region');
    const expected = cellsOf(table);
    expect(await shownCells()).toEqual(expected);
    expect(expected['2025-06|KG-GB']).toBe(7);

    const regions = table.dimensions[1].categories;
    const gb = regions.find((region) => region.code === 'KG-GB')!;
    const line = await chartData('line-chart');
    expect(line?.labels).toHaveLength(6);
    expect(line?.datasets.find((dataset) => dataset.label === gb.label)?.data).toEqual([3, 5, 0, 2, 0, 7]);
    expect(line?.datasets).toHaveLength(regions.length - 1); // one series per region, the total aside
    const bars = await chartData('bar-chart');
    expect(bars?.datasets[0].data[bars.labels.indexOf(gb.label)]).toBe(7);
    expect(await paintedPixels('line-chart')).toBeGreaterThan(2000);
    expect(await paintedPixels('bar-chart')).toBeGreaterThan(2000);
  });

  it('follows the filters: quarters, the national total, one region', async () => {
    await show({ granularity: 'quarter' });
    expect(await page.inputValue('#from')).toBe('2025-Q1');
    expect(await page.inputValue('#to')).toBe('2025-Q2');
    const quarterly = await shownCells();
    expect(quarterly).toEqual(cellsOf(await apiTable('cases_registered', 'period=quarter&from=2025-Q1&to=2025-Q2&by=region')));
    expect([quarterly['2025-Q1|KG-GB'], quarterly['2025-Q2|KG-GB'], quarterly['2025-Q1|KG-C']]).toEqual([8, 9, 5]);
    await screenshot('03-cases-by-region-quarterly');

    await show({ breakdown: '' });
    expect(await shownCells()).toEqual({ '2025-Q1|': 13, '2025-Q2|': 11 });
    expect((await chartData('line-chart'))?.datasets.map((dataset) => dataset.data)).toEqual([[13, 11]]);

    await show({ breakdown: 'region', region: 'KG-C' });
    expect(await shownCells()).toEqual(cellsOf(await apiTable('cases_registered', 'period=quarter&from=2025-Q1&to=2025-Q2&by=region&region=KG-C')));
    await screenshot('04-one-region');
    await show({ region: '' });
  });

  it('asks for the figures as they stood at a moment of the analyst’s clock, where the indicator keeps them', async () => {
    // 10:00 in Bishkek (the browser's zone here) is 04:00 UTC.
    await page.fill('#as-of', '2026-01-15T10:00');
    await show({ indicator: 'pretrial_incoming', granularity: 'quarter', from: '2025-Q1', to: '2025-Q2', breakdown: 'region', region: '' });
    const asOf = '2026-01-15T04:00:00.000Z';
    expect(await page.textContent('#status')).toContain(`as they stood at ${asOf}`);
    expect(await shownCells()).toEqual(cellsOf(await apiTable('pretrial_incoming', `period=quarter&from=2025-Q1&to=2025-Q2&by=region&asOf=${asOf}`)));

    // Running counts have no past: the API's problem names asOf.
    await show({ indicator: 'cases_registered' }, 'error');
    expect(await page.textContent('#status')).toContain('asOf');
    problems.splice(0); // the browser logs the 400 itself
    await page.fill('#as-of', '');
    await show({});
  });

  it('marks withheld cells with the reason, never draws them as zero, and downloads the table’s CSV form', async () => {
    await show({ indicator: 'suspects_entered', granularity: 'month', from: '2025-04', to: '2025-05', breakdown: 'citizenshipGroup' });
    await screenshot('05-suspects-withheld');
    const table = await apiTable('suspects_entered', 'period=month&from=2025-04&to=2025-05&by=citizenshipGroup');
    const expected = cellsOf(table);
    expect(expected['2025-05|stateless']).toBe('primary');
    expect(await shownCells()).toEqual(expected);
    const title = await page.getAttribute('#table-view td[data-suppression="primary"] .suppressed', 'title');
    expect(title).toContain('minimum cell size');

    const groups = table.dimensions[1].categories;
    const stateless = groups.find((group) => group.code === 'stateless')!;
    const line = await chartData('line-chart');
    expect(line?.datasets.find((dataset) => dataset.label === stateless.label)?.data).toEqual([0, null]);
    const bars = await chartData('bar-chart');
    expect(bars?.labels).toContain(`${stateless.label} •`);
    expect(bars?.datasets[0].data[bars.labels.indexOf(`${stateless.label} •`)]).toBeNull();
    expect(await page.isVisible('#suppressed-note')).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-download')]);
    expect(download.suggestedFilename()).toBe('suspects_entered_2025-04_2025-05_citizenshipGroup.csv');
    const downloaded = readFileSync(await download.path(), 'utf8');
    // The service's own CSV form of the table shown, with label columns, fetched with the token.
    const served = await http('GET', `${base}/api/v1/indicators/suspects_entered/table.csv?period=month&from=2025-04&to=2025-05&by=citizenshipGroup&labels=true`, {
      token: analyst,
      headers: { 'accept-language': 'en-US' },
    });
    expect(served.contentType).toContain('text/csv');
    expect(downloaded).toBe(served.body);
    expect(downloaded.split('\r\n')[0]).toBe('period,period_label,citizenshipGroup,citizenshipGroup_label,value,status');
    expect(downloaded).toContain(`2025-05,2025-05,stateless,${stateless.label},,primary\r\n`);
  });

  it('draws every indicator of the catalogue with its default breakdown', async () => {
    const codes = await page.evaluate(() => [...document.querySelectorAll('#indicator option')].map((option) => option.value ?? ''));
    const outcomes: Record<string, string> = {};
    for (const code of codes) {
      await show({ indicator: code, granularity: 'quarter', from: '2025-Q1', to: '2025-Q2' }, 'ready').catch(() => undefined);
      outcomes[code] = `${await page.getAttribute('#dashboard', 'data-state')}: ${await page.textContent('#status')}`;
    }
    expect(Object.entries(outcomes).filter(([, outcome]) => !outcome.startsWith('ready'))).toEqual([]);
  }, 60_000);

  it('labels in the browser’s language (its Accept-Language), codes unchanged', async () => {
    const russian = await browser.newContext({ locale: 'ru-RU' });
    try {
      const tab = await russian.newPage();
      tab.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console (ru): ${message.text()}`);
      });
      await tab.goto(`${base}/dashboard`);
      await tab.fill('#token', analyst);
      await tab.click('#sign-in button[type="submit"]');
      await tab.waitForSelector('#dashboard[data-state="ready"]');
      await tab.selectOption('#indicator', 'cases_registered');
      await tab.fill('#from', '2025-01');
      await tab.fill('#to', '2025-06');
      await tab.click('#filters button[type="submit"]');
      await tab.waitForSelector('#dashboard[data-state="ready"]');
      const shown = await tab.evaluate(() => [...document.querySelectorAll('#table-view thead th[scope="col"]')].map((th) => [th.dataset.codes, th.textContent]));
      const response = await http<StatisticalTable>('GET', `${base}/api/v1/indicators/cases_registered/table?period=month&from=2025-01&to=2025-06&by=region`, {
        token: analyst,
        headers: { 'accept-language': 'ru-RU' },
      });
      const regions = response.body.dimensions[1].categories;
      expect(shown).toEqual(regions.map((region) => [region.code, region.label]));
      const english = (await apiTable('cases_registered', 'period=month&from=2025-01&to=2025-06&by=region')).dimensions[1].categories;
      expect(regions.find((region) => region.code === 'KG-C')?.label).not.toBe(english.find((region) => region.code === 'KG-C')?.label);
      await tab.screenshot({ path: join(SCREENSHOTS, '06-russian.png'), fullPage: true });
    } finally {
      await russian.close();
    }
  });

  it('shows a refused query’s problem, and asks for a new token when the one kept is refused or lacks the analyst role', async () => {
    await show({ granularity: 'month', from: '2025-13', to: '2025-05' }, 'error');
    expect(await page.textContent('#status')).toMatch(/from/);
    problems.splice(0); // the browser logs the 400 response itself as a console error
    await page.evaluate(() => sessionStorage.setItem('icjims.analytics.token', 'not-a-token'));
    await page.reload();
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.textContent('#sign-in-error')).toMatch(/refused/);
    // A token without the analyst role is not kept either.
    await page.fill('#token', await services.tokenFor('prosecutor', { region: 'KG-GB' }));
    await page.click('#sign-in button[type="submit"]');
    await page.waitForFunction(() => /analyst/.test(String(document.getElementById('sign-in-error') && (document.getElementById('sign-in-error') as PageElement).textContent)));
    expect(await page.evaluate(() => sessionStorage.getItem('icjims.analytics.token'))).toBeNull();
    problems.splice(0); // and the 401 and 403
  });
});
