import { Module } from '@nestjs/common';
import { SERVICE_ENVIRONMENT } from '@icjims/platform';
import type { AuditEnvironment } from '../audit.environment';
import { DataSubjectReportsController } from './data-subject-reports.controller';
import { DataSubjectReportsService } from './data-subject-reports.service';
import { DEFERRED_PURPOSES, readDeferredPurposes } from './deferred-purposes';
import { DisclosureDeferralsController } from './disclosure-deferrals.controller';
import { DisclosureDeferralsService } from './disclosure-deferrals.service';

@Module({
  controllers: [DisclosureDeferralsController, DataSubjectReportsController],
  providers: [
    DataSubjectReportsService,
    DisclosureDeferralsService,
    { provide: DEFERRED_PURPOSES, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AuditEnvironment) => readDeferredPurposes(environment) },
  ],
})
export class DataSubjectModule {}
