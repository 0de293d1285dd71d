import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DeadlineAddressees, DeadlineBreached, DeadlineRunningOut } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER } from '@icjims/platform';
import { DEADLINE_SCAN_INTERVAL } from './deadline-settings';

/** Clocks marked per transaction; a longer backlog takes several passes. */
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
  warn_from: Date;
  due_at: Date;
  responsible_prosecutor: string | null;
  responsible_investigator: string | null;
}

/** The clocks of the case with what the notifications need; `condition` picks the ones to announce. */
const clocksWhere = (condition: string) =>
  `SELECT d.id, d.case_id, k.region, d.rule_code, r.rule ->> 'legalReference' AS legal_reference, d.person_id, d.start_step_id, d.started_at,
          d.warn_from, d.due_at, k.responsible_prosecutor, k.responsible_investigator
     FROM deadlines d JOIN known_cases k USING (case_id) JOIN deadline_rule_versions r ON r.code = d.rule_code AND r.version = d.rule_version
    WHERE ${condition}
    ORDER BY d.due_at
    LIMIT $2
    FOR UPDATE OF d SKIP LOCKED`;

function addressees(row: DueRow): DeadlineAddressees {
  return {
    responsibleProsecutor: row.responsible_prosecutor ?? undefined,
    responsibleInvestigator: row.responsible_investigator ?? undefined,
    supervisingRegion: row.region,
  };
}

/**
 * Finds clocks whose due time passed before a step stopped them and announces each breach
 * once, and clocks that entered their warning window and announces each of those once
 * (deadline.running-out), both addressed to the case's responsible prosecutor and the
 * supervising prosecutors of its region. Everything it knows is in the database, so it picks
 * up after a restart where it left off; a clock is marked in the same transaction that writes
 * its event, and rows are claimed with SKIP LOCKED, so several instances never announce one
 * twice.
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

  /** Announces every clock running out by `now`, then marks every clock due by `now` as breached; returns how many breached. */
  async scan(now = new Date()): Promise<number> {
    for (let warned = BATCH; warned === BATCH; ) warned = await this.warnBatch(now);
    let total = 0;
    for (let marked = BATCH; marked === BATCH; total += marked) marked = await this.scanBatch(now);
    return total;
  }

  private warnBatch(now: Date): Promise<number> {
    return this.unitOfWork.run(async (manager) => {
      const warned: DueRow[] = await manager.query(
        clocksWhere(`d.warn_from <= $1 AND d.due_at > $1 AND d.warned_at IS NULL AND d.stopped_at IS NULL AND d.cancelled_at IS NULL AND d.breached_at IS NULL`),
        [now, BATCH],
      );
      if (!warned.length) return 0;
      await manager.query(`UPDATE deadlines SET warned_at = $2 WHERE id = ANY($1::uuid[])`, [warned.map((row) => row.id), now]);
      for (const row of warned) {
        await this.outbox.record(manager, DeadlineRunningOut, row.case_id, {
          deadlineId: row.id,
          caseId: row.case_id,
          region: row.region,
          rule: row.rule_code,
          personId: row.person_id ?? undefined,
          warnFrom: row.warn_from.toISOString(),
          dueAt: row.due_at.toISOString(),
          addressedTo: addressees(row),
        });
      }
      this.logger.info({ runningOut: warned.length }, 'deadlines running out announced');
      return warned.length;
    });
  }

  private tick(): void {
    this.pass = this.pass.then(() => this.scan()).catch((error: unknown) => this.logger.error({ err: error }, 'deadline scan failed; retrying at the next interval'));
  }

  private scanBatch(now: Date): Promise<number> {
    return this.unitOfWork.run(async (manager) => {
      const due: DueRow[] = await manager.query(
        clocksWhere(`d.due_at <= $1 AND d.cancelled_at IS NULL AND d.breached_at IS NULL AND (d.stopped_at IS NULL OR d.stopped_at > d.due_at)`),
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
          addressedTo: addressees(row),
        });
      }
      if (due.length) this.logger.info({ breached: due.length }, 'deadline breaches announced');
      return due.length;
    });
  }
}
