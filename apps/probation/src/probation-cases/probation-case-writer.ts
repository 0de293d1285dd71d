import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ProbationAnnulmentGround, ProbationCaseAmended, ProbationCaseAnnulled, ProbationCaseOpened } from '@icjims/contracts';
import { EventOutbox } from '@icjims/messaging';
import { ProbationCase } from './probation-case.entity';
import { Supervision } from '../domain/probation-rules';

/**
 * Every change of a probation case, each with the event that announces it. Runs in the
 * consumer's inbox transaction: every write goes through `manager`.
 */
@Injectable()
export class ProbationCaseWriter {
  constructor(private readonly outbox: EventOutbox) {}

  /** The probation cases a sentencing step opened, oldest first, locked until the transaction ends. */
  casesOfSentence(manager: EntityManager, sourceStepId: string): Promise<ProbationCase[]> {
    return manager.find(ProbationCase, { where: { sourceStepId }, order: { openedAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** Opens supervision from a sentencing step. A second standing case of one step breaks a unique index, and the event is retried. */
  async open(manager: EntityManager, sentence: { caseId: string; region: string; sourceStepId: string }, supervision: Supervision): Promise<void> {
    const opened: ProbationCase = {
      id: randomUUID(),
      ...sentence,
      ...supervision,
      status: 'active',
      openedAt: new Date(),
      annulledAt: null,
      annulledByStepId: null,
      annulmentGround: null,
    };
    await manager.insert(ProbationCase, opened);
    await this.outbox.record(manager, ProbationCaseOpened, opened.caseId, {
      probationCaseId: opened.id,
      caseId: opened.caseId,
      region: opened.region,
      sourceStepId: opened.sourceStepId,
      personId: opened.personId ?? undefined,
      termMonths: opened.termMonths,
      startsOn: opened.startsOn,
      openedAt: opened.openedAt.toISOString(),
    });
  }

  async amend(manager: EntityManager, probationCase: ProbationCase, supervision: Supervision, correctionStepId: string): Promise<void> {
    await manager.update(ProbationCase, { id: probationCase.id }, supervision);
    await this.outbox.record(manager, ProbationCaseAmended, probationCase.caseId, {
      ...announced(probationCase, correctionStepId),
      personId: supervision.personId ?? undefined,
      termMonths: supervision.termMonths,
      startsOn: supervision.startsOn,
      endsOn: supervision.endsOn,
    });
  }

  /** Annulled, never deleted: the row keeps who annulled it and why. */
  async annul(manager: EntityManager, probationCase: ProbationCase, ground: ProbationAnnulmentGround, correctionStepId: string): Promise<void> {
    await manager.update(
      ProbationCase,
      { id: probationCase.id },
      { status: 'annulled', annulledAt: new Date(), annulledByStepId: correctionStepId, annulmentGround: ground },
    );
    await this.outbox.record(manager, ProbationCaseAnnulled, probationCase.caseId, { ...announced(probationCase, correctionStepId), ground });
  }
}

/** What every event about a corrected probation case names; the region is the one it was opened (and counted) in. */
function announced(probationCase: ProbationCase, correctionStepId: string) {
  return {
    probationCaseId: probationCase.id,
    caseId: probationCase.caseId,
    region: probationCase.region,
    sourceStepId: probationCase.sourceStepId,
    correctionStepId,
  };
}
