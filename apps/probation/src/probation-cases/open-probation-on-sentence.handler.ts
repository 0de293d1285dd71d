import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CloudEvent, ProbationCaseOpened, StepRecorded, StepRecordedV1 } from '@icjims/contracts';
import { EventHandler, EventOutbox, UnprocessableEventError } from '@icjims/messaging';
import { isProbationSentence, probationEndsOn, probationTerm, utcDateOf } from './probation-rules';

/**
 * A sentence to probation opens a probation case, starting on the day of the sentence.
 * Runs in the consumer's inbox transaction: every write goes through `manager`.
 */
@Injectable()
export class OpenProbationOnSentence implements EventHandler<StepRecordedV1> {
  readonly event = StepRecorded;

  constructor(private readonly outbox: EventOutbox) {}

  async handle({ data: step }: CloudEvent<StepRecordedV1>, manager: EntityManager): Promise<void> {
    if (!isProbationSentence(step)) return;
    const term = probationTerm(step.details);
    if ('problem' in term) throw new UnprocessableEventError(`sentence step ${step.stepId}: ${term.problem}`);

    const id = randomUUID();
    const { startsOn, endsOn } = termDates(step, term.months);
    const openedAt = new Date();
    // A replay of the same step under another event id finds the step's probation case and does nothing.
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO probation_cases (id, case_id, region, source_step_id, person_id, term_months, starts_on, ends_on, status, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9)
       ON CONFLICT (source_step_id) DO NOTHING
       RETURNING id`,
      [id, step.caseId, step.region, step.stepId, step.personId ?? null, term.months, startsOn, endsOn, openedAt],
    );
    if (inserted.length === 0) return;

    await this.outbox.record(manager, ProbationCaseOpened, step.caseId, {
      probationCaseId: id,
      caseId: step.caseId,
      region: step.region,
      sourceStepId: step.stepId,
      personId: step.personId,
      termMonths: term.months,
      startsOn,
      openedAt: openedAt.toISOString(),
    });
  }
}

/** The calendar dates of the term; a date outside years 0000-9999 can never be stored. */
function termDates(step: StepRecordedV1, months: number): { startsOn: string; endsOn: string } {
  try {
    const startsOn = utcDateOf(step.occurredAt);
    return { startsOn, endsOn: probationEndsOn(startsOn, months) };
  } catch (error) {
    if (error instanceof RangeError) throw new UnprocessableEventError(`sentence step ${step.stepId}: ${error.message}`);
    throw error;
  }
}
