import { BackgroundRefresh } from './background-refresh';
import { ServiceMetrics } from './metrics';

/** The value of an unlabelled (but for `service`) sample. */
async function value(metrics: ServiceMetrics, name: string): Promise<number | undefined> {
  const line = (await metrics.render()).split('\n').find((candidate) => candidate.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('BackgroundRefresh', () => {
  it('sets the gauges in the background and says when they were last refreshed', async () => {
    const metrics = new ServiceMetrics('audit');
    let depth = 3;
    const refresh = new BackgroundRefresh(metrics, async () => metrics.outboxUnpublished.set(depth), { intervalMs: 10 });
    const before = Date.now() / 1000;
    expect(await refresh.refreshNow()).toBe(true);
    expect(await value(metrics, 'icjims_outbox_unpublished_messages')).toBe(3);
    expect(await value(metrics, 'icjims_gauges_last_refresh_failed')).toBe(0);
    expect(await value(metrics, 'icjims_gauges_last_refresh_timestamp_seconds')).toBeGreaterThanOrEqual(Math.floor(before));

    depth = 5;
    refresh.start();
    // Waits for a tick however slow the machine; the test's timeout fails it if none comes.
    while ((await value(metrics, 'icjims_outbox_unpublished_messages')) !== 5) await new Promise((resolve) => setTimeout(resolve, 10));
    await refresh.stop();
  });

  it('keeps the last values and flags the failure when a refresh fails', async () => {
    const metrics = new ServiceMetrics('audit');
    const failures: unknown[] = [];
    let failing = false;
    const refresh = new BackgroundRefresh(
      metrics,
      async () => {
        if (failing) throw new Error('database unreachable');
        metrics.deadLetters.set(2);
      },
      { intervalMs: 1000, onFailure: (error) => failures.push(error) },
    );
    await refresh.refreshNow();
    const refreshedAt = await value(metrics, 'icjims_gauges_last_refresh_timestamp_seconds');
    failing = true;
    expect(await refresh.refreshNow()).toBe(false);
    expect(await value(metrics, 'icjims_gauges_last_refresh_failed')).toBe(1);
    expect(await value(metrics, 'icjims_dead_letter_messages')).toBe(2);
    expect(await value(metrics, 'icjims_gauges_last_refresh_timestamp_seconds')).toBe(refreshedAt);
    expect(failures).toEqual([new Error('database unreachable')]);
  });

  it('gives up on a refresh that hangs, and starts no other until it settles', async () => {
    const metrics = new ServiceMetrics('audit');
    let release!: () => void;
    let calls = 0;
    const refresh = new BackgroundRefresh(
      metrics,
      () => {
        calls++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      { intervalMs: 1000, timeoutMs: 20 },
    );
    // The refresh never settles by itself, so an answer at all means it was given up on.
    expect(await refresh.refreshNow()).toBe(false);
    expect(await value(metrics, 'icjims_gauges_last_refresh_failed')).toBe(1);
    expect(await refresh.refreshNow()).toBe(false);
    expect(calls).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    calls = 0;
    const next = refresh.refreshNow();
    release();
    expect(await next).toBe(true);
    expect(calls).toBe(1);
  });
});
