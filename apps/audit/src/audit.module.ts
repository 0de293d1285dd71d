import { Module } from '@nestjs/common';
import { AccessLogsController } from './access-log/access-logs.controller';
import { AccessLogsService } from './access-log/access-logs.service';
import { RECORD_ACCESS_HANDLERS } from './access-log/record-access.handlers';

@Module({
  controllers: [AccessLogsController],
  providers: [AccessLogsService, ...RECORD_ACCESS_HANDLERS],
})
export class AuditModule {}
