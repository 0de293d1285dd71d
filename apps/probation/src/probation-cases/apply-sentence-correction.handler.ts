import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, ProbationAnnulmentGround, StepCorrected, StepCorrectedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { CaseOfSentence, Conditions, decideOnCorrection, intakeUnder, probationEndsOn, ProbationCaseState, sameConditions, Supervision, SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { PreSentenceReportIntake, REPORT_REQUEST_STEP } from '../pre-sentence-reports/pre-sentence-report-intake';
import { asUnprocessable } from './intake-refusals';
import { probationCaseQueries } from './probation-case-queries';

/**
 * A correction of a court decision opens, amends or annuls the probation case it stands for
 * (domain/probation-rules.ts decides which), through the journal's one write path.
 */
@Controller()
export class ApplySentenceCorrection {
  constructor(
    private readonly writer: ProbationWriter,
    private readonly reports: PreSentenceReportIntake,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  @EventPattern(StepCorrected.type)
  async onStepCorrected(@Payload() { data: correction }: CloudEvent<StepCorrectedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    if (correction.stepType === REPORT_REQUEST_STEP) return this.reports.onStepCorrected(correction, manager); // the one handler of StepCorrected: reports too
    const { pack, timeZone } = { pack: this.jurisdiction.pack.probation, timeZone: this.jurisdiction.timeZone };
    // Only a step type some case type opens on bears on probation; spares the lookup.
    if (!pack.caseTypes.some((caseType) => caseType.opensOn.some((match) => match.stepType === correction.stepType))) return;
    const cases = (await probationCaseQueries.casesOfStep(manager, correction.correctedStepId)).map(({ streamId, state }) => ({ streamId, ...asCaseOfSentence(state) }));
    const decision = decideOnCorrection(cases, correction, intakeUnder(pack, timeZone));
    const what = `correction ${correction.correctionStepId} of step ${correction.correctedStepId}`;
    const now = new Date().toISOString();
    switch (decision.action) {
      case 'ignore':
        return;
      case 'refuse':
        throw new UnprocessableEventError(`${what}: ${decision.problem}`);
      case 'open': {
        const { intake } = decision;
        const stream = { stream: 'probation_case' as const, streamId: randomUUID(), caseId: correction.caseId, region: correction.region, ...(intake.personId && { personId: intake.personId }) };
        await asUnprocessable(what, () => this.writer.start(manager, stream, { type: 'open', occurredAt: now, intake }, SYSTEM_ACTOR));
        return;
      }
      case 'amend': {
        const { probationCase, supervision } = decision;
        if (standsAsBefore(probationCase, supervision)) return; // a person left out of the correction stays the case's
        const command = { type: 'amend' as const, occurredAt: now, sourceStepId: correction.correctedStepId, correctionStepId: correction.correctionStepId, supervision };
        await asUnprocessable(what, () => this.writer.command(manager, probationCase.streamId, command, SYSTEM_ACTOR));
        return;
      }
      case 'annul': {
        const command = { type: 'annul' as const, occurredAt: now, sourceStepId: correction.correctedStepId, correctionStepId: correction.correctionStepId, ground: decision.ground };
        await asUnprocessable(what, () => this.writer.command(manager, decision.probationCase.streamId, command, SYSTEM_ACTOR));
        return;
      }
    }
  }
}

/**
 * A case as corrections of its court decision see it. Its end is the sentence's (start plus
 * term): months a court added by extension stay added, so they are no reason to amend.
 */
function asCaseOfSentence(state: ProbationCaseState): CaseOfSentence {
  return {
    personId: state.personId,
    termMonths: state.termMonths,
    startsOn: state.startsOn,
    endsOn: probationEndsOn(state.startsOn, state.termMonths),
    caseType: state.caseType,
    obligations: state.obligations,
    ...(state.communityWork && { communityWorkHours: state.communityWork.ordered }),
    status: state.status,
    annulledByStepId: state.annulment?.correctionStepId ?? null,
    annulmentGround: (state.annulment?.ground as ProbationAnnulmentGround | undefined) ?? null,
  };
}

function standsAsBefore(probationCase: CaseOfSentence, supervision: Supervision & Conditions): boolean {
  const samePerson = (supervision.personId ?? probationCase.personId) === probationCase.personId;
  return probationCase.termMonths === supervision.termMonths && probationCase.startsOn === supervision.startsOn && samePerson && sameConditions(probationCase, supervision);
}
