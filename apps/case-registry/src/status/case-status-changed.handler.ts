import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseStatusChanged, CaseStatusChangedV1, CloudEvent } from '@icjims/contracts';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
import { CriminalCase } from '../cases/case.entity';
import { statusChangeApplies } from './status-rules';

/**
 * Shows the status procedural-steps derived. Runs in the consumer's inbox transaction, so a
 * redelivered event is not applied twice; a stale one (recorded before the status shown) is
 * ignored, and so is any but `joined` once the case was joined.
 */
@Injectable()
export class CaseStatusChangedHandler implements EventHandler<CaseStatusChangedV1> {
  readonly event = CaseStatusChanged;

  async handle({ data, time }: CloudEvent<CaseStatusChangedV1>, manager: EntityManager): Promise<void> {
    const recordedAt = new Date(time);
    if (Number.isNaN(recordedAt.getTime())) throw new UnprocessableEventError(`event time ${time} is not a date-time`);
    const shown = await manager.findOne(CriminalCase, { where: { id: data.caseId }, lock: { mode: 'pessimistic_write' } });
    // procedural-steps only knows cases this service announced, so this is a message gone wrong.
    if (!shown) throw new UnprocessableEventError(`case ${data.caseId} is not registered here`);
    if (!statusChangeApplies({ status: shown.status, recordedAt: shown.statusRecordedAt }, { status: data.status, recordedAt })) return;
    await manager.update(CriminalCase, { id: data.caseId }, { status: data.status, statusChangedAt: new Date(data.occurredAt), statusRecordedAt: recordedAt });
  }
}
