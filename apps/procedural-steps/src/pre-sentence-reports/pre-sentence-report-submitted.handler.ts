import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, DomainError, PreSentenceReportSubmitted, PreSentenceReportSubmittedV1 } from '@icjims/contracts';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { knownCase } from '../known-cases/case-facts.handlers';
import { journalStepsOf } from '../steps/journal-step.mapper';
import { stepJournal } from '../steps/step-journal';
import { JournalWriter } from '../steps/journal-writer';

/** Who records the system step, as other services' facts are recorded by the service that announced them. */
const RECORDED_BY = 'probation';

/**
 * The probation service submitted a pre-sentence report a step of this case requested: the
 * journal records `pre_sentence_report_received` on the person the request named. The same
 * report announced again records nothing more; an unknown case, a request this journal does not
 * hold (or no longer holds: annulled, answered already) can never apply and is dead-lettered.
 */
@Controller()
export class PreSentenceReportSubmittedHandler {
  constructor(private readonly journal: JournalWriter) {}

  @EventPattern(PreSentenceReportSubmitted.type)
  async onPreSentenceReportSubmitted(@Payload() { data }: CloudEvent<PreSentenceReportSubmittedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = await knownCase(manager, data.caseId, true);
    // The request and an earlier receipt of the same report, not the whole journal.
    const steps = await journalStepsOf(
      manager,
      await manager.query(
        `SELECT ${stepJournal.entries.columns.join(', ')} FROM steps
          WHERE case_id = $1 AND (id::text = $2 OR (step_type = 'pre_sentence_report_received' AND details->>'reportId' = $3))`,
        [data.caseId, data.sourceStepId, data.reportId],
      ).then((rows: Record<string, unknown>[]) => rows.map(stepJournal.entries.fromRow)),
    );
    if (steps.some((step) => step.stepType === 'pre_sentence_report_received')) return;
    const request = steps.find((step) => step.stepId === data.sourceStepId && step.stepType === 'pre_sentence_report_requested');
    if (!request?.personId) throw new UnprocessableEventError(`case ${data.caseId} holds no pre-sentence report request ${data.sourceStepId}`);
    try {
      await this.journal.append(manager, known, {
        stepType: 'pre_sentence_report_received',
        occurredAt: new Date(data.submittedAt),
        recordedBy: RECORDED_BY,
        personId: request.personId,
        details: { requestStepId: request.stepId, reportId: data.reportId, recommendation: data.recommendation },
      });
    } catch (error) {
      if (error instanceof DomainError) throw new UnprocessableEventError(`the journal of case ${data.caseId} refuses report ${data.reportId}: ${error.message}`);
      throw error;
    }
  }
}
