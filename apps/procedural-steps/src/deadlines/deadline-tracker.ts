import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { BreachWithdrawalReason, DeadlineBreachWithdrawn } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventOutbox } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { effectiveJournal, JournalStep } from '../legal-order';
import { journalOf } from '../steps/journal-step.mapper';
import { Deadline } from './deadline.entity';
import { Deadline as ComputedDeadline, deadlineKey, deadlinesOfVersions, RuleVersion } from './deadline-rules';
import { historiesByCode, RuleHistories } from './deadline-clocks';

/**
 * Keeps a case's `deadlines` rows equal to what the current rules derive from its
 * effective journal, so corrections and rule changes are honoured. A clock keeps its row
 * (and id) across recomputations; one the journal no longer starts is cancelled, not
 * deleted. A breach already announced stands while the journal still has the clock run out
 * by then; when a correction annuls its start, or stops it in time, or moves its due time
 * past the breach, the breach is withdrawn by an event (deadline.breach-withdrawn), in the
 * correction's transaction. Each clock runs under the version of its rule in force when it
 * started (`rule_version`), so a rule change leaves the clocks already running as they are.
 */
/** The rules in force at a revision of them, as one history per rule and by code. */
export interface RulesInForce {
  revision: string;
  histories: RuleVersion[][];
  byCode: RuleHistories;
}

@Injectable()
export class DeadlineTracker {
  /** The rules last read, with the revision they were read at. */
  private rules?: RulesInForce;

  constructor(
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    private readonly outbox: EventOutbox,
  ) {}

  /** `journal`: the case's whole journal in order as the rules read it (`journalOf`), including the step just appended. */
  async track(manager: EntityManager, caseId: string, journal: JournalStep[], histories?: RuleVersion[][]): Promise<void> {
    await this.keep(manager, caseId, await this.clocksOf(manager, journal, histories));
  }

  /** Makes the case's rows what `computed` (every clock of its whole journal) says, as `track` describes. */
  async keep(manager: EntityManager, caseId: string, computed: ComputedDeadline[]): Promise<void> {
    const stored = new Map((await manager.find(Deadline, { where: { caseId } })).map((row) => [`${row.ruleCode}:${row.startStepId}`, row]));
    const withdrawals: { row: Deadline; reason: BreachWithdrawalReason }[] = [];
    const now = new Date();
    for (const deadline of computed) {
      const key = deadlineKey(deadline);
      const row = stored.get(key);
      stored.delete(key);
      const breachStands = !!row?.breachedAt && stillBreached(deadline, row.breachedAt);
      if (row?.breachedAt && !breachStands) withdrawals.push({ row, reason: 'no_longer_breached' });
      await manager.save(Deadline, {
        id: row?.id ?? randomUUID(),
        caseId,
        ruleCode: deadline.rule.code,
        ruleVersion: deadline.ruleVersion,
        personId: deadline.personId ?? null,
        startStepId: deadline.startStepId,
        startedAt: deadline.startedAt,
        dueAt: deadline.dueAt,
        warnFrom: deadline.warnFrom,
        stoppedAt: deadline.stoppedAt ?? null,
        stoppedByStepId: deadline.stoppedByStepId ?? null,
        cancelledAt: null,
        breachedAt: breachStands ? row.breachedAt : breachedBefore(deadline),
        breachWithdrawnAt: row?.breachedAt && !breachStands ? now : (row?.breachWithdrawnAt ?? null),
      });
    }
    const gone = [...stored.values()].filter((row) => !row.cancelledAt);
    for (const row of gone) if (row.breachedAt) withdrawals.push({ row, reason: 'start_annulled' });
    if (gone.length) await manager.update(Deadline, { id: In(gone.map((row) => row.id)) }, { cancelledAt: now });
    await this.withdraw(manager, caseId, withdrawals, now);
  }

  /**
   * Writes the clocks one ordinary step stopped, extended or started (`clocksAfterStep`), in
   * one statement, with the same breach rule as `keep`: an announced breach stands while the
   * clock still runs out by then, else it is withdrawn (its event in the same transaction).
   * The rows' breaches are read as the statement locks them, so a breach the scheduler
   * announces meanwhile is seen.
   */
  async write(manager: EntityManager, caseId: string, region: string, touched: readonly ComputedDeadline[]): Promise<void> {
    if (!touched.length) return;
    const now = new Date();
    const column = <T>(pick: (deadline: ComputedDeadline) => T) => touched.map(pick);
    const withdrawn: { id: string; rule_code: string; person_id: string | null; breached_at: Date }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM unnest($2::text[], $3::int[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::timestamptz[])
           AS t (rule_code, rule_version, person_id, start_step_id, started_at, due_at, warn_from, stopped_at, stopped_by_step_id, breached_before)
       ),
       -- The rows as they are when locked (a breach the scheduler announced meanwhile included), beside the clocks as they now stand.
       locked AS (
         SELECT b.id, b.breached_at, b.breached_at IS NOT NULL AND i.due_at <= b.breached_at AND (i.stopped_at IS NULL OR i.stopped_at > i.due_at) AS breach_stands
           FROM deadlines b JOIN input i ON b.rule_code = i.rule_code AND b.start_step_id = i.start_step_id
          WHERE b.case_id = $1
            FOR UPDATE OF b
       ),
       updated AS (
         UPDATE deadlines d SET rule_version = i.rule_version, person_id = i.person_id, started_at = i.started_at, due_at = i.due_at, warn_from = i.warn_from,
                stopped_at = i.stopped_at, stopped_by_step_id = i.stopped_by_step_id, cancelled_at = NULL,
                breached_at = CASE WHEN locked.breach_stands THEN locked.breached_at ELSE i.breached_before END,
                breach_withdrawn_at = CASE WHEN locked.breached_at IS NOT NULL AND NOT locked.breach_stands THEN $12 ELSE d.breach_withdrawn_at END
           FROM locked, input i
          WHERE d.id = locked.id AND d.rule_code = i.rule_code AND d.start_step_id = i.start_step_id
          RETURNING d.id, d.rule_code, d.person_id, locked.breached_at, locked.breached_at IS NOT NULL AND NOT locked.breach_stands AS withdrawn
       ),
       inserted AS (
         INSERT INTO deadlines (id, case_id, rule_code, rule_version, person_id, start_step_id, started_at, due_at, warn_from, stopped_at, stopped_by_step_id, breached_at)
         SELECT gen_random_uuid(), $1, i.rule_code, i.rule_version, i.person_id, i.start_step_id, i.started_at, i.due_at, i.warn_from, i.stopped_at, i.stopped_by_step_id, i.breached_before
           FROM input i WHERE NOT EXISTS (SELECT 1 FROM deadlines e WHERE e.case_id = $1 AND e.rule_code = i.rule_code AND e.start_step_id = i.start_step_id)
       )
       SELECT id, rule_code, person_id, breached_at FROM updated WHERE withdrawn`,
      [
        caseId,
        column((deadline) => deadline.rule.code),
        column((deadline) => deadline.ruleVersion),
        column((deadline) => deadline.personId ?? null),
        column((deadline) => deadline.startStepId),
        column((deadline) => deadline.startedAt),
        column((deadline) => deadline.dueAt),
        column((deadline) => deadline.warnFrom),
        column((deadline) => deadline.stoppedAt ?? null),
        column((deadline) => deadline.stoppedByStepId ?? null),
        column((deadline) => breachedBefore(deadline)),
        now,
      ],
    );
    for (const row of withdrawn) {
      await this.announceWithdrawal(manager, caseId, region, { id: row.id, ruleCode: row.rule_code, personId: row.person_id, breachedAt: row.breached_at }, 'no_longer_breached', now);
    }
  }

  /**
   * The rules in force at `revision` (deadline_rules_revision, read with the case's lock):
   * kept in memory while the revision stays, read again (with the revision they are at) when
   * it changed, so another instance's change is never served stale.
   */
  async rulesAt(manager: EntityManager, revision: string | undefined): Promise<RulesInForce> {
    if (revision !== undefined && this.rules?.revision === revision) return this.rules;
    const rows: { revision: string; code: string | null; version: number; applies_from: Date; rule: RuleVersion['rule'] }[] = await manager.query(
      `SELECT r.revision, v.code, v.version, v.applies_from, v.rule
         FROM deadline_rules_revision r LEFT JOIN (deadline_rule_versions v JOIN deadline_rules USING (code)) ON true
        ORDER BY v.code, v.version`,
    );
    const read = { revision: rows[0].revision, histories: historiesOf(rows.filter((row) => row.code !== null) as { code: string; version: number; applies_from: Date; rule: RuleVersion['rule'] }[]) };
    const rules = { ...read, byCode: historiesByCode(read.histories) };
    // Only rules read at the revision asked for are kept: a read inside a transaction that changes them is its own.
    if (rules.revision === revision) this.rules = rules;
    return rules;
  }

  /** Every clock the rules in force set on a journal (`journalOf`'s reading of it), running or stopped. */
  async clocksOf(manager: EntityManager, journal: JournalStep[], histories?: RuleVersion[][]): Promise<ComputedDeadline[]> {
    return deadlinesOfVersions(histories ?? (await ruleHistories(manager)), effectiveJournal(journal), this.jurisdiction.timeZone);
  }

  /** Announces each withdrawn breach (the cancelled rows keep breached_at: their history ends there). */
  private async withdraw(manager: EntityManager, caseId: string, withdrawals: { row: Deadline; reason: BreachWithdrawalReason }[], withdrawnAt: Date): Promise<void> {
    if (!withdrawals.length) return;
    const [{ region }]: { region: string }[] = await manager.query(`SELECT region FROM known_cases WHERE case_id = $1`, [caseId]);
    for (const { row, reason } of withdrawals) {
      if (reason === 'start_annulled') await manager.update(Deadline, { id: row.id }, { breachWithdrawnAt: withdrawnAt });
      await this.announceWithdrawal(manager, caseId, region, { id: row.id, ruleCode: row.ruleCode, personId: row.personId, breachedAt: row.breachedAt! }, reason, withdrawnAt);
    }
  }

  private async announceWithdrawal(
    manager: EntityManager,
    caseId: string,
    region: string,
    row: { id: string; ruleCode: string; personId: string | null; breachedAt: Date },
    reason: BreachWithdrawalReason,
    withdrawnAt: Date,
  ): Promise<void> {
    await this.outbox.record(manager, DeadlineBreachWithdrawn, caseId, {
      deadlineId: row.id,
      caseId,
      region,
      rule: row.ruleCode,
      personId: row.personId ?? undefined,
      reason,
      breachedAt: row.breachedAt.toISOString(),
      withdrawnAt: withdrawnAt.toISOString(),
    });
  }

  /**
   * After a rule changed from `appliesFrom` on: recomputes every case that has a clock of it
   * still unannounced that started since (the clocks started before keep their version).
   */
  async retrack(manager: EntityManager, ruleCode: string, appliesFrom: Date): Promise<number> {
    const histories = await ruleHistories(manager);
    const cases: { case_id: string }[] = await manager.query(
      `SELECT DISTINCT case_id FROM deadlines WHERE rule_code = $1 AND started_at >= $2 AND cancelled_at IS NULL AND breached_at IS NULL`,
      [ruleCode, appliesFrom],
    );
    for (const { case_id: caseId } of cases) {
      await this.track(manager, caseId, await journalOf(manager, caseId), histories);
    }
    return cases.length;
  }
}

/** The versions of every rule in force (those `deadline_rules` holds), in one round trip. */
export async function ruleHistories(manager: EntityManager): Promise<RuleVersion[][]> {
  return historiesOf(
    await manager.query(`SELECT v.code, v.version, v.applies_from, v.rule FROM deadline_rule_versions v JOIN deadline_rules r USING (code) ORDER BY v.code, v.version`),
  );
}

/** Version rows, ordered by code and version, as one history per rule. */
function historiesOf(rows: { code: string; version: number; applies_from: Date; rule: RuleVersion['rule'] }[]): RuleVersion[][] {
  const byCode = new Map<string, RuleVersion[]>();
  for (const row of rows) {
    const versions = byCode.get(row.code) ?? [];
    versions.push({ version: row.version, appliesFrom: row.applies_from, rule: row.rule });
    byCode.set(row.code, versions);
  }
  return [...byCode.values()];
}

/** A clock that arrived from another case already run out was breached there, and is announced there only. */
function breachedBefore(deadline: ComputedDeadline): Date | null {
  return deadline.receivedAt && deadline.dueAt <= deadline.receivedAt ? deadline.receivedAt : null;
}

/** Whether the corrected clock would still have run out by the time its breach was announced. */
function stillBreached(deadline: ComputedDeadline, breachedAt: Date): boolean {
  if (deadline.dueAt > breachedAt) return false;
  return !deadline.stoppedAt || deadline.stoppedAt > deadline.dueAt;
}
