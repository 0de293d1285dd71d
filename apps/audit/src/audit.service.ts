import { ServiceDefinition } from '@icjims/platform';
import { auditEnvironment } from './audit.environment';
import { AuditModule } from './audit.module';
import { Audit1763900000500 } from './migrations/1763900000500-audit';
import { AccessTransparency1763900000510 } from './migrations/1763900000510-access-transparency';
import { AccessLogRetention1763900000511 } from './migrations/1763900000511-access-log-retention';
import { AuditorFeatures1763900000520 } from './migrations/1763900000520-auditor-features';
import { HeadAdvanceCheck1763900000530 } from './migrations/1763900000530-head-advance-check';
import { AccessLogVacuum1763900000540 } from './migrations/1763900000540-access-log-vacuum';

export const auditService: ServiceDefinition = {
  name: 'audit',
  title: 'ICJIMS audit',
  description:
    'The tamper-evident access log: every /api/v1 call of every service, allowed or not, appended to a hash chain that the database keeps append-only and that any auditor can verify end to end.',
  defaultPort: 3005,
  schema: 'audit',
  module: AuditModule,
  migrations: [Audit1763900000500, AccessTransparency1763900000510, AccessLogRetention1763900000511, AuditorFeatures1763900000520, HeadAdvanceCheck1763900000530, AccessLogVacuum1763900000540],
  appendOnlyTables: ['access_log', 'access_tree', 'access_log_prunes', 'disclosure_deferrals'],
  environment: auditEnvironment,
  // Access events are appended in bulk (one INSERT and one tree append per batch): larger batches, fewer commits.
  consumes: { maxBatchSize: 1000 },
};
