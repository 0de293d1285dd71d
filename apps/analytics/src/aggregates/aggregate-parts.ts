import { EntityManager } from 'typeorm';
import { AggregatePart, CaseChange } from './aggregate-part';
import { FLOW_AGGREGATE } from './case-stages';
import { CUSTODY_AGGREGATE } from './custody-aggregates';
import { DEFENCE_AGGREGATE } from './defence-aggregates';
import { DURATION_AGGREGATE } from './duration-aggregates';
import { BREACH_AGGREGATE, LIBERTY_AGGREGATE } from './liberty-aggregates';
import { PROBATION_AGGREGATE } from '../probation/probation-aggregates';
import { PEOPLE_AGGREGATE } from './people-aggregates';
import { REOFFENDING_AFTER_PROBATION_AGGREGATE, REOFFENDING_AGGREGATE } from './reoffending-aggregates';
import { TERMINATIONS_AGGREGATE } from './terminations-aggregates';

/** Every aggregate, in the order the projection refreshes them (a part may read one before it). */
export const AGGREGATES: readonly AggregatePart[] = [FLOW_AGGREGATE, DURATION_AGGREGATE, PEOPLE_AGGREGATE, LIBERTY_AGGREGATE, BREACH_AGGREGATE, CUSTODY_AGGREGATE, DEFENCE_AGGREGATE, TERMINATIONS_AGGREGATE, REOFFENDING_AGGREGATE, REOFFENDING_AFTER_PROBATION_AGGREGATE, PROBATION_AGGREGATE];

/** A case and what happened to it. */
export interface ChangedCase {
  caseId: string;
  change: CaseChange;
}

/**
 * The aggregates these changes of cases can change, refreshed from the cases' facts (in the
 * projection's transaction, after the facts were written): one statement per part that any of
 * the changes concerns, for every case it concerns — a batch of events costs a statement per
 * part, not per event. The facts are the whole truth, so one refresh after all of a batch's facts
 * gives what a refresh after each would.
 */
export async function refreshAggregatesOfCases(manager: EntityManager, changed: readonly ChangedCase[], timeZone: string): Promise<void> {
  for (const part of AGGREGATES) {
    if (!part.refreshCases) continue;
    const caseIds = [...new Set(changed.filter(({ change }) => part.changedBy(change)).map(({ caseId }) => caseId))].sort();
    if (caseIds.length) await part.refreshCases(manager, caseIds, timeZone);
  }
}

/** The aggregates of every case these person records appear in, refreshed (a merge or unmerge of the two). */
export async function refreshAggregatesOfPersons(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void> {
  for (const part of AGGREGATES) if (part.refreshPersons) await part.refreshPersons(manager, personIds, timeZone);
}
