import { checkedBy, environmentSchema, ServiceEnvironment, transparencyVariables } from '@icjims/platform';
import { readDeadlineScanInterval } from './deadlines/deadline-settings';

/**
 * The variables of procedural-steps beyond the platform's (ServiceDefinition.environment), each validated
 * and described; its modules read them from SERVICE_ENVIRONMENT (the type below).
 */
export const proceduralStepsEnvironment = environmentSchema({
  ...transparencyVariables,
  ...checkedBy(readDeadlineScanInterval, {
    DEADLINE_SCAN_INTERVAL_SECONDS: {
      default: '`60`',
      description: 'how often the deadline scheduler looks for deadlines that ran out (1 to 3600); see *Breaches* in [procedural-journal.md](procedural-journal.md#deadlines).',
    },
  }),
});

export type ProceduralStepsEnvironment = ServiceEnvironment<typeof proceduralStepsEnvironment>;
