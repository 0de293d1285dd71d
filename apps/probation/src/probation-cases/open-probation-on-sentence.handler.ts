import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { intakeOf, SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { PreSentenceReportIntake, REPORT_REQUEST_STEP } from '../pre-sentence-reports/pre-sentence-report-intake';
import { asUnprocessable } from './intake-refusals';
import { probationCaseQueries } from './probation-case-queries';

/**
 * A court decision that places a person under supervision — any case type of the pack whose
 * `opensOn` it matches — opens a probation case: a new stream of the probation journal, its
 * `opened` entry recorded by the system when the decision arrives.
 */
@Controller()
export class OpenProbationOnSentence {
  constructor(
    private readonly writer: ProbationWriter,
    private readonly reports: PreSentenceReportIntake,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  @EventPattern(StepRecorded.type)
  async onStepRecorded(@Payload() { data: step }: CloudEvent<StepRecordedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    if (step.stepType === REPORT_REQUEST_STEP) return this.reports.onStepRecorded(step, manager); // the one handler of StepRecorded: reports too
    const intake = intakeOf(step, this.jurisdiction.pack.probation, this.jurisdiction.timeZone);
    if ('problem' in intake) throw new UnprocessableEventError(`step ${step.stepId}: ${intake.problem.field}: ${intake.problem.reason}`);
    if (!intake.opens) return;
    // A replay of the step under another event id finds its probation case — standing or annulled — and does nothing.
    if ((await probationCaseQueries.casesOfStep(manager, step.stepId)).length > 0) return;
    const stream = { stream: 'probation_case' as const, streamId: randomUUID(), caseId: step.caseId, region: step.region, ...(step.personId && { personId: step.personId }) };
    await asUnprocessable(`step ${step.stepId}`, () => this.writer.start(manager, stream, { type: 'open', occurredAt: new Date().toISOString(), intake: intake.intake }, SYSTEM_ACTOR));
  }
}
