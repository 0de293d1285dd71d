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
@Injectable()
export class DeadlineTracker {
  constructor(
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    private readonly outbox: EventOutbox,
  ) {}

  /** `journal`: the case's whole journal in order as the rules read it (`journalOf`), including the step just appended. */
  async track(manager: EntityManager, caseId: string, journal: JournalStep[], histories?: RuleVersion[][]): Promise<void> {
    const computed = await this.clocksOf(manager, journal, histories);
    const stored = new Map((await manager.find(Deadline, { where: { caseId } })).map((row) => [`${row.ruleCode}:${row.startStepId}`, row]));
    const withdrawals: { row: Deadline; reason: BreachWithdrawalReason }[] = [];
    const now = new Date();
    for (const deadline of computed) {
      const key = deadlineKey(deadline);
      const row = stored.get(key);
      stored.delete(key);
      const breachStands = !!row?.breachedAt && stillBreached(deadline, row.breachedAt);
      // A clock that arrived from another case already run out was breached there, and is announced there only.
      const breachedBefore = deadline.receivedAt && deadline.dueAt <= deadline.receivedAt ? deadline.receivedAt : null;
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
        breachedAt: breachStands ? row.breachedAt : breachedBefore,
        breachWithdrawnAt: row?.breachedAt && !breachStands ? now : (row?.breachWithdrawnAt ?? null),
      });
    }
    const gone = [...stored.values()].filter((row) => !row.cancelledAt);
    for (const row of gone) if (row.breachedAt) withdrawals.push({ row, reason: 'start_annulled' });
    if (gone.length) await manager.update(Deadline, { id: In(gone.map((row) => row.id)) }, { cancelledAt: now });
    await this.withdraw(manager, caseId, withdrawals, now);
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
      await this.outbox.record(manager, DeadlineBreachWithdrawn, caseId, {
        deadlineId: row.id,
        caseId,
        region,
        rule: row.ruleCode,
        personId: row.personId ?? undefined,
        reason,
        breachedAt: row.breachedAt!.toISOString(),
        withdrawnAt: withdrawnAt.toISOString(),
      });
    }
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
  const rows: { code: string; version: number; applies_from: Date; rule: RuleVersion['rule'] }[] = await manager.query(
    `SELECT v.code, v.version, v.applies_from, v.rule FROM deadline_rule_versions v JOIN deadline_rules r USING (code) ORDER BY v.code, v.version`,
  );
  const byCode = new Map<string, RuleVersion[]>();
  for (const row of rows) {
    const versions = byCode.get(row.code) ?? [];
    versions.push({ version: row.version, appliesFrom: row.applies_from, rule: row.rule });
    byCode.set(row.code, versions);
  }
  return [...byCode.values()];
}

/** Whether the corrected clock would still have run out by the time its breach was announced. */
function stillBreached(deadline: ComputedDeadline, breachedAt: Date): boolean {
  if (deadline.dueAt > breachedAt) return false;
  return !deadline.stoppedAt || deadline.stoppedAt > deadline.dueAt;
}
