import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@icjims/auth';
import { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, noteConsultedPersons } from '@icjims/platform';
import { correctionFromDetails, effectiveJournal } from '../legal-order';
import { stepTitle } from '../i18n/texts';
import { JournalProofs } from '../journal-tree/journal-proofs';
import { personsNamedBy } from '../steps/persons-named';
import { toJournalStep } from '../steps/journal-step.mapper';
import { ProceduralStep } from '../steps/step.entity';
import { toStepDto } from '../steps/step-dto.mapper';
import { CorrectionNoteDto, EntryStanding, TimelineDto } from './dto/timeline.dto';

@Injectable()
export class TimelineService {
  constructor(
    private readonly journal: JournalProofs,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Every recorded step in order, with what later corrections did to it; step titles in `language`. */
  async timeline(caseId: string, principal: Principal, language = 'en'): Promise<TimelineDto> {
    const { known, steps, integrity } = await this.journal.verifiedJournal(caseId, principal);
    const effective = new Map(effectiveJournal(steps.map(toJournalStep)).map((step) => [step.stepId, step]));
    const notes = correctionNotes(steps);
    noteConsultedPersons(personsNamedBy(steps));
    return {
      caseId: known.caseId,
      caseNumber: known.caseNumber,
      region: known.region,
      status: known.status,
      version: known.version,
      generatedAt: new Date().toISOString(),
      integrity,
      entries: steps.map((step) => {
        const inEffect = effective.get(step.id);
        const standing: EntryStanding = step.correctsStepId ? 'in_effect' : !inEffect ? 'annulled' : inEffect.correctedBy.length ? 'amended' : 'in_effect';
        return {
          step: toStepDto(step, this.jurisdiction),
          title: stepTitle(step.stepType, language),
          standing,
          effective:
            standing === 'annulled' || !inEffect
              ? null
              : { occurredAt: inEffect.occurredAt.toISOString(), personId: inEffect.personId ?? null, details: inEffect.details },
          correctedBy: notes.get(step.id) ?? [],
        };
      }),
    };
  }
}

/** The corrections of each step, by the corrected step's id, in journal order. */
function correctionNotes(steps: ProceduralStep[]): Map<string, CorrectionNoteDto[]> {
  const notes = new Map<string, CorrectionNoteDto[]>();
  for (const step of steps) {
    if (!step.correctsStepId) continue;
    const { action, reason } = correctionFromDetails(step.correctsStepId, step.details);
    const note: CorrectionNoteDto = { stepId: step.id, sequence: step.sequence, action, reason };
    notes.set(step.correctsStepId, [...(notes.get(step.correctsStepId) ?? []), note]);
  }
  return notes;
}
