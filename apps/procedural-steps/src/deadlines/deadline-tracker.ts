import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import { effectiveJournal, JournalStep } from '../legal-order';
import { journalOf } from '../steps/journal-step.mapper';
import { Deadline } from './deadline.entity';
import { DeadlineRuleRecord } from './deadline-rule-record.entity';
import { deadlineKey, deadlinesOf } from './deadline-rules';

/**
 * Keeps a case's `deadlines` rows equal to what the current rules derive from its
 * effective journal, so corrections and rule changes are honoured. A clock keeps its row
 * (and id) across recomputations; one the journal no longer starts is cancelled, not
 * deleted; a breach already announced stays announced.
 */
@Injectable()
export class DeadlineTracker {
  constructor(@Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction) {}

  /** `journal`: the case's whole journal in order as the rules read it (`journalOf`), including the step just appended. */
  async track(manager: EntityManager, caseId: string, journal: JournalStep[], rules?: DeadlineRuleRecord[]): Promise<void> {
    const current = rules ?? (await manager.find(DeadlineRuleRecord));
    const computed = deadlinesOf(current.map((record) => record.rule), effectiveJournal(journal), this.jurisdiction.timeZone);
    const stored = new Map((await manager.find(Deadline, { where: { caseId } })).map((row) => [`${row.ruleCode}:${row.startStepId}`, row]));
    for (const deadline of computed) {
      const key = deadlineKey(deadline);
      const row = stored.get(key);
      stored.delete(key);
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
        breachedAt: row?.breachedAt ?? null,
      });
    }
    const gone = [...stored.values()].filter((row) => !row.cancelledAt).map((row) => row.id);
    if (gone.length) await manager.update(Deadline, { id: In(gone) }, { cancelledAt: new Date() });
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
