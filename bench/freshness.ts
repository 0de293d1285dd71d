import { performance } from 'node:perf_hooks';
import type { Role } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { eventually } from '@icjims/testing';
import { Latency, latencyOf, sleep } from './load';

/**
 * Freshness of the indicators (issue 9): on an idle launcher, a step is recorded through
 * procedural-steps and the analytics table is polled, as a national analyst with exact figures
 * (the launcher runs with ANALYTICS_EXACT_FOR_NATIONAL=true), until the figure reflects it —
 * from the 201 of the step to the first answer that counts it. The step terminates a fresh
 * case, so the pre-trial stage's resolved cases of its month and region go up by one.
 */

/** What the freshness samples need of the running launcher (bench/run.ts' Target). */
export interface FreshnessTarget {
  api(service: 'case-registry' | 'procedural-steps' | 'analytics'): string;
  call<T = unknown>(method: string, url: string, token: string, body?: unknown, purpose?: string): Promise<{ status: number; body: T }>;
  tokenFor(role: Role, region?: string): Promise<string>;
}

export interface FreshnessOptions {
  samples: number;
  region: string;
  /** A case's registration body in that region (case-registry's POST /cases). */
  registration: Record<string, unknown>;
  /** When the terminations happen (after the cases' registration): its month is the table's. */
  occurredAt: string;
  jurisdiction: Jurisdiction;
  pollIntervalMs: number;
  sampleTimeoutMs: number;
}

export interface FreshnessFigures {
  samples: number;
  missed: number;
  pollIntervalMs: number;
  meanPollRoundTripMs: number;
  indicator: string;
  lagMs: Latency;
}

export async function measureFreshness(target: FreshnessTarget, options: FreshnessOptions): Promise<FreshnessFigures> {
  const [prosecutor, analyst] = await Promise.all([target.tokenFor('prosecutor', options.region), target.tokenFor('analyst')]);
  const month = options.jurisdiction.localMonth(new Date(options.occurredAt));
  const ground = options.jurisdiction.pack.terminationGrounds[0].code;
  const path = `pretrial_resolved/table?from=${month}&to=${month}&region=${options.region}`;
  const resolved = async () => {
    const table = await target.call<{ cells?: { key: string[]; value: number | null }[] }>('GET', `${target.api('analytics')}/indicators/${path}`, analyst);
    return table.body?.cells?.find((cell) => cell.key[0] === month)?.value ?? 0;
  };

  // The cases first, each known to procedural-steps before the samples begin.
  const cases: string[] = [];
  for (let index = 0; index < options.samples; index++) {
    const registered = await target.call<{ id: string }>('POST', `${target.api('case-registry')}/cases`, prosecutor, options.registration);
    if (registered.status !== 201) throw new Error(`registering a case for the freshness samples: ${registered.status}`);
    cases.push(registered.body.id);
  }
  const last = cases[cases.length - 1];
  await eventually(async () => ((await target.call('GET', `${target.api('procedural-steps')}/cases/${last}/steps`, prosecutor)).status === 200 ? true : undefined), 30_000, 'the cases in procedural-steps');

  const lags: number[] = [];
  let [missed, pollMs, polls] = [0, 0, 0];
  for (const caseId of cases) {
    const before = await resolved();
    const recorded = await target.call('POST', `${target.api('procedural-steps')}/cases/${caseId}/steps`, prosecutor, { stepType: 'proceedings_terminated', occurredAt: options.occurredAt, details: { ground } });
    if (recorded.status !== 201) {
      missed++;
      continue;
    }
    const seen = performance.now();
    let lag: number | undefined;
    while (lag === undefined && performance.now() - seen < options.sampleTimeoutMs) {
      const sent = performance.now();
      const value = await resolved().catch(() => before);
      pollMs += performance.now() - sent;
      polls++;
      if (value > before) lag = performance.now() - seen;
      else await sleep(options.pollIntervalMs);
    }
    if (lag === undefined) missed++;
    else lags.push(lag);
  }
  return {
    samples: lags.length,
    missed,
    pollIntervalMs: options.pollIntervalMs,
    meanPollRoundTripMs: Math.round((pollMs / Math.max(polls, 1)) * 10) / 10,
    indicator: `GET /api/v1/indicators/${path}`,
    lagMs: latencyOf(lags),
  };
}
