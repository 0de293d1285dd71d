import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConflictError, DomainError, NotFoundError, StepCorrectedV1, StepRecordedV1 } from '@icjims/contracts';
import { UnprocessableEventError } from '@icjims/messaging';
import { SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';

/** The journal step that asks probation for a report. */
export const REPORT_REQUEST_STEP = 'pre_sentence_report_requested';

/**
 * The report a request step opens has an id derived from the step's id (a name-based UUID), so
 * a replay of the step under another event id finds the report by its primary key and opens
 * nothing twice, and a correction of the step finds it the same way.
 */
export function reportIdOf(requestStepId: string): string {
  const hex = createHash('sha256').update(`icjims:pre-sentence-report:${requestStepId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Pre-sentence reports from procedural-steps' journal: a `pre_sentence_report_requested` step
 * opens a report (the system's `requestReport`); a correction that annuls that step withdraws it,
 * one that amends it moves the report's due date. Runs in the consumer's inbox transaction.
 */
@Injectable()
export class PreSentenceReportIntake {
  constructor(private readonly writer: ProbationWriter) {}

  async onStepRecorded(step: StepRecordedV1, manager: EntityManager): Promise<void> {
    if (step.stepType !== REPORT_REQUEST_STEP || step.correctsStepId) return;
    const reportId = reportIdOf(step.stepId);
    if (await exists(manager, reportId)) return;
    const { dueOn, requestedBy } = step.details as { dueOn?: unknown; requestedBy?: unknown };
    if (typeof dueOn !== 'string' || typeof requestedBy !== 'string') {
      throw new UnprocessableEventError(`report request step ${step.stepId}: details.dueOn and details.requestedBy are required`);
    }
    try {
      await this.writer.start(
        manager,
        { stream: 'pre_sentence_report', streamId: reportId, caseId: step.caseId, region: step.region, ...(step.personId && { personId: step.personId }) },
        { type: 'requestReport', occurredAt: step.occurredAt, sourceStepId: step.stepId, requestedBy, dueOn },
        SYSTEM_ACTOR,
      );
    } catch (error) {
      // A request the legal order refuses (a requester the pack does not know, a due date before the request) never applies.
      if (error instanceof DomainError) throw new UnprocessableEventError(`report request step ${step.stepId}: ${error.message}`);
      throw error;
    }
  }

  /**
   * An annulled request withdraws its report, unless it is submitted or withdrawn already. An
   * amendment moves its due date (`amendReport`): a report submitted or withdrawn keeps what it
   * had, and a correction already applied, or one that leaves the date as it is, appends nothing.
   */
  async onStepCorrected(correction: StepCorrectedV1, manager: EntityManager): Promise<void> {
    if (correction.stepType !== REPORT_REQUEST_STEP) return;
    const reportId = reportIdOf(correction.correctedStepId);
    if (correction.action === 'amend') return this.amend(reportId, correction, manager);
    const [report]: Array<{ status: string }> = await manager.query(`SELECT status FROM probation_streams WHERE stream_id = $1 FOR UPDATE`, [reportId]);
    if (!report || report.status === 'submitted' || report.status === 'withdrawn') return;
    await this.writer.command(manager, reportId, { type: 'withdrawReport', occurredAt: new Date().toISOString() }, SYSTEM_ACTOR);
  }

  private async amend(reportId: string, correction: StepCorrectedV1, manager: EntityManager): Promise<void> {
    const what = `correction ${correction.correctionStepId} of report request step ${correction.correctedStepId}`;
    const dueOn = correction.standsAs?.details.dueOn;
    if (typeof dueOn !== 'string') throw new UnprocessableEventError(`${what}: details.dueOn is required`);
    const command = { type: 'amendReport' as const, occurredAt: new Date().toISOString(), correctionStepId: correction.correctionStepId, dueOn };
    try {
      await this.writer.command(manager, reportId, command, SYSTEM_ACTOR);
    } catch (error) {
      // No report (its request never opened one), one submitted or withdrawn, or the correction already applied: nothing to do.
      if (error instanceof NotFoundError || error instanceof ConflictError) return;
      // A date the legal order refuses (before the request) never applies.
      if (error instanceof DomainError) throw new UnprocessableEventError(`${what}: ${error.message}`);
      throw error;
    }
  }
}

async function exists(manager: EntityManager, streamId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM probation_streams WHERE stream_id = $1`, [streamId]);
  return rows.length > 0;
}
