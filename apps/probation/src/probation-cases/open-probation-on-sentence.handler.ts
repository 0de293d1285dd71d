import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { ProbationCaseWriter } from './probation-case-writer';
import { isProbationSentence, supervisionOf } from './probation-rules';

/** A sentence to probation opens a probation case, starting on the day of the sentence. */
@Injectable()
export class OpenProbationOnSentence implements EventHandler<StepRecordedV1> {
  readonly event = StepRecorded;

  constructor(private readonly probationCases: ProbationCaseWriter) {}

  async handle({ data: step }: CloudEvent<StepRecordedV1>, manager: EntityManager): Promise<void> {
    if (!isProbationSentence(step)) return;
    const supervision = supervisionOf(step);
    if ('problem' in supervision) throw new UnprocessableEventError(`sentence step ${step.stepId}: ${supervision.problem}`);
    // A replay of the step under another event id finds its probation case — standing or annulled — and does nothing.
    if ((await this.probationCases.casesOfSentence(manager, step.stepId)).length > 0) return;
    await this.probationCases.open(manager, { caseId: step.caseId, region: step.region, sourceStepId: step.stepId }, supervision);
  }
}
