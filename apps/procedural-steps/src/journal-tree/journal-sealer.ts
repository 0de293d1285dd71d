import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, tryTransactionLock, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER, TreeCheckpoints } from '@icjims/platform';
import { stepLeafHash } from '../steps/step-chain';
import { JOURNAL_TRANSPARENCY, JournalTransparency } from './journal-transparency';
import { JOURNAL_LOG, journalTree, journalTreeStore } from './journal-tree.store';

/** Steps appended to the tree per transaction; a longer backlog takes several. */
const SEAL_BATCH = 1000;
/** One sealer per installation at a time (several instances take turns). */
const SEALER_LOCK = 'journal-sealer';

/**
 * Puts committed steps into the journal tree in batches, in the background, so that
 * recording a step costs no more than before; then, every checkpoint interval and at
 * shutdown, signs the tree head when it grew (see TreeCheckpoints: checkpoint file outside the
 * database, TreeHeadSigned, never over a tree that does not extend the last checkpoint).
 */
@Injectable()
export class JournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly checkpoints: TreeCheckpoints;

  constructor(
    private readonly dataSource: DataSource,
    unitOfWork: UnitOfWork,
    outbox: EventOutbox,
    @Inject(JOURNAL_TRANSPARENCY) transparency: JournalTransparency,
    @Inject(SERVICE_LOGGER) logger: Logger,
  ) {
    this.checkpoints = new TreeCheckpoints({
      service: 'procedural-steps',
      log: JOURNAL_LOG,
      tree: journalTree,
      transparency,
      unitOfWork,
      outbox,
      logger,
      lock: SEALER_LOCK,
      beforeSigning: async () => {
        while ((await this.sealBatch()) === SEAL_BATCH);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.checkpoints.start();
  }

  /** The last checkpoint before the database closes: everything recorded is sealed and signed. */
  onModuleDestroy(): Promise<void> {
    return this.checkpoints.stop();
  }

  /** Seals every committed step, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    return this.checkpoints.checkpoint();
  }

  /** Appends the next batch of committed steps to the tree and records their leaves; returns how many. */
  private sealBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await tryTransactionLock(manager, SEALER_LOCK))) return 0;
      const steps = await journalTreeStore.unsealed(manager, SEAL_BATCH);
      if (!steps.length) return 0;
      const head = await journalTree.append(manager, steps.map(stepLeafHash));
      await journalTreeStore.recordLeaves(manager, head.treeSize - steps.length, steps.map((step) => step.id));
      return steps.length;
    });
  }
}
