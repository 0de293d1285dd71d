import { ServiceDefinition } from '@icjims/platform';
import { analyticsEnvironment } from './analytics.environment';
import { adoptJurisdiction } from './adopt-jurisdiction';
import { AnalyticsModule } from './analytics.module';
import { Analytics1763900000400 } from './migrations/1763900000400-analytics';
import { CountedItems1763900000410 } from './migrations/1763900000410-counted-items';
import { StepTypeLevels1763900000420 } from './migrations/1763900000420-step-type-levels';
import { Facts1763900000430 } from './migrations/1763900000430-facts';
import { FlowAggregates1763900000440 } from './migrations/1763900000440-flow-aggregates';
import { FlowMonthCounts1763900000441 } from './migrations/1763900000441-flow-month-counts';
import { PeopleAggregates1763900000450 } from './migrations/1763900000450-people-aggregates';
import { DurationAggregates1763900000460 } from './migrations/1763900000460-duration-aggregates';
import { LibertyAggregates1763900000470 } from './migrations/1763900000470-liberty-aggregates';
import { LibertyBreachEntries1763900000471 } from './migrations/1763900000471-liberty-breach-entries';
import { OutcomeIndexes1763900000480 } from './migrations/1763900000480-outcome-indexes';
import { CustodyAggregates1763900000490 } from './migrations/1763900000490-custody-aggregates';
import { CustodyLengthCounts1763900000491 } from './migrations/1763900000491-custody-length-counts';
import { DefenceAggregates1763900000500 } from './migrations/1763900000500-defence-aggregates';
import { TerminationAggregates1763900000501 } from './migrations/1763900000501-termination-aggregates';
import { ReoffendingAggregates1763900000510 } from './migrations/1763900000510-reoffending-aggregates';
import { PeopleGrains1763900000520 } from './migrations/1763900000520-people-grains';
import { ProbationFacts1763900000530 } from './migrations/1763900000530-probation-facts';
import { ProbationAggregates1763900000531 } from './migrations/1763900000531-probation-aggregates';
import { ProbationCaseStates1763900000532 } from './migrations/1763900000532-probation-case-states';
import { ProbationStockCubes1763900000533 } from './migrations/1763900000533-probation-stock-cubes';
import { ReoffendingAfterProbationAggregates1763900000534 } from './migrations/1763900000534-reoffending-after-probation-aggregates';
import { ProbationStockGrains1763900000535 } from './migrations/1763900000535-probation-stock-grains';
import { DurationCountsByMonth1763900000536 } from './migrations/1763900000536-duration-counts-by-month';
import { NationalCaseGrain1763900000537 } from './migrations/1763900000537-national-case-grain';
import { BreachPersonCounts1763900000550 } from './migrations/1763900000550-breach-person-counts';
import { PeopleNationalArticleGrain1763900000551 } from './migrations/1763900000551-people-national-article-grain';
import { DurationBlockCounts1763900000540 } from './migrations/1763900000540-duration-block-counts';
import { NationalIccsGrain1763900000541 } from './migrations/1763900000541-national-iccs-grain';
import { DurationDaysInBlocks1763900000560 } from './migrations/1763900000560-duration-days-in-blocks';
import { BreachCounts1763900000570 } from './migrations/1763900000570-breach-counts';

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'ICJIMS analytics',
  description:
    'Performance indicators of the criminal justice system, projected from the events of the other services. Publishes categories and counts only — no case ids, no person ids, nothing personal — under disclosure control. It keeps, unpublished, the facts the indicators are computed from: the pseudonymous ids of cases, persons and steps with their categories and the times they were known, never a name or an ID number.',
  defaultPort: 3004,
  schema: 'analytics',
  module: AnalyticsModule,
  migrations: [Analytics1763900000400, CountedItems1763900000410, StepTypeLevels1763900000420, Facts1763900000430, FlowAggregates1763900000440, FlowMonthCounts1763900000441, PeopleAggregates1763900000450, DurationAggregates1763900000460, LibertyAggregates1763900000470, LibertyBreachEntries1763900000471, OutcomeIndexes1763900000480, CustodyAggregates1763900000490, CustodyLengthCounts1763900000491, DefenceAggregates1763900000500, TerminationAggregates1763900000501, ReoffendingAggregates1763900000510, PeopleGrains1763900000520, ProbationFacts1763900000530, ProbationAggregates1763900000531, ProbationCaseStates1763900000532, ProbationStockCubes1763900000533, ReoffendingAfterProbationAggregates1763900000534, ProbationStockGrains1763900000535, DurationCountsByMonth1763900000536, NationalCaseGrain1763900000537, DurationBlockCounts1763900000540, NationalIccsGrain1763900000541, BreachPersonCounts1763900000550, PeopleNationalArticleGrain1763900000551, DurationDaysInBlocks1763900000560, BreachCounts1763900000570],
  environment: analyticsEnvironment,
  adoptJurisdiction,
};
