import { Module } from '@nestjs/common';
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
    // Read once, when the service starts; a bad value stops the start with a ConfigError naming the variable.
    { provide: DEFERRED_PURPOSES, useFactory: () => readDeferredPurposes(process.env) },
  ],
})
export class DataSubjectModule {}
