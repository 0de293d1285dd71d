import { Module } from '@nestjs/common';
import { AccessLogsController } from './access-log/access-logs.controller';
import { AccessLogsService } from './access-log/access-logs.service';
import { AccessEvents } from './access-log/record-access.handlers';
import { DataSubjectModule } from './data-subject/data-subject.module';
import { ExportsModule } from './exports/exports.module';
import { ReportsModule } from './reports/reports.module';
import { TransparencyModule } from './transparency/transparency.module';

@Module({
  imports: [ExportsModule, DataSubjectModule, ReportsModule, TransparencyModule],
  // AccessEvents handles events: its @EventPattern method is found by the bus transport.
  controllers: [AccessLogsController, AccessEvents],
  providers: [AccessLogsService],
})
export class AuditModule {}
