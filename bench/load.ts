import { performance } from 'node:perf_hooks';

/** Latency summary in milliseconds (nearest-rank percentiles). */
export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of `values` (ms), rounded to 0.1 ms. */
export function latencyOf(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  const round = (value: number) => Math.round(value * 10) / 10;
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : NaN;
  return { samples: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(at(100)), mean: round(mean) };
}

/** What one request of a load phase returned; `ok` is false for an unexpected status. */
export interface Outcome {
  status: number;
  ok: boolean;
}

export interface LoadOptions {
  /** Requests to send at most. */
  total: number;
  /** Requests in flight at any time (closed loop: each worker sends its next one when the last answered). */
  concurrency: number;
  /** Stop sending new requests after this long, even if `total` was not reached. */
  maxMs: number;
  /** Sends request number `index` (0-based, each index once). */
  send: (index: number) => Promise<Outcome>;
}

export interface LoadResult {
  concurrency: number;
  planned: number;
  requests: number;
  /** Unexpected statuses plus requests that failed without a response. */
  errors: number;
  statuses: Record<string, number>;
  durationMs: number;
  throughputPerSec: number;
  latencyMs: Latency;
  /** Wall-clock window of the phase, for matching server-side timestamps to it. */
  startedAt: string;
  endedAt: string;
  /** True when maxMs cut the phase short. */
  timeLimited: boolean;
}

/** A closed-loop load phase: `concurrency` workers share `total` requests, bounded by `maxMs`. */
export async function runLoad({ total, concurrency, maxMs, send }: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const startedAt = new Date();
  const start = performance.now();
  const deadline = start + maxMs;
  const worker = async () => {
    while (next < total && performance.now() < deadline) {
      const index = next++;
      const sent = performance.now();
      try {
        const outcome = await send(index);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (!outcome.ok) errors++;
      } catch {
        statuses.network = (statuses.network ?? 0) + 1;
        errors++;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const durationMs = performance.now() - start;
  return {
    concurrency,
    planned: total,
    requests: latencies.length,
    errors,
    statuses,
    durationMs: Math.round(durationMs),
    throughputPerSec: Math.round((latencies.length / durationMs) * 1000 * 10) / 10,
    latencyMs: latencyOf(latencies),
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    timeLimited: latencies.length < total,
  };
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
