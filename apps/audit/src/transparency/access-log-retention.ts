import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { treeHeadProblem } from '@icjims/integrity';
import { tryTransactionLock } from '@icjims/messaging';
import { SERVICE_ENVIRONMENT, SERVICE_LOGGER } from '@icjims/platform';
import type { AuditEnvironment } from '../audit.environment';
import { ACCESS_LOG_NAME, accessTree } from '../access-log/access-log.store';
import { accessLogRetentionDays } from './access-log-retention-days';
import { ACCESS_TRANSPARENCY, AccessTransparency } from './access-transparency';

const DAY_MS = 24 * 3600 * 1000;
/** One pruner per installation at a time. */
const RETENTION_LOCK = 'access-log-retention';

/**
 * Once a day (when AUDIT_RETENTION_DAYS is set) deletes the oldest access-log entries that
 * occurred before the retention period — up to the newest signed checkpoint that covers
 * only such entries, and only through the database's prune_access_log, which checks the
 * period again and records the pruning. The tree's nodes stay, so the log still verifies
 * from that checkpoint on (AccessLogVerifier).
 */
@Injectable()
export class AccessLogRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private readonly days: number | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCESS_TRANSPARENCY) private readonly transparency: AccessTransparency,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_ENVIRONMENT) environment: AuditEnvironment,
  ) {
    this.days = accessLogRetentionDays(environment);
  }

  onApplicationBootstrap(): void {
    if (this.days === undefined) return;
    const days = this.days;
    this.timer = setInterval(() => {
      this.prune(new Date(Date.now() - days * DAY_MS)).catch((error: unknown) => this.logger.error({ err: error }, 'access log pruning failed; retrying tomorrow'));
    }, DAY_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Prunes the entries older than `olderThan` that a signed checkpoint covers; returns how many were deleted. */
  prune(olderThan: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await tryTransactionLock(manager, RETENTION_LOCK))) return 0;
      const [state]: { first_recent: string | null; pruned: string; last: string }[] = await manager.query(
        `SELECT (SELECT min(seq) FROM access_log WHERE occurred_at >= $1)::text AS first_recent,
                (SELECT coalesce(max(through_seq), 0) FROM access_log_prunes)::text AS pruned,
                (SELECT last_seq FROM access_log_head)::text AS last`,
        [olderThan.toISOString()],
      );
      const limit = state.first_recent === null ? Number(state.last) : Number(state.first_recent) - 1;
      const keyring = this.transparency.signer.keyring();
      const checkpoint = this.transparency.checkpoints
        .all()
        .filter((sth) => sth.log === ACCESS_LOG_NAME && sth.treeSize > Number(state.pruned) && sth.treeSize <= limit && !treeHeadProblem(sth, keyring))
        .sort((a, b) => b.treeSize - a.treeSize)[0];
      if (!checkpoint) return 0;
      if ((await accessTree.rootAt(manager, checkpoint.treeSize)).toString('hex') !== checkpoint.rootHash) {
        this.logger.error({ treeSize: checkpoint.treeSize }, 'the access tree no longer has the checkpoint’s root; not pruning (verify the log)');
        return 0;
      }
      const [{ deleted }]: { deleted: string }[] = await manager.query(`SELECT prune_access_log($1, $2, $3)::text AS deleted`, [
        checkpoint.treeSize,
        checkpoint.rootHash,
        olderThan.toISOString(),
      ]);
      this.logger.info({ throughSeq: checkpoint.treeSize, deleted: Number(deleted), olderThan }, 'access log entries past their retention pruned');
      return Number(deleted);
    });
  }
}
