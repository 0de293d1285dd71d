import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { DomainError } from '@icjims/contracts';
import { SERVICE_LOGGER } from '@icjims/platform';
import { DeadlineTracker, ruleHistories } from '../deadlines/deadline-tracker';
import { JournalState, JournalStep, replay, transferSteps } from '../legal-order';
import { StandingTransfer } from '../step-types/step-catalogue';
import { journalOf } from '../steps/journal-step.mapper';
import { JournalWriter, StepProposal } from '../steps/journal-writer';
import { KnownCase } from './known-case.entity';

/**
 * Appends a step the system records from a fact case-registry announced. A journal that
 * refuses it (finished, say) takes no step; the fact still holds for this service's tables.
 */
export async function appendFact(journal: JournalWriter, manager: EntityManager, known: KnownCase, step: Omit<StepProposal, 'recordedBy'>): Promise<boolean> {
  try {
    await journal.append(manager, known, { ...step, recordedBy: 'case-registry' });
    return true;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return false;
  }
}

/**
 * Carries persons' procedural standing from one case into another when case-registry joins the
 * first into the second or splits them off into it: suspicion, indictment, detention, measures
 * in force and their running clocks, as system steps of the receiving journal that name the
 * source (standing_received, measure_received, deadline_received). The clocks count from their
 * original start; in the source they end as handed over (see the deadline rules).
 */
@Injectable()
export class StandingCarrier {
  constructor(
    private readonly journal: JournalWriter,
    private readonly deadlines: DeadlineTracker,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * `into` must be locked by the caller's transaction. `personIds`: those split off; on a join,
   * everyone with standing who is still in the source case.
   */
  async carry(manager: EntityManager, from: KnownCase, into: KnownCase, via: StandingTransfer, at: Date, personIds?: readonly string[]): Promise<void> {
    const sourceJournal = await journalOf(manager, from.caseId);
    const source = this.replayed(from, sourceJournal);
    if (!source) return;
    const handovers = new Set([source.status === 'joined' ? source.statusStepId : undefined]);
    // The rules in force, read once for the source and every person's receiving journal.
    const histories = await ruleHistories(manager);
    const sourceClocks = await this.deadlines.clocksOf(manager, sourceJournal, histories);
    const moving = personIds ?? Object.keys(source.persons).filter((personId) => !source.persons[personId].left);
    for (const personId of moving) {
      const person = source.persons[personId];
      if (!person) continue; // no step names them there: no standing to carry
      const leftBySplit = person.left?.reason === 'split' ? person.left.stepId : undefined;
      const clocks = sourceClocks.filter(
        (clock) => clock.personId === personId && (!clock.stoppedAt || (clock.handedOver && (handovers.has(clock.stoppedByStepId) || clock.stoppedByStepId === leftBySplit))),
      );
      const receivingJournal = await journalOf(manager, into.caseId);
      const receiving = this.replayed(into, receivingJournal);
      if (!receiving) return;
      const receivingClockRules = new Set(
        (await this.deadlines.clocksOf(manager, receivingJournal, histories)).filter((clock) => clock.personId === personId && !clock.stoppedAt).map((clock) => clock.rule.code),
      );
      const steps = transferSteps({
        personId,
        fromCaseId: from.caseId,
        via,
        source: person,
        clocks: clocks.map((clock) => ({ rule: clock.rule.code, ruleVersion: clock.ruleVersion, startedAt: clock.startedAt, dueAt: clock.dueAt })),
        receiving: receiving.persons[personId],
        receivingClockRules,
      });
      for (const step of steps) {
        if (!(await appendFact(this.journal, manager, into, { ...step, occurredAt: at }))) {
          // Nothing personal: pseudonymous ids and a step type.
          this.logger.warn({ caseId: into.caseId, fromCaseId: from.caseId, stepType: step.stepType }, 'the receiving journal refused a step carrying standing');
        }
      }
    }
  }

  private replayed(known: KnownCase, journal: JournalStep[]): JournalState | undefined {
    const replayed = replay(journal, { receivedAt: known.receivedAt, stepTypes: this.journal.stepTypes });
    return replayed.ok ? replayed.state : undefined;
  }
}
