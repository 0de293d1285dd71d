import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, CaseRegisteredV1, CaseTransferred, CaseTransferredV1, CloudEvent } from '@icjims/contracts';
import { BusContext } from '@icjims/messaging';
import { sendWithNext } from '@icjims/persistence';

/**
 * Where each criminal case is conducted, from case-registry: its region and district. The
 * district names the probation office that takes the case's pre-sentence report before anyone
 * assigns it (the person's residence is personal data and stays in case-registry). Each write
 * needs no answer: it goes with the batch's next statement (sendWithNext), a batch of
 * registrations in one round trip.
 */
@Controller()
export class CriminalCasePlaceEvents {
  @EventPattern(CaseRegistered.type)
  async onCaseRegistered(@Payload() { data }: CloudEvent<CaseRegisteredV1>, @Ctx() { manager }: BusContext): Promise<void> {
    // A transfer that arrived first wins: it is the later fact.
    await sendWithNext(manager, `INSERT INTO criminal_case_places (case_id, region, district) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`, [data.caseId, data.region, data.district ?? null]);
  }

  /** A case moved to another region loses its district (the transfer does not name one); within its region it keeps it. */
  @EventPattern(CaseTransferred.type)
  async onCaseTransferred(@Payload() { data }: CloudEvent<CaseTransferredV1>, @Ctx() { manager }: BusContext): Promise<void> {
    await sendWithNext(
      manager,
      `INSERT INTO criminal_case_places (case_id, region, district) VALUES ($1, $2, NULL)
       ON CONFLICT (case_id) DO UPDATE SET district = CASE WHEN criminal_case_places.region = EXCLUDED.region THEN criminal_case_places.district END, region = EXCLUDED.region`,
      [data.caseId, data.toRegion],
    );
  }
}
