import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { ProbationCaseWriter } from './probation-case-writer';
import { isProbationSentence, supervisionOf } from '../domain/probation-rules';

/** A sentence to probation opens a probation case, starting on the day of the sentence in the jurisdiction's time zone. */
@Injectable()
export class OpenProbationOnSentence implements EventHandler<StepRecordedV1> {
  readonly event = StepRecorded;

  constructor(
    private readonly probationCases: ProbationCaseWriter,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  async handle({ data: step }: CloudEvent<StepRecordedV1>, manager: EntityManager): Promise<void> {
    if (!isProbationSentence(step)) return;
    const supervision = supervisionOf(step, this.jurisdiction.timeZone);
    if ('problem' in supervision) throw new UnprocessableEventError(`sentence step ${step.stepId}: ${supervision.problem}`);
    // A replay of the step under another event id finds its probation case — standing or annulled — and does nothing.
    if ((await this.probationCases.casesOfSentence(manager, step.stepId)).length > 0) return;
    await this.probationCases.open(manager, { caseId: step.caseId, region: step.region, sourceStepId: step.stepId }, supervision);
  }
}
