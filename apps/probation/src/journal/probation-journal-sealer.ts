import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { SignedTreeHead } from '@icjims/integrity';
import { JournalTreeSealer } from '@icjims/journal';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { openTreeTransparency, SERVICE_LOGGER, TreeTransparency } from '@icjims/platform';
import { probationJournal, StoredProbationEntry } from './probation-journal';

/** Injection token: the probation journal's signing key, checkpoint file and interval. */
export const PROBATION_TRANSPARENCY = Symbol('PROBATION_TRANSPARENCY');

/** Opens (creating on first use) the signing key and the checkpoint file of the probation journal. */
export function openProbationTransparency(env: Record<string, string | undefined>): TreeTransparency {
  return openTreeTransparency(env, probationJournal.log);
}

/**
 * Seals committed probation entries into the probation tree in the background and signs its
 * head every checkpoint interval and at shutdown (libs/journal's JournalTreeSealer), so that an
 * append costs no more than its own statement.
 */
@Injectable()
export class ProbationJournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sealer: JournalTreeSealer<StoredProbationEntry>;

  constructor(
    dataSource: DataSource,
    unitOfWork: UnitOfWork,
    outbox: EventOutbox,
    @Inject(PROBATION_TRANSPARENCY) transparency: TreeTransparency,
    @Inject(SERVICE_LOGGER) logger: Logger,
  ) {
    this.sealer = new JournalTreeSealer(probationJournal, { service: 'probation', dataSource, unitOfWork, outbox, transparency, logger, lock: 'probation-journal-sealer' });
  }

  onApplicationBootstrap(): void {
    this.sealer.start();
  }

  /** The last checkpoint before the database closes: everything recorded is sealed and signed. */
  onModuleDestroy(): Promise<void> {
    return this.sealer.stop();
  }

  /** Seals every committed entry, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    return this.sealer.checkpoint();
  }
}
