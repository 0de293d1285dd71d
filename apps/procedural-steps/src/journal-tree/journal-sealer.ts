import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { TreeHeadSigned } from '@icjims/contracts';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, tryTransactionLock, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER } from '@icjims/platform';
import { stepLeafHash } from '../steps/step-chain';
import { JOURNAL_TRANSPARENCY, JournalTransparency } from './journal-transparency';
import { JOURNAL_LOG, journalTree, journalTreeStore } from './journal-tree.store';

/** Steps appended to the tree per transaction; a longer backlog takes several. */
const SEAL_BATCH = 1000;
/** One sealer per installation at a time (several instances take turns). */
const SEALER_LOCK = 'journal-sealer';

/**
 * Puts committed steps into the journal tree in batches, in the background, so that
 * recording a step costs no more than before; then signs the tree head when it grew, writes
 * it to the checkpoint file outside the database and announces it (TreeHeadSigned). It does
 * this every checkpoint interval and once more at shutdown, and never signs a tree that does
 * not extend the last checkpoint: a rewritten history is not laundered into a new head.
 */
@Injectable()
export class JournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    @Inject(JOURNAL_TRANSPARENCY) private readonly transparency: JournalTransparency,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.transparency.checkpointIntervalMs);
  }

  /** The last checkpoint before the database closes: everything recorded is sealed and signed. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.tick();
    await this.pass;
  }

  /**
   * Seals every committed step, then signs the head if the tree grew since the last
   * checkpoint; returns the new checkpoint, if any. Passes take turns.
   */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    const pass = this.pass.then(() => this.sealAndSign());
    this.pass = pass.catch(() => undefined);
    return pass;
  }

  private tick(): void {
    this.checkpoint().catch((error: unknown) => this.logger.error({ err: error }, 'journal checkpoint failed; retrying at the next interval'));
  }

  private async sealAndSign(): Promise<SignedTreeHead | undefined> {
    while ((await this.sealBatch()) === SEAL_BATCH);
    return this.sign();
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

  private sign(): Promise<SignedTreeHead | undefined> {
    return this.unitOfWork.run(async (manager) => {
      if (!(await tryTransactionLock(manager, SEALER_LOCK))) return undefined;
      const head = await journalTree.head(manager);
      const latest = this.transparency.checkpoints.latest();
      if (head.treeSize === 0 || head.treeSize === latest?.treeSize) return undefined;
      if (latest && !(await this.extends(manager, latest, head.treeSize))) {
        this.logger.error({ log: JOURNAL_LOG, checkpointTreeSize: latest.treeSize, treeSize: head.treeSize }, 'the journal tree does not extend its last checkpoint; not signing (verify the journal)');
        return undefined;
      }
      const signed = this.transparency.signer.sign(JOURNAL_LOG, head);
      await this.outbox.record(manager, TreeHeadSigned['procedural-steps'], JOURNAL_LOG, signed);
      // Written before the commit: a checkpoint whose event is lost still holds, as the tree it signs is committed.
      this.transparency.checkpoints.append(signed);
      this.logger.info({ log: JOURNAL_LOG, treeSize: signed.treeSize }, 'journal tree head signed');
      return signed;
    });
  }

  /** The tree in the database still has the checkpoint's root at the checkpoint's size. */
  private async extends(manager: EntityManager, checkpoint: SignedTreeHead, treeSize: number): Promise<boolean> {
    if (treeSize < checkpoint.treeSize) return false;
    return (await journalTree.rootAt(manager, checkpoint.treeSize)).toString('hex') === checkpoint.rootHash;
  }
}
