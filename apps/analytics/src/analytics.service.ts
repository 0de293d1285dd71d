import { eventTopic } from '@icjims/contracts';
import { ServiceDefinition } from '@icjims/platform';
import { adoptJurisdiction } from './adopt-jurisdiction';
import { AnalyticsModule } from './analytics.module';
import { readMinCellSize } from './indicators/min-cell-size';
import { ActivityCount } from './counting/activity-count.entity';
import { COUNTING_HANDLERS } from './counting/counting.handlers';
import { Analytics1763900000400 } from './migrations/1763900000400-analytics';
import { CountedItems1763900000410 } from './migrations/1763900000410-counted-items';
import { StepTypeLevels1763900000420 } from './migrations/1763900000420-step-type-levels';

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'ICJIMS analytics',
  description:
    'Performance indicators of the criminal justice system, projected from the events of the other services. Publishes categories and counts only — no case ids, no person ids, nothing personal. To apply corrections it keeps, unpublished, the random ids of the steps and probation cases it counted. Person-based indicators, and the counts of person-level step types, suppress small cells.',
  defaultPort: 3004,
  schema: 'analytics',
  module: AnalyticsModule,
  entities: [ActivityCount],
  migrations: [Analytics1763900000400, CountedItems1763900000410, StepTypeLevels1763900000420],
  validateEnvironment: (env) => void readMinCellSize(env),
  adoptJurisdiction,
  consumes: {
    topics: [eventTopic('case-registry'), eventTopic('procedural-steps'), eventTopic('probation')],
    handlers: [...COUNTING_HANDLERS],
  },
};
