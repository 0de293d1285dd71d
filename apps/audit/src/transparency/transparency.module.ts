import { Module } from '@nestjs/common';
import { SERVICE_ENVIRONMENT } from '@icjims/platform';
import type { AuditEnvironment } from '../audit.environment';
import { AccessCheckpoints } from './access-checkpoints';
import { AccessLogProofs } from './access-log-proofs';
import { AccessLogRetention } from './access-log-retention';
import { AccessLogVerifier } from './access-log-verifier';
import { ACCESS_TRANSPARENCY, openAccessTransparency } from './access-transparency';
import { TransparencyController } from './transparency.controller';

@Module({
  controllers: [TransparencyController],
  providers: [
    { provide: ACCESS_TRANSPARENCY, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AuditEnvironment) => openAccessTransparency(environment) },
    AccessCheckpoints,
    AccessLogVerifier,
    AccessLogProofs,
    AccessLogRetention,
  ],
  exports: [AccessLogProofs],
})
export class TransparencyModule {}
