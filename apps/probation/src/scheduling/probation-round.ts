import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { DomainError } from '@icjims/contracts';
import { Jurisdiction, localDate } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { JURISDICTION, SERVICE_LOGGER } from '@icjims/platform';
import { ProbationStreamState, SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { attentionOn, dayAfter } from './attention';
import { PROBATION_ROUND_INTERVAL } from './round-settings';
import { roundWork } from './round';

/** Streams taken per candidate query; a longer backlog takes several queries in one pass. */
const BATCH = 100;

/** What one pass did. */
export interface RoundResult {
  completed: number;
  breached: number;
}

/**
 * Probation's daily round, every PROBATION_ROUND_INTERVAL_SECONDS: the system completes each case
 * whose term ran out (unless absconding or a revocation or extension is pending) and records
 * each deadline that passed unmet as breached, once, through the one write path. Candidates come
 * from the heads' `attention_on` index (one query per batch), never from scanning states; each
 * stream is then worked in a transaction of its own under its head's lock, claimed with SKIP
 * LOCKED, so two instances never work one stream at once and a restart picks up where it left.
 */
@Injectable()
export class ProbationRound implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: ProbationWriter,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(PROBATION_ROUND_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run().catch(() => undefined), this.intervalMs);
    void this.run().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.pass.catch(() => undefined);
  }

  /** One pass over every stream whose attention day has come; passes of this instance take turns. */
  run(): Promise<RoundResult> {
    const next = this.pass.catch(() => undefined).then(() => this.workDue());
    this.pass = next.catch((error: unknown) => this.logger.error({ err: error }, 'probation round failed; retrying at the next interval'));
    return next;
  }

  private async workDue(): Promise<RoundResult> {
    const result: RoundResult = { completed: 0, breached: 0 };
    const today = localDate(new Date(), this.jurisdiction.timeZone);
    const seen = new Set<string>();
    for (;;) {
      const rows: Array<{ stream_id: string }> = await this.unitOfWork.run((manager) =>
        manager.query(`SELECT stream_id FROM probation_streams WHERE attention_on <= $1 ORDER BY attention_on, stream_id LIMIT $2`, [today, BATCH]),
      );
      const fresh = rows.filter((row) => !seen.has(row.stream_id));
      for (const { stream_id: streamId } of fresh) {
        seen.add(streamId);
        const done = await this.workStream(streamId, today);
        result.completed += done.completed;
        result.breached += done.breached;
      }
      if (rows.length < BATCH || fresh.length === 0) break;
    }
    if (result.completed || result.breached) this.logger.info(result, 'probation round: terms completed and deadlines recorded as breached');
    return result;
  }

  /** The stream's work of the day in one transaction; a stream another instance holds is left to it. */
  private async workStream(streamId: string, today: string): Promise<RoundResult> {
    try {
      return await this.unitOfWork.run(async (manager) => {
        const [claimed]: Array<{ state: ProbationStreamState }> = await manager.query(
          `SELECT state FROM probation_streams WHERE stream_id = $1 AND attention_on <= $2 FOR UPDATE SKIP LOCKED`,
          [streamId, today],
        );
        if (!claimed) return { completed: 0, breached: 0 };
        const work = roundWork(claimed.state, today, this.jurisdiction.pack.probation, this.jurisdiction.timeZone);
        const occurredAt = new Date().toISOString();
        for (const clock of work.breaches) await this.writer.command(manager, streamId, { type: 'breachDeadline', occurredAt, ...clock }, SYSTEM_ACTOR);
        if (work.complete) await this.writer.command(manager, streamId, { type: 'completeAtTermEnd', occurredAt }, SYSTEM_ACTOR);
        if (!work.breaches.length && !work.complete) await this.lookAgain(manager, streamId, claimed.state, today);
        return { completed: work.complete ? 1 : 0, breached: work.breaches.length };
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The legal order refused what the round derived: nothing was written; look again tomorrow rather than every pass.
      this.logger.warn({ streamId, refusal: error.message }, 'probation round: the legal order refused the round’s work on a stream');
      await this.unitOfWork.run((manager) => manager.query(`UPDATE probation_streams SET attention_on = $2 WHERE stream_id = $1`, [streamId, dayAfter(today)]));
      return { completed: 0, breached: 0 };
    }
  }

  /** Nothing to give today (a stream looked at after an upgrade, or held up): its next day, never today again. */
  private async lookAgain(manager: EntityManager, streamId: string, state: ProbationStreamState, today: string): Promise<void> {
    const next = attentionOn(state, today);
    await manager.query(`UPDATE probation_streams SET attention_on = $2 WHERE stream_id = $1`, [streamId, next === null || next > today ? next : dayAfter(today)]);
  }
}
