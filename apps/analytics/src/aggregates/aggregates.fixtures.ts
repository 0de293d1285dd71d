import { DataSource } from 'typeorm';
import { CloudEvent, PersonMerged, PersonUnmerged } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import { cloudEvent, RunningServices } from '@icjims/testing';
import { startAnalytics } from '../analytics.fixtures';
import type { PeriodSpan } from '../tables/indicator-family';
import { monthsOf, nextPeriod, periodsBetween } from '../tables/periods';
import { rebuildAggregates, RebuildResult } from './rebuild';

/** What a suite of the aggregates against their references works with; the fields are there once the suite has started. */
export interface AggregatesSuite {
  services: RunningServices;
  dataSource: DataSource;
  jurisdiction: Jurisdiction;
  /** The periods from `from` to `to`, each with its first instant and the next period's, in the pack's zone. */
  spans(from: string, to: string, granularity: 'month' | 'quarter' | 'year'): PeriodSpan[];
  /** What a rebuild from the facts would change in the aggregates held (rebuildAggregates' check). */
  check(): Promise<RebuildResult['differences']>;
}

/** Starts analytics before the suite's tests and stops it after them (as useAnalytics), for the aggregate suites. */
export function useAggregates(): AggregatesSuite {
  const suite: AggregatesSuite = {
    services: undefined as never,
    dataSource: undefined as never,
    jurisdiction: undefined as never,
    spans: (from, to, granularity) =>
      periodsBetween(from, to, granularity).map((code) => ({
        code,
        starts: suite.jurisdiction.zonedInstant(`${monthsOf(code, granularity).first}-01T00:00`),
        ends: suite.jurisdiction.zonedInstant(`${monthsOf(nextPeriod(code, granularity), granularity).first}-01T00:00`),
      })),
    check: async () => (await rebuildAggregates(suite.dataSource.manager, { timeZone: suite.jurisdiction.timeZone, check: true })).differences,
  };
  beforeAll(async () => {
    suite.services = await startAnalytics();
    suite.dataSource = suite.services.apps[0].get(DataSource);
    suite.jurisdiction = suite.services.apps[0].get<Jurisdiction>(JURISDICTION);
  });
  afterAll(() => suite.services?.stop());
  return suite;
}

/** Rows in the order of their keys, for comparing two computations of the same figures. */
export function sortedByKey<T extends { key: string[] }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.key.join('|').localeCompare(b.key.join('|')));
}

/** A small deterministic generator (mulberry32): the same seed, the same caseload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What the aggregate suites add after a caseload: two records merged into two others (`a` into
 * `b`, `c` into `d`) in the first two cases each appears in, then `c` restored from `d` there.
 */
export function mergesAndUnmerge(cases: readonly { caseId: string; region: string; persons: readonly string[] }[], [a, b, c, d]: readonly string[]): CloudEvent[] {
  const twoCases = (personId: string) => cases.filter((candidate) => candidate.persons.includes(personId)).slice(0, 2);
  const merge = (merged: string, surviving: string) =>
    twoCases(merged).map(({ caseId, region }) => cloudEvent(PersonMerged, caseId, { caseId, region, mergedPersonId: merged, survivingPersonId: surviving }, { time: new Date().toISOString() }));
  return [
    ...merge(a, b),
    ...merge(c, d),
    ...twoCases(c).map(({ caseId, region }) =>
      cloudEvent(PersonUnmerged, caseId, { caseId, region, survivingPersonId: d, restoredPersonId: c, survivingRoles: [], restoredRoles: [{ role: 'suspect', active: true }] }, { time: new Date().toISOString() }),
    ),
  ];
}
