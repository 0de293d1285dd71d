import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ServiceName } from '@icjims/contracts';
import { SignedTreeHead } from '@icjims/integrity';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { SERVICE_LOGGER, TreeTransparency } from '@icjims/platform';
import { JournalEntry, JournalSpec } from './journal-spec';
import { JournalTreeSealer } from './journal-sealer';

/** A service's journal sealer as Nest runs it: started with the application, a last checkpoint before the database closes. */
export interface JournalSealerService extends OnApplicationBootstrap, OnModuleDestroy {
  /** Seals every committed entry, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. */
  checkpoint(): Promise<SignedTreeHead | undefined>;
}

/**
 * The Nest provider of a journal's sealer (JournalTreeSealer): the same for every journal, given
 * its spec, its service, its lock and the injection token of its transparency settings.
 */
export function journalSealerService<E extends JournalEntry>(
  spec: JournalSpec<E>,
  options: { service: ServiceName; lock: string; transparency: symbol },
): Type<JournalSealerService> {
  @Injectable()
  class JournalSealer implements JournalSealerService {
    private readonly sealer: JournalTreeSealer<E>;

    constructor(
      dataSource: DataSource,
      unitOfWork: UnitOfWork,
      outbox: EventOutbox,
      @Inject(options.transparency) transparency: TreeTransparency,
      @Inject(SERVICE_LOGGER) logger: Logger,
    ) {
      this.sealer = new JournalTreeSealer(spec, { service: options.service, dataSource, unitOfWork, outbox, transparency, logger, lock: options.lock });
    }

    onApplicationBootstrap(): void {
      this.sealer.start();
    }

    onModuleDestroy(): Promise<void> {
      return this.sealer.stop();
    }

    checkpoint(): Promise<SignedTreeHead | undefined> {
      return this.sealer.checkpoint();
    }
  }
  return JournalSealer;
}
