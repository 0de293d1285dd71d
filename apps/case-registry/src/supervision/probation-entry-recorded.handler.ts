import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, ProbationEntryRecorded, ProbationEntryRecordedV1 } from '@icjims/contracts';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { supervisionEntry } from './supervision-rules';
import { applySupervisionChange } from './supervisions.store';

/**
 * Keeps who is supervised by which probation office from the probation journal's entries (the
 * probation topic), in the consumer's inbox transaction: one statement per entry, an entry seen
 * before changing nothing. Entries of one probation case arrive in order (keyed by its id).
 */
@Controller()
export class ProbationEntryRecordedHandler {
  @EventPattern(ProbationEntryRecorded.type)
  async onProbationEntryRecorded(@Payload() { data }: CloudEvent<ProbationEntryRecordedV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const outcome = supervisionEntry(data);
    if (outcome.kind === 'unprocessable') throw new UnprocessableEventError(outcome.reason);
    if (outcome.kind === 'change') await applySupervisionChange(manager, outcome.change);
  }
}
