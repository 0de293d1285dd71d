import { Module } from '@nestjs/common';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION } from '@icjims/platform';
import { readReportsConfig, REPORTS_CONFIG } from './reports-config';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    // Read once, when the service starts; a bad value stops the start with a ConfigError naming the variable.
    { provide: REPORTS_CONFIG, inject: [JURISDICTION], useFactory: (jurisdiction: Jurisdiction) => readReportsConfig(process.env, jurisdiction.timeZone) },
  ],
})
export class ReportsModule {}
