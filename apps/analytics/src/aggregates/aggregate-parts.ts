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

/** The aggregates this change of a case can change, refreshed from its facts (in the projection's transaction, after the facts were written). */
export async function refreshAggregatesOfCase(manager: EntityManager, caseId: string, change: CaseChange, timeZone: string): Promise<void> {
  for (const part of AGGREGATES) if (part.refreshCase && part.changedBy(change)) await part.refreshCase(manager, caseId, timeZone);
}

/** The aggregates of every case these person records appear in, refreshed (a merge or unmerge of the two). */
export async function refreshAggregatesOfPersons(manager: EntityManager, personIds: readonly string[], timeZone: string): Promise<void> {
  for (const part of AGGREGATES) if (part.refreshPersons) await part.refreshPersons(manager, personIds, timeZone);
}
