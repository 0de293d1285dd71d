import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, StepCorrected, StepCorrectedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { ProbationCaseWriter } from './probation-case-writer';
import { decideOnCorrection } from '../domain/probation-rules';

/** A correction of a sentence opens, amends or annuls the probation case it stands for (domain/probation-rules.ts decides which). */
@Injectable()
export class ApplySentenceCorrection implements EventHandler<StepCorrectedV1> {
  readonly event = StepCorrected;

  constructor(
    private readonly probationCases: ProbationCaseWriter,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  async handle({ data: correction }: CloudEvent<StepCorrectedV1>, manager: EntityManager): Promise<void> {
    if (correction.stepType !== 'sentence') return; // only sentences bear on probation; spares the lookup
    const decision = decideOnCorrection(await this.probationCases.casesOfSentence(manager, correction.correctedStepId), correction, this.jurisdiction.timeZone);
    switch (decision.action) {
      case 'ignore':
        return;
      case 'refuse':
        throw new UnprocessableEventError(`correction ${correction.correctionStepId} of sentence step ${correction.correctedStepId}: ${decision.problem}`);
      case 'open':
        return this.probationCases.open(manager, { caseId: correction.caseId, region: correction.region, sourceStepId: correction.correctedStepId }, decision.supervision);
      case 'amend':
        return this.probationCases.amend(manager, decision.probationCase, decision.supervision, correction.correctionStepId);
      case 'annul':
        return this.probationCases.annul(manager, decision.probationCase, decision.ground, correction.correctionStepId);
    }
  }
}
