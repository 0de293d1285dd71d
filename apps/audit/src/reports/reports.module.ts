import { Module } from '@nestjs/common';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, SERVICE_ENVIRONMENT } from '@icjims/platform';
import type { AuditEnvironment } from '../audit.environment';
import { readReportsConfig, REPORTS_CONFIG } from './reports-config';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    // Without AUDIT_TIME_ZONE, the pack's zone.
    {
      provide: REPORTS_CONFIG,
      inject: [SERVICE_ENVIRONMENT, JURISDICTION],
      useFactory: (environment: AuditEnvironment, jurisdiction: Jurisdiction) => readReportsConfig(environment, jurisdiction.timeZone),
    },
  ],
})
export class ReportsModule {}
