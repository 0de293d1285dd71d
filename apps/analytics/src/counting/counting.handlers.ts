import { Injectable, Type } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, ProbationCaseOpened, ProbationCaseOpenedV1, StepRecorded, StepRecordedV1,
} from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { incrementActivityCount } from './activity-counts';
import { monthOf } from './period';

/*
 * Each handler runs in the consumer's inbox transaction, so an event counts once however
 * often it is delivered. They copy only categories (region, month, step type) — never a
 * case id, person id or anything else that points at someone.
 */

/** The event's month; a date no month can be stored for makes the event unprocessable. */
function periodOf(date: string): string {
  try {
    return monthOf(date);
  } catch (error) {
    if (error instanceof RangeError) throw new UnprocessableEventError(error.message);
    throw error;
  }
}

@Injectable()
export class CountCaseRegistered implements EventHandler<CaseRegisteredV1> {
  readonly event = CaseRegistered;

  async handle({ data }: CloudEvent<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    await incrementActivityCount(manager, { indicator: 'cases_registered', region: data.region, period: periodOf(data.registeredAt), category: '' });
  }
}

@Injectable()
export class CountStepRecorded implements EventHandler<StepRecordedV1> {
  readonly event = StepRecorded;

  async handle({ data }: CloudEvent<StepRecordedV1>, manager: EntityManager): Promise<void> {
    await incrementActivityCount(manager, { indicator: 'steps_recorded', region: data.region, period: periodOf(data.occurredAt), category: data.stepType });
  }
}

@Injectable()
export class CountProbationCaseOpened implements EventHandler<ProbationCaseOpenedV1> {
  readonly event = ProbationCaseOpened;

  async handle({ data }: CloudEvent<ProbationCaseOpenedV1>, manager: EntityManager): Promise<void> {
    await incrementActivityCount(manager, { indicator: 'probation_cases_opened', region: data.region, period: periodOf(data.startsOn), category: '' });
  }
}

export const COUNTING_HANDLERS: Type<EventHandler>[] = [CountCaseRegistered, CountStepRecorded, CountProbationCaseOpened];
