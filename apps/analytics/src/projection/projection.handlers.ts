import { Inject, Injectable, Type } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, DeadlineBreached, DeadlineBreachedV1, DeadlineBreachWithdrawn, DeadlineBreachWithdrawnV1, PersonAddedToCase,
  PersonAddedToCaseV1, PersonMerged, PersonMergedV1, PersonRemovedFromCase, PersonRemovedFromCaseV1, PersonUnmerged, PersonUnmergedV1, ProbationCaseAmended,
  ProbationCaseAmendedV1, ProbationCaseAnnulled, ProbationCaseAnnulledV1, ProbationCaseOpened, ProbationCaseOpenedV1, StepCorrected, StepCorrectedV1, StepRecorded,
  StepRecordedV1,
} from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { refreshAggregatesOfCase, refreshAggregatesOfPersons } from '../aggregates/aggregate-parts';
import { incrementActivityCount } from '../counting/activity-counts';
import { countItem, moveItem, takeBackItem } from '../counting/counted-items';
import { monthOf } from '../counting/period';
import { RecordProbationEntry } from '../probation/probation-entries.handler';
import { noteStepTypeLevel } from '../counting/step-type-levels';
import {
  recordBreach, recordBreachWithdrawn, recordCase, recordCorrection, recordMerge, recordRoleEnded, recordRoleGiven, recordStep, recordUnmerge,
} from '../facts/facts.store';

/*
 * One handler per event type analytics reads. Each runs in the consumer's inbox transaction,
 * so an event counts once however often it is delivered, and keeps two things: the event's
 * facts (facts/: pseudonymous ids and categories, with the times they were known, which the
 * indicators are computed from) and the activity counts (counting/: only categories — region,
 * month, step type, citizenship group — never an id). Steps and probation cases are kept as
 * counted items so that corrections can take their counts back or move them. Months are those
 * of the jurisdiction's time zone.
 */

/** A handler under the installation's jurisdiction: the time zone its months and aggregates count in. */
abstract class InJurisdiction {
  constructor(@Inject(JURISDICTION) protected readonly jurisdiction: Jurisdiction) {}

  /** The event's month; a date no month can be stored for makes the event unprocessable. */
  protected periodOf(date: string): string {
    try {
      return monthOf(date, this.jurisdiction.timeZone);
    } catch (error) {
      if (error instanceof RangeError) throw new UnprocessableEventError(error.message);
      throw error;
    }
  }
}

@Injectable()
export class CountCaseRegistered extends InJurisdiction implements EventHandler<CaseRegisteredV1> {
  readonly event = CaseRegistered;

  async handle({ data, time }: CloudEvent<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    await recordCase(manager, data, new Date(time));
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'registered' }, this.jurisdiction.timeZone);
    await incrementActivityCount(manager, { indicator: 'cases_registered', region: data.region, period: this.periodOf(data.registeredAt), category: '' });
  }
}

/**
 * A correction is a step too: it counts as stepType `correction`, and its StepCorrected recounts
 * the step it corrects. A step naming a person makes its type person-level (its counts suppressed).
 */
@Injectable()
export class CountStepRecorded extends InJurisdiction implements EventHandler<StepRecordedV1> {
  readonly event = StepRecorded;

  async handle({ data }: CloudEvent<StepRecordedV1>, manager: EntityManager): Promise<void> {
    await recordStep(manager, data);
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'step', stepType: data.stepType }, this.jurisdiction.timeZone);
    await noteStepTypeLevel(manager, data.stepType, data.personId !== undefined);
    await countItem(manager, data.stepId, { indicator: 'steps_recorded', region: data.region, period: this.periodOf(data.occurredAt), category: data.stepType });
  }
}

/** An annulled step no longer counts; an amended one counts in the month it now happened in. */
@Injectable()
export class RecountStepCorrected extends InJurisdiction implements EventHandler<StepCorrectedV1> {
  readonly event = StepCorrected;

  async handle({ data, time }: CloudEvent<StepCorrectedV1>, manager: EntityManager): Promise<void> {
    await recordCorrection(manager, data, new Date(time));
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'step', stepType: data.stepType }, this.jurisdiction.timeZone);
    if (data.action === 'annul') return takeBackItem(manager, data.correctedStepId, 'steps_recorded');
    if (!data.standsAs) throw new UnprocessableEventError(`correction ${data.correctionStepId}: an amendment must say what the step stands as (standsAs)`);
    await moveItem(manager, data.correctedStepId, 'steps_recorded', this.periodOf(data.standsAs.occurredAt));
  }
}

@Injectable()
export class CountProbationCaseOpened extends InJurisdiction implements EventHandler<ProbationCaseOpenedV1> {
  readonly event = ProbationCaseOpened;

  async handle({ data }: CloudEvent<ProbationCaseOpenedV1>, manager: EntityManager): Promise<void> {
    await countItem(manager, data.probationCaseId, { indicator: 'probation_cases_opened', region: data.region, period: this.periodOf(data.startsOn), category: '' });
  }
}

@Injectable()
export class RecountProbationCaseAmended extends InJurisdiction implements EventHandler<ProbationCaseAmendedV1> {
  readonly event = ProbationCaseAmended;

  async handle({ data }: CloudEvent<ProbationCaseAmendedV1>, manager: EntityManager): Promise<void> {
    await moveItem(manager, data.probationCaseId, 'probation_cases_opened', this.periodOf(data.startsOn));
  }
}

@Injectable()
export class RecountProbationCaseAnnulled implements EventHandler<ProbationCaseAnnulledV1> {
  readonly event = ProbationCaseAnnulled;

  async handle({ data }: CloudEvent<ProbationCaseAnnulledV1>, manager: EntityManager): Promise<void> {
    await takeBackItem(manager, data.probationCaseId, 'probation_cases_opened');
  }
}

/**
 * A person entered as a suspect counts under their citizenship group: any group code the
 * producer's jurisdiction pack gives (`unknown` included), as it comes; the pack names the
 * groups, not analytics.
 */
@Injectable()
export class CountSuspectEntered extends InJurisdiction implements EventHandler<PersonAddedToCaseV1> {
  readonly event = PersonAddedToCase;

  async handle({ data, time }: CloudEvent<PersonAddedToCaseV1>, manager: EntityManager): Promise<void> {
    await recordRoleGiven(manager, data, new Date(time));
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'roleGiven' }, this.jurisdiction.timeZone);
    if (data.role !== 'suspect') return;
    await incrementActivityCount(manager, { indicator: 'suspects_entered', region: data.region, period: this.periodOf(time), category: data.citizenshipGroup });
  }
}

@Injectable()
export class RecordRoleEnded extends InJurisdiction implements EventHandler<PersonRemovedFromCaseV1> {
  readonly event = PersonRemovedFromCase;

  async handle({ data, time }: CloudEvent<PersonRemovedFromCaseV1>, manager: EntityManager): Promise<void> {
    await recordRoleEnded(manager, data, new Date(time));
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'roleEnded' }, this.jurisdiction.timeZone);
  }
}

@Injectable()
export class RecordMerge extends InJurisdiction implements EventHandler<PersonMergedV1> {
  readonly event = PersonMerged;

  /** The two records are one person from now on in every case either appears in (not only this event's). */
  async handle({ data, time }: CloudEvent<PersonMergedV1>, manager: EntityManager): Promise<void> {
    await recordMerge(manager, data, new Date(time));
    await refreshAggregatesOfPersons(manager, [data.mergedPersonId, data.survivingPersonId], this.jurisdiction.timeZone);
  }
}

@Injectable()
export class RecordUnmerge extends InJurisdiction implements EventHandler<PersonUnmergedV1> {
  readonly event = PersonUnmerged;

  async handle({ data, time }: CloudEvent<PersonUnmergedV1>, manager: EntityManager): Promise<void> {
    await recordUnmerge(manager, data, new Date(time));
    await refreshAggregatesOfPersons(manager, [data.restoredPersonId, data.survivingPersonId], this.jurisdiction.timeZone);
  }
}

@Injectable()
export class RecordBreach extends InJurisdiction implements EventHandler<DeadlineBreachedV1> {
  readonly event = DeadlineBreached;

  async handle({ data }: CloudEvent<DeadlineBreachedV1>, manager: EntityManager): Promise<void> {
    await recordBreach(manager, data);
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'breach' }, this.jurisdiction.timeZone);
  }
}

@Injectable()
export class RecordBreachWithdrawn extends InJurisdiction implements EventHandler<DeadlineBreachWithdrawnV1> {
  readonly event = DeadlineBreachWithdrawn;

  async handle({ data }: CloudEvent<DeadlineBreachWithdrawnV1>, manager: EntityManager): Promise<void> {
    await recordBreachWithdrawn(manager, data);
    await refreshAggregatesOfCase(manager, data.caseId, { kind: 'breach' }, this.jurisdiction.timeZone);
  }
}

export const PROJECTION_HANDLERS: Type<EventHandler>[] = [
  CountCaseRegistered,
  CountStepRecorded,
  RecountStepCorrected,
  CountProbationCaseOpened,
  RecountProbationCaseAmended,
  RecountProbationCaseAnnulled,
  CountSuspectEntered,
  RecordRoleEnded,
  RecordMerge,
  RecordUnmerge,
  RecordBreach,
  RecordBreachWithdrawn,
  RecordProbationEntry,
];
