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
import { DeadlineRuleRecord } from './deadline-rule-record.entity';
import { Deadline as ComputedDeadline, deadlineKey, deadlinesOf } from './deadline-rules';

/**
 * Keeps a case's `deadlines` rows equal to what the current rules derive from its
 * effective journal, so corrections and rule changes are honoured. A clock keeps its row
 * (and id) across recomputations; one the journal no longer starts is cancelled, not
 * deleted. A breach already announced stands while the journal still has the clock run out
 * by then; when a correction annuls its start, or stops it in time, or moves its due time
 * past the breach, the breach is withdrawn by an event (deadline.breach-withdrawn), in the
 * correction's transaction.
 */
@Injectable()
export class DeadlineTracker {
  constructor(
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    private readonly outbox: EventOutbox,
  ) {}

  /** `journal`: the case's whole journal in order as the rules read it (`journalOf`), including the step just appended. */
  async track(manager: EntityManager, caseId: string, journal: JournalStep[], rules?: DeadlineRuleRecord[]): Promise<void> {
    const current = rules ?? (await manager.find(DeadlineRuleRecord));
    const computed = deadlinesOf(current.map((record) => record.rule), effectiveJournal(journal), this.jurisdiction.timeZone);
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
        personId: deadline.personId ?? null,
        startStepId: deadline.startStepId,
        startedAt: deadline.startedAt,
        dueAt: deadline.dueAt,
        warnFrom: deadline.warnFrom,
        stoppedAt: deadline.stoppedAt ?? null,
        stoppedByStepId: deadline.stoppedByStepId ?? null,
        cancelledAt: null,
        breachedAt: breachStands ? row.breachedAt : null,
        breachWithdrawnAt: row?.breachedAt && !breachStands ? now : (row?.breachWithdrawnAt ?? null),
      });
    }
    const gone = [...stored.values()].filter((row) => !row.cancelledAt);
    for (const row of gone) if (row.breachedAt) withdrawals.push({ row, reason: 'start_annulled' });
    if (gone.length) await manager.update(Deadline, { id: In(gone.map((row) => row.id)) }, { cancelledAt: now });
    await this.withdraw(manager, caseId, withdrawals, now);
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

  /** After a rule changed: recomputes every case that has a clock of it still unannounced. */
  async retrack(manager: EntityManager, ruleCode: string): Promise<number> {
    const rules = await manager.find(DeadlineRuleRecord);
    const cases: { case_id: string }[] = await manager.query(
      `SELECT DISTINCT case_id FROM deadlines WHERE rule_code = $1 AND cancelled_at IS NULL AND breached_at IS NULL`,
      [ruleCode],
    );
    for (const { case_id: caseId } of cases) {
      await this.track(manager, caseId, await journalOf(manager, caseId), rules);
    }
    return cases.length;
  }
}

/** Whether the corrected clock would still have run out by the time its breach was announced. */
function stillBreached(deadline: ComputedDeadline, breachedAt: Date): boolean {
  if (deadline.dueAt > breachedAt) return false;
  return !deadline.stoppedAt || deadline.stoppedAt > deadline.dueAt;
}
