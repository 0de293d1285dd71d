import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER, TreeCheckpoints } from '@icjims/platform';
import { ACCESS_LOG_NAME, accessTree } from '../access-log/access-log.store';
import { ACCESS_TRANSPARENCY, AccessTransparency } from './access-transparency';

/**
 * Signs the access tree's head every checkpoint interval and at shutdown, to the checkpoint
 * file outside the database and as TreeHeadSigned (see TreeCheckpoints); several audit
 * instances take turns.
 */
@Injectable()
export class AccessCheckpoints implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly checkpoints: TreeCheckpoints;

  constructor(unitOfWork: UnitOfWork, outbox: EventOutbox, @Inject(ACCESS_TRANSPARENCY) transparency: AccessTransparency, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.checkpoints = new TreeCheckpoints({ service: 'audit', log: ACCESS_LOG_NAME, tree: accessTree, transparency, unitOfWork, outbox, logger, lock: 'access-checkpoints' });
  }

  onApplicationBootstrap(): void {
    this.checkpoints.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.checkpoints.stop();
  }

  /** Signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    return this.checkpoints.checkpoint();
  }
}
