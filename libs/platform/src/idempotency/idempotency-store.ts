import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { TransactionClaim } from '@icjims/messaging';
import { IDEMPOTENCY_RETENTION_SECONDS, SERVICE_LOGGER } from '../service/tokens';

/** A POST carrying an Idempotency-Key; the service's own table scopes it to the service. */
export interface KeyedRequest {
  /** The token's `sub`: a key is the caller's own. */
  callerSub: string;
  key: string;
  fingerprint: string;
  /** The route's success status, which a replay answers with. */
  status: number;
}

export interface EarlierResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** Purging more often than this buys nothing: lookups ignore expired records anyway. */
const MAX_PURGE_INTERVAL_MS = 10 * 60_000;

function responseText(body: unknown): string | null {
  return body === undefined ? null : JSON.stringify(body);
}

/**
 * The `idempotency_keys` table: lookups, claims inside a unit of work, and a periodic purge
 * of records older than the retention (a plain DELETE, harmless when several instances run it).
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private purging: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_RETENTION_SECONDS) private readonly retentionSeconds: number,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = Math.min(this.retentionSeconds * 1000, MAX_PURGE_INTERVAL_MS);
    this.timer = setInterval(() => (this.purging = this.purge()), intervalMs).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.purging;
  }

  /** The committed, unexpired record of the caller's key, if any. */
  async find(request: KeyedRequest): Promise<EarlierResponse | undefined> {
    const [row]: { fingerprint: string; status: number; response: string | null }[] = await this.dataSource.query(
      `SELECT fingerprint, status, response FROM idempotency_keys
        WHERE caller_sub = $1 AND idempotency_key = $2 AND created_at > now() - make_interval(secs => $3)`,
      [request.callerSub, request.key, this.retentionSeconds],
    );
    return row && { fingerprint: row.fingerprint, status: row.status, body: row.response === null ? undefined : JSON.parse(row.response) };
  }

  /**
   * Inserts the key's record in the caller's transaction (an expired one is taken over).
   * While another transaction holds the same key uncommitted, this waits for it; false when
   * that one committed, so the key is taken.
   */
  async claim(manager: EntityManager, request: KeyedRequest): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (caller_sub, idempotency_key, fingerprint, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (caller_sub, idempotency_key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, response = NULL, created_at = now()
         WHERE idempotency_keys.created_at <= now() - make_interval(secs => $5)
       RETURNING 1`,
      [request.callerSub, request.key, request.fingerprint, request.status, this.retentionSeconds],
    );
    return rows.length === 1;
  }

  async saveResponse(manager: EntityManager, request: KeyedRequest, response: string | null): Promise<void> {
    await manager.query(`UPDATE idempotency_keys SET response = $3 WHERE caller_sub = $1 AND idempotency_key = $2`, [
      request.callerSub,
      request.key,
      response,
    ]);
  }

  /** Replaces the stored response of a committed key. */
  correct(request: KeyedRequest, response: string | null): Promise<void> {
    return this.saveResponse(this.dataSource.manager, request, response);
  }

  /** Records a key whose request changed nothing through a unit of work; a record already there stays. */
  async record(request: KeyedRequest, response: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (await this.claim(manager, request)) await this.saveResponse(manager, request, response);
    });
  }

  /** Deletes expired records so that the table stays small. */
  async purge(): Promise<void> {
    try {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(secs => $1)`,
        [this.retentionSeconds],
      );
      if (deleted) this.logger.debug({ deleted }, 'expired idempotency keys purged');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not purge expired idempotency keys; will try again');
    }
  }
}

/**
 * An Idempotency-Key claimed in the transaction of the request's change: its record is
 * inserted first (so a concurrent duplicate waits for this one) and holds the response
 * when the change commits.
 */
export class IdempotencyClaim extends TransactionClaim {
  /** An earlier request with the key committed while this one ran: answer with its response. */
  lostToEarlier = false;
  /** What the carrying transaction stored as the response. */
  private stored?: string | null;

  constructor(
    private readonly store: IdempotencyStore,
    readonly request: KeyedRequest,
  ) {
    super();
  }

  async begin(manager: EntityManager): Promise<void> {
    if (await this.store.claim(manager, this.request)) return;
    this.lostToEarlier = true;
    throw new Error('an earlier request with this Idempotency-Key committed first'); // rolls this attempt back
  }

  async end(manager: EntityManager, result: unknown): Promise<void> {
    this.stored = responseText(result);
    await this.store.saveResponse(manager, this.request, this.stored);
  }

  /**
   * After the handler succeeded: a handler that changed nothing through a unit of work gets
   * its record now; one that reshaped the work's result has the stored response corrected.
   * (A duplicate that waited for this request's commit may read the uncorrected result in
   * between: handlers should answer with their unit of work's result, as all ours do.)
   */
  async succeeded(body: unknown): Promise<void> {
    this.close(); // no later unit of work of the request may carry the claim
    const response = responseText(body);
    if (!this.committed) await this.store.record(this.request, response);
    else if (response !== this.stored) await this.store.correct(this.request, response);
  }
}
