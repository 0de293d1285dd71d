import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DeadlineBreached } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER } from '@icjims/platform';
import { DEADLINE_SCAN_INTERVAL } from './deadline-settings';

/** Breaches marked per transaction; a longer backlog takes several passes. */
const BATCH = 100;

interface DueRow {
  id: string;
  case_id: string;
  region: string;
  rule_code: string;
  legal_reference: string;
  person_id: string | null;
  start_step_id: string;
  started_at: Date;
  due_at: Date;
}

/**
 * Finds clocks whose due time passed before a step stopped them and announces each breach once. Everything it
 * knows is in the database, so it picks up after a restart where it left off; the
 * breach is marked in the same transaction that writes its event, and rows are claimed
 * with SKIP LOCKED, so several instances never announce one breach twice.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(DEADLINE_SCAN_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  /** Marks every clock due by `now` as breached; returns how many. */
  async scan(now = new Date()): Promise<number> {
    let total = 0;
    for (let marked = BATCH; marked === BATCH; total += marked) marked = await this.scanBatch(now);
    return total;
  }

  private tick(): void {
    this.pass = this.pass.then(() => this.scan()).catch((error: unknown) => this.logger.error({ err: error }, 'deadline scan failed; retrying at the next interval'));
  }

  private scanBatch(now: Date): Promise<number> {
    return this.unitOfWork.run(async (manager) => {
      const due: DueRow[] = await manager.query(
        `SELECT d.id, d.case_id, k.region, d.rule_code, r.rule ->> 'legalReference' AS legal_reference, d.person_id, d.start_step_id, d.started_at, d.due_at
           FROM deadlines d JOIN known_cases k USING (case_id) JOIN deadline_rules r ON r.code = d.rule_code
          WHERE d.due_at <= $1 AND d.cancelled_at IS NULL AND d.breached_at IS NULL AND (d.stopped_at IS NULL OR d.stopped_at > d.due_at)
          ORDER BY d.due_at
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
        [now, BATCH],
      );
      for (const row of due) {
        await manager.query(`UPDATE deadlines SET breached_at = $2 WHERE id = $1`, [row.id, now]);
        await this.outbox.record(manager, DeadlineBreached, row.case_id, {
          deadlineId: row.id,
          caseId: row.case_id,
          region: row.region,
          rule: row.rule_code,
          legalReference: row.legal_reference,
          personId: row.person_id ?? undefined,
          startStepId: row.start_step_id,
          startedAt: row.started_at.toISOString(),
          dueAt: row.due_at.toISOString(),
          breachedAt: now.toISOString(),
        });
      }
      if (due.length) this.logger.info({ breached: due.length }, 'deadline breaches announced');
      return due.length;
    });
  }
}
