import { checkedBy, environmentSchema, ServiceEnvironment } from '@icjims/platform';
import { readExactForNational, readMinDenominator } from './disclosure/disclosure-policy';
import { readMinCellSize } from './indicators/min-cell-size';
import { readTableTimeLimit } from './tables/table-time-limit';
import { readOpenDataMaxAge } from './open-data/open-data-cache';

/**
 * The variables of analytics beyond the platform's (ServiceDefinition.environment), each validated
 * and described; its modules read them from SERVICE_ENVIRONMENT (the type below).
 */
export const analyticsEnvironment = environmentSchema({
  ...checkedBy(readMinCellSize, {
    ANALYTICS_MIN_CELL_SIZE: {
      default: '`3`',
      description: 'the smallest count of people (a person-based indicator, or a person-level step type in `steps_recorded`) published as a number (an integer ≥ 1 of at most six digits); smaller non-zero counts are suppressed.',
    },
  }),
  ...checkedBy(readMinDenominator, {
    ANALYTICS_MIN_DENOMINATOR: {
      default: '`20`',
      description: 'the smallest denominator of a published ratio and the fewest observations of a published quantile (an integer ≥ 1 of at most six digits); see [indicators.md](indicators.md).',
    },
  }),
  ...checkedBy(readExactForNational, {
    ANALYTICS_EXACT_FOR_NATIONAL: {
      default: '`false`',
      description: '`true` lets analysts with the national role see exact figures in the JSON form of a table (never the public interface, regional callers or files); `true` or `false`, nothing else.',
    },
  }),
  ...checkedBy(readOpenDataMaxAge, {
    ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: {
      default: '`300`',
      description: 'how long anyone (a browser, a proxy, a CDN) may keep an open-data answer before asking again — its `Cache-Control: public, max-age` (an integer from 0 to 86400); see [api-guide.md](api-guide.md#open-data).',
    },
  }),
  ...checkedBy(readTableTimeLimit, {
    ANALYTICS_TABLE_TIME_LIMIT_MS: {
      default: '`30000`',
      description: 'how long the database may work on one indicator table (a read-only transaction whose `statement_timeout` this sets) before the request is answered 503 problem+json and the work is cancelled (an integer from 1 to 600000).',
    },
  }),
});

export type AnalyticsEnvironment = ServiceEnvironment<typeof analyticsEnvironment>;
