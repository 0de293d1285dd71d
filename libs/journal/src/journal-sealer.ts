import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ServiceName } from '@icjims/contracts';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, tryTransactionLock, UnitOfWork } from '@icjims/messaging';
import { TreeCheckpoints, TreeTransparency } from '@icjims/platform';
import { entryLeafHash } from './chain';
import { JournalEntry, JournalSpec } from './journal-spec';
import { journalStore } from './journal-store';

/** Entries appended to the tree per transaction; a longer backlog takes several. */
const SEAL_BATCH = 1000;

export interface JournalSealerOptions {
  service: ServiceName;
  dataSource: DataSource;
  unitOfWork: UnitOfWork;
  outbox: EventOutbox;
  transparency: TreeTransparency;
  logger: Logger;
  /** Transaction lock name: one sealer of this journal per installation at a time (several instances take turns). */
  lock: string;
}

/**
 * Puts committed entries into the journal's tree in batches, in the background, so that an
 * append costs no more than its own statement; then, every checkpoint interval and at
 * shutdown, signs the tree head when it grew (see TreeCheckpoints: checkpoint file outside the
 * database, TreeHeadSigned, never over a tree that does not extend the last checkpoint).
 */
export class JournalTreeSealer<E extends JournalEntry> {
  private readonly checkpoints: TreeCheckpoints;

  constructor(
    private readonly spec: JournalSpec<E>,
    private readonly options: JournalSealerOptions,
  ) {
    const { service, transparency, unitOfWork, outbox, logger, lock } = options;
    this.checkpoints = new TreeCheckpoints({
      service,
      log: spec.log,
      tree: spec.tree,
      transparency,
      unitOfWork,
      outbox,
      logger,
      lock,
      beforeSigning: async () => {
        while ((await this.sealBatch()) === SEAL_BATCH);
      },
    });
  }

  start(): void {
    this.checkpoints.start();
  }

  /** The last checkpoint before the database closes: everything recorded is sealed and signed. */
  stop(): Promise<void> {
    return this.checkpoints.stop();
  }

  /** Seals every committed entry, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    return this.checkpoints.checkpoint();
  }

  /** Appends the next batch of committed entries to the tree and records their leaves; returns how many. */
  private sealBatch(): Promise<number> {
    const { spec } = this;
    return this.options.dataSource.transaction(async (manager) => {
      if (!(await tryTransactionLock(manager, this.options.lock))) return 0;
      const entries = await journalStore.unsealed(manager, spec, SEAL_BATCH);
      if (!entries.length) return 0;
      const head = await spec.tree.append(manager, entries.map((entry) => entryLeafHash(spec, entry)));
      await journalStore.recordLeaves(manager, spec, head.treeSize - entries.length, entries.map((entry) => entry.id));
      return entries.length;
    });
  }
}
