import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';

/** What an `@EventPattern` handler gets besides the event: the transaction its effect must be written in. */
export class BusContext extends BaseRpcContext<[EntityManager]> {
  constructor(manager: EntityManager) {
    super([manager]);
  }

  /** The consumer's transaction, which also holds the event's inbox row: write through it, so the effect happens once. */
  get manager(): EntityManager {
    return this.args[0];
  }
}
