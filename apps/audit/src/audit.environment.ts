import { checkedBy, environmentSchema, ServiceEnvironment, transparencyVariables } from '@icjims/platform';
import { readDeferredPurposes } from './data-subject/deferred-purposes';
import { readReportsConfig } from './reports/reports-config';
import { accessLogRetentionDays } from './transparency/access-log-retention-days';

/**
 * The variables of audit beyond the platform's (ServiceDefinition.environment), each validated
 * and described; its modules read them from SERVICE_ENVIRONMENT (the type below).
 * Each reader throws a ConfigError naming its variable. Reports are checked in UTC: without
 * AUDIT_TIME_ZONE they use the pack's zone, which the pack's own validation checks.
 */
export const auditEnvironment = environmentSchema({
  ...transparencyVariables,
  ...checkedBy((env: Record<string, string | undefined>) => readReportsConfig(env, 'UTC'), {
    AUDIT_TIME_ZONE: { default: "the pack's time zone (`Asia/Bishkek` for KG)", description: 'the IANA time zone in which the off-hours report reads working days and hours.' },
    AUDIT_WORKING_DAYS: { default: '`1-5`', description: 'working days as ISO weekdays (1 = Monday), a list or ranges such as `1-4,6`.' },
    AUDIT_WORKING_HOURS: { default: '`08:00-18:00`', description: 'working hours, start inclusive, end exclusive; an end before the start spans midnight.' },
    AUDIT_PERSONS_THRESHOLD: { default: '`50`', description: 'persons-consulted report: distinct persons in a period that are always reported (see [api-guide.md](api-guide.md#audit-appsauditsrc)).' },
    AUDIT_PERSONS_BASELINE_FACTOR: { default: '`3`', description: "persons-consulted report: also reported when this many times the user's own average of the periods before …" },
    AUDIT_PERSONS_BASELINE_PERIODS: { default: '`4`', description: '… over this many periods of the same length …' },
    AUDIT_PERSONS_BASELINE_MINIMUM: { default: '`10`', description: '… and at least this many persons.' },
    AUDIT_REFUSAL_BURST_THRESHOLD: { default: '`20`', description: 'refusal-bursts report: refusals within one window that make a burst …' },
    AUDIT_REFUSAL_BURST_WINDOW_SECONDS: { default: '`60`', description: '… of this many seconds.' },
  }),
  ...checkedBy(accessLogRetentionDays, {
    AUDIT_RETENTION_DAYS: {
      default: 'unset (keep for ever)',
      description: 'days access-log entries are kept, at least 365; once a day the oldest entries that occurred before then are pruned up to a signed checkpoint, keeping the tree verifiable ([security-and-privacy.md](security-and-privacy.md#audit-log)).',
    },
  }),
  ...checkedBy(readDeferredPurposes, {
    AUDIT_DEFERRED_PURPOSES: {
      default: '`covert_investigation`',
      description: 'comma-separated purpose codes whose consultations data-subject reports withhold until their disclosure date ([security-and-privacy.md](security-and-privacy.md#data-subject-reports-and-deferred-disclosure)).',
    },
  }),
});

export type AuditEnvironment = ServiceEnvironment<typeof auditEnvironment>;
