import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { recordedEventTypes } from './outbox/event-outbox';
import { OutboxRelay } from './outbox/outbox-relay';

const claims = new AsyncLocalStorage<readonly TransactionClaim[]>();

/**
 * A record that must commit in the same transaction as the change a request makes — the
 * platform's idempotency key, the request's access event — so that neither can exist without
 * the other. Code run by `claim.run(…)` carries it into its first UnitOfWork; units of work
 * nested in that one, started after it committed, or after `close()` do not. If that
 * transaction rolls back, the next unit of work carries it instead. Claims run one inside
 * another are carried together, the outer one's statements first.
 */
export abstract class TransactionClaim {
  private state: 'open' | 'in-transaction' | 'committed' = 'open';
  private closed = false;

  /** The first statements of the carrying transaction; throwing aborts it. */
  abstract begin(manager: EntityManager): Promise<void>;
  /** Its last statements before the commit, given the work's result. */
  abstract end(manager: EntityManager, result: unknown): Promise<void>;

  run<T>(work: () => T): T {
    return claims.run([...(claims.getStore() ?? []), this], work);
  }

  /** Whether a transaction carrying the claim has committed. */
  get committed(): boolean {
    return this.state === 'committed';
  }

  /** No unit of work carries the claim from now on. */
  close(): void {
    this.closed = true;
  }

  /** The claims the next transaction must carry, taken from the current async context. */
  static take(): TransactionClaim[] {
    const open = (claims.getStore() ?? []).filter((claim) => !claim.closed && claim.state === 'open');
    for (const claim of open) claim.state = 'in-transaction';
    return open;
  }

  /** How the transaction that took the claim ended; after a rollback the claim is open again. */
  settle(committed: boolean): void {
    this.state = committed ? 'committed' : 'open';
  }
}

/** A transaction for a change and its outbox events; the relay lanes of the events it recorded are nudged once it commits. */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Runs `work` in a transaction. Within a request that guards its change with a claim
   * (an Idempotency-Key), the first run carries it: make the change in that first run.
   */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const carried = TransactionClaim.take();
    let result: T;
    let recorded: ReadonlySet<string> = new Set();
    try {
      result = await this.dataSource.transaction(async (manager) => {
        for (const claim of carried) await claim.begin(manager);
        const done = await work(manager);
        for (const claim of carried) await claim.end(manager, done);
        recorded = recordedEventTypes(manager);
        return done;
      });
    } catch (error) {
      for (const claim of carried) claim.settle(false);
      throw error;
    }
    for (const claim of carried) claim.settle(true);
    if (recorded.size) this.relay.nudge(recorded);
    return result;
  }
}
