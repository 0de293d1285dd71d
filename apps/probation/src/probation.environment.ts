import { checkedBy, environmentSchema, ServiceEnvironment, transparencyVariables } from '@icjims/platform';
import { readProbationRoundInterval } from './scheduling/round-settings';

/**
 * The variables of probation beyond the platform's (ServiceDefinition.environment), each validated
 * and described; its modules read them from SERVICE_ENVIRONMENT (the type below).
 */
export const probationEnvironment = environmentSchema({
  ...transparencyVariables,
  ...checkedBy(readProbationRoundInterval, {
    PROBATION_ROUND_INTERVAL_SECONDS: {
      default: '`3600`',
      description: 'how often the daily round records deadlines that ran out and completes cases whose term ended (1 to 86400); see *Deadlines* in [probation.md](probation.md#deadlines).',
    },
  }),
});

export type ProbationEnvironment = ServiceEnvironment<typeof probationEnvironment>;
