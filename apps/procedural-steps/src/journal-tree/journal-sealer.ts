import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { SignedTreeHead } from '@icjims/integrity';
import { JournalTreeSealer } from '@icjims/journal';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER } from '@icjims/platform';
import { stepJournal } from '../steps/step-journal';
import { ProceduralStep } from '../steps/step.entity';
import { JOURNAL_TRANSPARENCY, JournalTransparency } from './journal-transparency';

/**
 * Seals committed steps into the journal tree in the background and signs its head every
 * checkpoint interval and at shutdown (libs/journal's JournalTreeSealer), so that recording a
 * step costs no more than its own statement.
 */
@Injectable()
export class JournalSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sealer: JournalTreeSealer<ProceduralStep>;

  constructor(
    dataSource: DataSource,
    unitOfWork: UnitOfWork,
    outbox: EventOutbox,
    @Inject(JOURNAL_TRANSPARENCY) transparency: JournalTransparency,
    @Inject(SERVICE_LOGGER) logger: Logger,
  ) {
    this.sealer = new JournalTreeSealer(stepJournal, { service: 'procedural-steps', dataSource, unitOfWork, outbox, transparency, logger, lock: 'journal-sealer' });
  }

  onApplicationBootstrap(): void {
    this.sealer.start();
  }

  /** The last checkpoint before the database closes: everything recorded is sealed and signed. */
  onModuleDestroy(): Promise<void> {
    return this.sealer.stop();
  }

  /** Seals every committed step, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    return this.sealer.checkpoint();
  }
}
