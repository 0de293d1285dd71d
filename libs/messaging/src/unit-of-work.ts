import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from './outbox/outbox-relay';

/** A transaction for a change and its outbox events; the relay is nudged once it commits. */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.nudge();
    return result;
  }
}
