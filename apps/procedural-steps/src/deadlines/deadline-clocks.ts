import { Deadline, DeadlineStep, foldClockStep, newRuleClocks, RuleClocks, RuleVersion } from './deadline-rules';

/** A running clock as kept with the journal's head (JSON): its rule and version, whom it runs for, its times. */
export interface KeptClock {
  rule: string;
  version: number;
  /** The person it runs for; '' for the case. */
  key: string;
  startStepId: string;
  startedAt: string;
  dueAt: string;
  warnFrom: string;
  extendedByStepIds: string[];
  receivedAt?: string;
}

/** The clocks running after the last step, and the persons gone from the case (which decides what a join hands over). */
export interface KeptClocks {
  running: KeptClock[];
  gone: string[];
}

/** The rules in force: every version of each, by rule code. */
export type RuleHistories = ReadonlyMap<string, readonly RuleVersion[]>;

export function historiesByCode(histories: readonly (readonly RuleVersion[])[]): RuleHistories {
  return new Map(histories.filter((versions) => versions.length).map((versions) => [versions[0].rule.code, versions]));
}

export function keepClocks(clocks: ReadonlyMap<string, RuleClocks>): KeptClocks {
  const running: KeptClock[] = [];
  let gone: string[] = [];
  for (const ruleClocks of clocks.values()) {
    gone = [...ruleClocks.gone];
    for (const [key, clock] of ruleClocks.running) {
      running.push({
        rule: clock.rule.code,
        version: clock.ruleVersion,
        key,
        startStepId: clock.startStepId,
        startedAt: clock.startedAt.toISOString(),
        dueAt: clock.dueAt.toISOString(),
        warnFrom: clock.warnFrom.toISOString(),
        extendedByStepIds: clock.extendedByStepIds,
        ...(clock.receivedAt && { receivedAt: clock.receivedAt.toISOString() }),
      });
    }
  }
  return { running, gone };
}

/**
 * The kept clocks as the fold reads them, one entry per rule in force; undefined when a clock's
 * rule version is not among them (the state was kept under other rules: refold it).
 */
export function restoreClocks(kept: KeptClocks, histories: RuleHistories): Map<string, RuleClocks> | undefined {
  const clocks = new Map<string, RuleClocks>();
  for (const code of histories.keys()) clocks.set(code, { ...newRuleClocks(), gone: new Set(kept.gone) });
  for (const clock of kept.running) {
    const inForce = histories.get(clock.rule)?.find((candidate) => candidate.version === clock.version);
    const ruleClocks = clocks.get(clock.rule);
    if (!inForce || !ruleClocks) return undefined;
    ruleClocks.running.set(clock.key, {
      rule: inForce.rule,
      ruleVersion: clock.version,
      ...(inForce.rule.scope === 'person' && { personId: clock.key }),
      startStepId: clock.startStepId,
      startedAt: new Date(clock.startedAt),
      dueAt: new Date(clock.dueAt),
      warnFrom: new Date(clock.warnFrom),
      extendedByStepIds: [...clock.extendedByStepIds],
      ...(clock.receivedAt && { receivedAt: new Date(clock.receivedAt) }),
    });
  }
  return clocks;
}

/** Folds one more step into every rule's clocks (changed in place): the clocks it stopped, extended or started, to be written. */
export function clocksAfterStep(histories: RuleHistories, clocks: Map<string, RuleClocks>, step: DeadlineStep, timeZone: string): Deadline[] {
  const touched: Deadline[] = [];
  for (const [code, versions] of histories) {
    const { changed, started } = foldClockStep(versions, clocks.get(code) as RuleClocks, step, timeZone);
    touched.push(...changed, ...(started ? [started] : []));
  }
  return touched;
}
