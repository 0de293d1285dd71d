import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import {
  CaseRegistered, CaseRegisteredV1, CloudEvent, DeadlineBreached, DeadlineBreachedV1, DeadlineBreachWithdrawn, DeadlineBreachWithdrawnV1, PersonAddedToCase,
  PersonAddedToCaseV1, PersonMerged, PersonMergedV1, PersonRemovedFromCase, PersonRemovedFromCaseV1, PersonUnmerged, PersonUnmergedV1, ProbationCaseAmended,
  ProbationCaseAmendedV1, ProbationCaseAnnulled, ProbationCaseAnnulledV1, ProbationCaseOpened, ProbationCaseOpenedV1, StepCorrected, StepCorrectedV1, StepRecorded,
  StepRecordedV1,
} from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { ChangedCase, refreshAggregatesOfCases, refreshAggregatesOfPersons } from '../aggregates/aggregate-parts';
import { CountCell, incrementActivityCounts } from '../counting/activity-counts';
import { countItem, countItems, moveItem, takeBackItem } from '../counting/counted-items';
import { monthOf } from '../counting/period';
import { noteStepTypeLevels } from '../counting/step-type-levels';
import {
  recordBreach, recordBreachWithdrawn, recordCases, recordCorrection, recordMerge, recordRoleEnded, recordRoleGiven, recordSteps, recordUnmerge,
} from '../facts/facts.store';

/*
 * The events analytics reads, each applied in the consumer's inbox transaction, so an event
 * counts once however often it is delivered. Each keeps two things: the event's facts (facts/:
 * pseudonymous ids and categories, with the times they were known, which the indicators are
 * computed from) and the activity counts (counting/: only categories — region, month, step
 * type, citizenship group — never an id). Steps and probation cases are kept as counted items so
 * that corrections can take their counts back or move them. Months are those of the
 * jurisdiction's time zone.
 */

/** The event's month in `timeZone`; a date no month can be stored for makes the event unprocessable. */
function periodIn(date: string, timeZone: string): string {
  try {
    return monthOf(date, timeZone);
  } catch (error) {
    if (error instanceof RangeError) throw new UnprocessableEventError(error.message);
    throw error;
  }
}

/**
 * Writes the facts and counts of consecutive events of one type (a run of a batch), in few
 * statements, and says which cases they changed and how. `period` gives a date's month.
 */
type CaseEventsRecorder<T> = (events: CloudEvent<T>[], manager: EntityManager, period: (date: string) => string) => Promise<ChangedCase[]>;

/** A case registered counts in its month and region. */
const recordRegistrations: CaseEventsRecorder<CaseRegisteredV1> = async (events, manager, period) => {
  const cells = events.map(({ data }): CountCell => ({ indicator: 'cases_registered', region: data.region, period: period(data.registeredAt), category: '' }));
  await recordCases(manager, events.map(({ data, time }) => ({ data, knownFrom: new Date(time) })));
  await incrementActivityCounts(manager, cells);
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'registered' } }));
};

/** A step counts once in its month under its type; a step naming a person makes its type person-level (its counts suppressed). */
const recordStepsRecorded: CaseEventsRecorder<StepRecordedV1> = async (events, manager, period) => {
  const steps = events.map(({ data }) => data);
  const items = steps.map((data) => ({ sourceId: data.stepId, cell: { indicator: 'steps_recorded', region: data.region, period: period(data.occurredAt), category: data.stepType } as CountCell }));
  await recordSteps(manager, steps);
  await noteStepTypeLevels(manager, steps.map((data) => ({ stepType: data.stepType, personLevel: data.personId !== undefined })));
  await countItems(manager, items);
  return steps.map((data) => ({ caseId: data.caseId, change: { kind: 'step', stepType: data.stepType } }));
};

/** A correction is a step too (counted as stepType `correction`); it recounts the step it corrects: an annulled step no longer counts, an amended one counts in the month it now happened in. */
const recordCorrections: CaseEventsRecorder<StepCorrectedV1> = async (events, manager, period) => {
  for (const { data, time } of events) {
    if (data.action !== 'annul' && !data.standsAs) throw new UnprocessableEventError(`correction ${data.correctionStepId}: an amendment must say what the step stands as (standsAs)`);
    await recordCorrection(manager, data, new Date(time));
    if (data.action === 'annul') await takeBackItem(manager, data.correctedStepId, 'steps_recorded');
    else await moveItem(manager, data.correctedStepId, 'steps_recorded', period(data.standsAs!.occurredAt));
  }
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'step', stepType: data.stepType } }));
};

/**
 * A person entered as a suspect counts under their citizenship group: any group code the
 * producer's jurisdiction pack gives (`unknown` included), as it comes; the pack names the
 * groups, not analytics.
 */
const recordRolesGiven: CaseEventsRecorder<PersonAddedToCaseV1> = async (events, manager, period) => {
  for (const { data, time } of events) await recordRoleGiven(manager, data, new Date(time));
  const suspects = events.filter(({ data }) => data.role === 'suspect');
  await incrementActivityCounts(manager, suspects.map(({ data, time }) => ({ indicator: 'suspects_entered', region: data.region, period: period(time), category: data.citizenshipGroup })));
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'roleGiven' } }));
};

const recordRolesEnded: CaseEventsRecorder<PersonRemovedFromCaseV1> = async (events, manager) => {
  for (const { data, time } of events) await recordRoleEnded(manager, data, new Date(time));
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'roleEnded' } }));
};

const recordBreaches: CaseEventsRecorder<DeadlineBreachedV1> = async (events, manager) => {
  for (const { data } of events) await recordBreach(manager, data);
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'breach' } }));
};

const recordBreachesWithdrawn: CaseEventsRecorder<DeadlineBreachWithdrawnV1> = async (events, manager) => {
  for (const { data } of events) await recordBreachWithdrawn(manager, data);
  return events.map(({ data }) => ({ caseId: data.caseId, change: { kind: 'breach' } }));
};

/** The recorder of each case event type. */
const RECORDERS = new Map<string, CaseEventsRecorder<never>>([
  [CaseRegistered.type, recordRegistrations],
  [StepRecorded.type, recordStepsRecorded],
  [StepCorrected.type, recordCorrections],
  [PersonAddedToCase.type, recordRolesGiven],
  [PersonRemovedFromCase.type, recordRolesEnded],
  [DeadlineBreached.type, recordBreaches],
  [DeadlineBreachWithdrawn.type, recordBreachesWithdrawn],
]);

/** Consecutive events of one type, in order. */
function runsOfOneType<T>(events: CloudEvent<T>[]): CloudEvent<T>[][] {
  const runs: CloudEvent<T>[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && last[0].type === event.type) last.push(event);
    else runs.push([event]);
  }
  return runs;
}

/**
 * The projection of the case events (one batch method for all their types, so a run of them
 * shares one aggregate refresh), of the probation cases' counts and of person merges (one event
 * at a time). Probation journal entries have their own (probation/probation-entries.handler.ts).
 */
@Controller()
export class ProjectionEvents {
  constructor(@Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction) {}

  /**
   * The events of a case (registration, steps, corrections, roles, breaches), a run of them in
   * one call: each run of one type has its facts and counts written in a few statements (steps
   * and registrations: one statement each for the whole run), in the batch's order; then the
   * aggregates of every case changed are refreshed once, one statement per aggregate
   * (aggregate-parts.ts) — a batch of N steps costs a handful of statements, not N times as many.
   */
  @EventPattern([...RECORDERS.keys()], { batch: true })
  async onCaseEvents(@Payload() events: CloudEvent<object>[], @Ctx() { manager }: BusContext): Promise<void> {
    const changed: ChangedCase[] = [];
    const period = (date: string) => this.periodOf(date);
    for (const run of runsOfOneType(events)) {
      const record = RECORDERS.get(run[0].type) as CaseEventsRecorder<object> | undefined;
      if (!record) throw new Error(`no recorder of ${run[0].type}`);
      changed.push(...(await record(run, manager, period)));
    }
    await refreshAggregatesOfCases(manager, changed, this.jurisdiction.timeZone);
  }

  @EventPattern(ProbationCaseOpened.type)
  async onProbationCaseOpened(@Payload() { data }: CloudEvent<ProbationCaseOpenedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await countItem(manager, data.probationCaseId, { indicator: 'probation_cases_opened', region: data.region, period: this.periodOf(data.startsOn), category: '' });
  }

  @EventPattern(ProbationCaseAmended.type)
  async onProbationCaseAmended(@Payload() { data }: CloudEvent<ProbationCaseAmendedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await moveItem(manager, data.probationCaseId, 'probation_cases_opened', this.periodOf(data.startsOn));
  }

  @EventPattern(ProbationCaseAnnulled.type)
  async onProbationCaseAnnulled(@Payload() { data }: CloudEvent<ProbationCaseAnnulledV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await takeBackItem(manager, data.probationCaseId, 'probation_cases_opened');
  }

  /** The two records are one person from now on in every case either appears in (not only this event's). */
  @EventPattern(PersonMerged.type)
  async onPersonMerged(@Payload() { data, time }: CloudEvent<PersonMergedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await recordMerge(manager, data, new Date(time));
    await refreshAggregatesOfPersons(manager, [data.mergedPersonId, data.survivingPersonId], this.jurisdiction.timeZone);
  }

  @EventPattern(PersonUnmerged.type)
  async onPersonUnmerged(@Payload() { data, time }: CloudEvent<PersonUnmergedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await recordUnmerge(manager, data, new Date(time));
    await refreshAggregatesOfPersons(manager, [data.restoredPersonId, data.survivingPersonId], this.jurisdiction.timeZone);
  }

  private periodOf(date: string): string {
    return periodIn(date, this.jurisdiction.timeZone);
  }
}
