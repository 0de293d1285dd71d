import { ALL_EVENT_TOPICS } from '@icjims/contracts';
import { ServiceDefinition, validateTransparencySettings } from '@icjims/platform';
import { RECORD_ACCESS_HANDLERS } from './access-log/record-access.handlers';
import { AuditModule } from './audit.module';
import { readDeferredPurposes } from './data-subject/deferred-purposes';
import { readReportsConfig } from './reports/reports-config';
import { accessLogRetentionDays } from './transparency/access-log-retention';
import { Audit1763900000500 } from './migrations/1763900000500-audit';
import { AccessTransparency1763900000510 } from './migrations/1763900000510-access-transparency';
import { AccessLogRetention1763900000511 } from './migrations/1763900000511-access-log-retention';
import { AuditorFeatures1763900000520 } from './migrations/1763900000520-auditor-features';
import { HeadAdvanceCheck1763900000530 } from './migrations/1763900000530-head-advance-check';

export const auditService: ServiceDefinition = {
  name: 'audit',
  title: 'ICJIMS audit',
  description:
    'The tamper-evident access log: every /api/v1 call of every service, allowed or not, appended to a hash chain that the database keeps append-only and that any auditor can verify end to end.',
  defaultPort: 3005,
  schema: 'audit',
  module: AuditModule,
  // The log is read and written with plain SQL (see access-log/*.ts): no TypeORM entities.
  entities: [],
  migrations: [Audit1763900000500, AccessTransparency1763900000510, AccessLogRetention1763900000511, AuditorFeatures1763900000520, HeadAdvanceCheck1763900000530],
  appendOnlyTables: ['access_log', 'access_tree', 'access_log_prunes', 'disclosure_deferrals'],
  // Each check throws a ConfigError naming its variable, so a bad setting stops the start with one line.
  // (Only AUDIT_TIME_ZONE is checked here: without it, reports use the pack's zone, which the pack's validation checks.)
  validateEnvironment: (env) =>
    [validateTransparencySettings, accessLogRetentionDays, (vars: typeof env) => readReportsConfig(vars, 'UTC'), readDeferredPurposes].forEach((check) => check(env)),
  // Access events are appended in bulk (one INSERT and one tree append per batch): larger batches, fewer commits.
  consumes: { topics: ALL_EVENT_TOPICS, handlers: [...RECORD_ACCESS_HANDLERS], maxBatchSize: 1000 },
};
