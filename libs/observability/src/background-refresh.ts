import { Gauge } from 'prom-client';
import { ServiceMetrics } from './metrics';

export interface BackgroundRefreshOptions {
  /** Pause between the end of one refresh and the start of the next. */
  intervalMs: number;
  /** A refresh still running after this long counts as failed (a hung database), default the interval, at most 10 s. */
  timeoutMs?: number;
  /** Told of each failure (a log line); never of a success. */
  onFailure?: (error: unknown) => void;
}

/**
 * Runs `refresh` (which sets gauges) on an interval, in the background, so that a scrape of
 * /metrics never waits on the database or the broker: what it serves is the last values read,
 * with when they were last read successfully (`icjims_gauges_last_refresh_timestamp_seconds`)
 * and whether the last attempt failed (`icjims_gauges_last_refresh_failed`). A failed refresh
 * leaves the gauges as they were; refreshes never overlap.
 */
export class BackgroundRefresh {
  private readonly lastRefresh: Gauge;
  private readonly lastFailed: Gauge;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private stopped = true;
  /** Set while a refresh that timed out is still running. */
  private hung: Promise<unknown> | undefined;

  constructor(
    metrics: ServiceMetrics,
    private readonly refresh: () => Promise<void>,
    private readonly options: BackgroundRefreshOptions,
  ) {
    const registers = [metrics.registry];
    this.lastRefresh = new Gauge({
      name: 'icjims_gauges_last_refresh_timestamp_seconds',
      help: 'When the gauges read from the database and the broker (outbox, dead letters, consumer lag) were last refreshed successfully',
      registers,
    });
    this.lastFailed = new Gauge({
      name: 'icjims_gauges_last_refresh_failed',
      help: 'Whether the last background refresh of those gauges failed or timed out (1) or not (0); they then keep their previous values',
      registers,
    });
    this.timeoutMs = options.timeoutMs ?? Math.min(options.intervalMs, 10_000);
  }

  /** Refreshes now, then every interval. */
  start(): void {
    this.stopped = false;
    void this.refreshNow().finally(() => this.schedule());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One refresh (or the one in hand); resolves whether it succeeded, never rejects. */
  refreshNow(): Promise<boolean> {
    this.running ??= this.attempt().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refreshNow().finally(() => this.schedule()), this.options.intervalMs).unref();
  }

  private async attempt(): Promise<boolean> {
    // A refresh that hung past its time is not started again until it settles: no pile of queries on a stuck database.
    if (this.hung) {
      this.lastFailed.set(1);
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`gauge refresh took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    const work = this.refresh();
    try {
      await Promise.race([work, timedOut]);
      this.lastRefresh.setToCurrentTime();
      this.lastFailed.set(0);
      return true;
    } catch (error) {
      this.lastFailed.set(1);
      this.options.onFailure?.(error);
      this.hung = work.then(
        () => (this.hung = undefined),
        () => (this.hung = undefined),
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
