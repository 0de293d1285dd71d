import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseStatusChanged, StepCorrected, StepRecorded } from '@icjims/contracts';
import { journalStore } from '@icjims/journal';
import { EventOutbox } from '@icjims/messaging';
import { DeadlineTracker } from '../deadlines/deadline-tracker';
import { KnownCase } from '../known-cases/known-case.entity';
import { stepJournal } from './step-journal';
import { ProceduralStep } from './step.entity';
import { StepDetails } from './step-rules';
import { StepTypes } from '../step-types/step-types';
import { checkLegalOrder } from './legal-order-check';
import { Correction, correctionToDetails, effectiveJournal, JournalStep } from '../legal-order';
import { journalOf, journalStepsOf } from './journal-step.mapper';

/** A step as its recorder proposes it, checked for form already. */
export interface StepProposal {
  stepType: string;
  occurredAt: Date;
  recordedBy: string;
  personId?: string;
  details: StepDetails;
  correction?: Correction;
}

/**
 * The one way a step enters a journal, for the API and for the registration alike: it
 * must fit the legal order of the whole journal so far, it becomes the next link of the
 * case's hash chain, its events go out with it, and the case's deadlines follow it.
 */
@Injectable()
export class JournalWriter {
  constructor(
    private readonly outbox: EventOutbox,
    private readonly deadlines: DeadlineTracker,
    readonly stepTypes: StepTypes,
  ) {}

  /** `known` must be locked by the caller's transaction (SELECT … FOR UPDATE); `language`: of a refusal's title. */
  async append(manager: EntityManager, known: KnownCase, proposal: StepProposal, language = 'en'): Promise<ProceduralStep> {
    const journal = await journalOf(manager, known.caseId);
    const status = checkLegalOrder(known, journal, proposal, this.stepTypes, language);

    const { correction, ...recorded } = proposal;
    const unlinked = {
      id: randomUUID(),
      caseId: known.caseId,
      recordedAt: new Date(),
      ...recorded,
      personId: recorded.personId ?? null,
      // A correction is stored flat, as its details, beside the id of the step it corrects.
      details: correction ? correctionToDetails(correction) : recorded.details,
      correctsStepId: correction?.correctsStepId ?? null,
    };
    // The step and the case's new head (version, last hash, status) in one statement.
    const appended = await journalStore.appendEntries(manager, stepJournal, known.caseId, known, [unlinked], { headColumns: { status } });
    const [step] = appended.entries;

    const previousStatus = known.status;
    Object.assign(known, { ...appended.head, status });
    await this.outbox.record(manager, StepRecorded, known.caseId, {
      stepId: step.id,
      caseId: known.caseId,
      region: known.region,
      sequence: step.sequence,
      stepType: step.stepType,
      occurredAt: step.occurredAt.toISOString(),
      recordedAt: step.recordedAt.toISOString(),
      recordedBy: step.recordedBy,
      personId: step.personId ?? undefined,
      details: publishedDetails(step),
      correctsStepId: step.correctsStepId ?? undefined,
    });
    // The journal with the new step, read once as the rules read it, for step.corrected and the deadlines alike.
    const withStep = [...journal, ...(await journalStepsOf(manager, [step]))];
    if (correction) await this.announceCorrection(manager, known, withStep, step.id, correction);
    if (status !== previousStatus) {
      await this.outbox.record(manager, CaseStatusChanged, known.caseId, {
        caseId: known.caseId,
        region: known.region,
        status,
        previousStatus,
        stepId: step.id,
        occurredAt: step.occurredAt.toISOString(),
      });
    }
    await this.deadlines.track(manager, known.caseId, withStep);
    return step;
  }

  /** What the corrected step now stands as, with every correction so far applied, for projections outside this service. */
  private async announceCorrection(manager: EntityManager, known: KnownCase, journal: JournalStep[], correctionStepId: string, correction: Correction): Promise<void> {
    const corrected = journal.find((candidate) => candidate.stepId === correction.correctsStepId) as JournalStep;
    const standing = effectiveJournal(journal).find((candidate) => candidate.stepId === corrected.stepId);
    await this.outbox.record(manager, StepCorrected, known.caseId, {
      caseId: known.caseId,
      region: known.region,
      correctionStepId,
      correctedStepId: corrected.stepId,
      stepType: corrected.stepType,
      action: correction.action,
      ...(standing && {
        standsAs: { occurredAt: standing.occurredAt.toISOString(), ...(standing.personId && { personId: standing.personId }), details: standing.details },
      }),
    });
  }
}

/** A correction's reason is free text that may name people: it stays in the journal and is not published. */
function publishedDetails(step: ProceduralStep): StepDetails {
  if (!step.correctsStepId) return step.details;
  const { reason: _reason, ...published } = step.details;
  return published;
}
