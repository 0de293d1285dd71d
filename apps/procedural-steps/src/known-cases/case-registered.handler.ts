import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseRegistered, CaseRegisteredV1, CloudEvent } from '@icjims/contracts';
import { EventHandler } from '@icjims/messaging';
import { KnownCase } from './known-case.entity';

/** A registered case becomes known here, so steps can be recorded for it. */
@Injectable()
export class CaseRegisteredHandler implements EventHandler<CaseRegisteredV1> {
  readonly event = CaseRegistered;

  async handle({ data }: CloudEvent<CaseRegisteredV1>, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(KnownCase)
      .values({
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        region: data.region,
        receivedAt: new Date(data.receivedAt),
        registeredAt: new Date(data.registeredAt),
        version: 0,
      })
      .orIgnore()
      .execute();
  }
}
