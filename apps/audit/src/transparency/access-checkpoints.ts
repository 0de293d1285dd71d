import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { TreeHeadSigned } from '@icjims/contracts';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, tryTransactionLock, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER } from '@icjims/platform';
import { ACCESS_LOG_NAME, accessTree } from '../access-log/access-log.store';
import { ACCESS_TRANSPARENCY, AccessTransparency } from './access-transparency';

/** One signer per installation at a time (several audit instances take turns). */
const SIGNER_LOCK = 'access-checkpoints';

/**
 * Every checkpoint interval, and once more at shutdown, signs the access tree's head if it
 * grew, writes it to the checkpoint file outside the database and announces it
 * (TreeHeadSigned), so the bus and other services hold witnesses. It never signs a tree
 * that does not extend the last checkpoint: a rewritten history is not laundered into a
 * new head (GET /access-logs/verify then says where it was rewritten).
 */
@Injectable()
export class AccessCheckpoints implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
    @Inject(ACCESS_TRANSPARENCY) private readonly transparency: AccessTransparency,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.transparency.checkpointIntervalMs);
  }

  /** The last checkpoint before the database closes: every entry committed is signed for. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.tick();
    await this.pass;
  }

  /** Signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. Passes take turns. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    const pass = this.pass.then(() => this.sign());
    this.pass = pass.catch(() => undefined);
    return pass;
  }

  private tick(): void {
    this.checkpoint().catch((error: unknown) => this.logger.error({ err: error }, 'access log checkpoint failed; retrying at the next interval'));
  }

  private sign(): Promise<SignedTreeHead | undefined> {
    return this.unitOfWork.run(async (manager) => {
      if (!(await tryTransactionLock(manager, SIGNER_LOCK))) return undefined;
      const head = await accessTree.head(manager);
      const latest = this.transparency.checkpoints.latest();
      if (head.treeSize === 0 || head.treeSize === latest?.treeSize) return undefined;
      if (latest && !(await extendsCheckpoint(manager, latest, head.treeSize))) {
        this.logger.error(
          { log: ACCESS_LOG_NAME, checkpointTreeSize: latest.treeSize, treeSize: head.treeSize },
          'the access tree does not extend its last checkpoint; not signing (GET /access-logs/verify says where)',
        );
        return undefined;
      }
      const signed = this.transparency.signer.sign(ACCESS_LOG_NAME, head);
      await this.outbox.record(manager, TreeHeadSigned.audit, ACCESS_LOG_NAME, signed);
      // Written before the commit: a checkpoint whose event is lost still holds, as the tree it signs is committed.
      this.transparency.checkpoints.append(signed);
      this.logger.info({ log: ACCESS_LOG_NAME, treeSize: signed.treeSize }, 'access tree head signed');
      return signed;
    });
  }
}

/** The tree in the database still has the checkpoint's root at the checkpoint's size. */
async function extendsCheckpoint(manager: EntityManager, checkpoint: SignedTreeHead, treeSize: number): Promise<boolean> {
  if (treeSize < checkpoint.treeSize) return false;
  return (await accessTree.rootAt(manager, checkpoint.treeSize)).toString('hex') === checkpoint.rootHash;
}
