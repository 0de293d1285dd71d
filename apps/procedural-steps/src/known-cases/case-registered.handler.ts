import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, CaseRegisteredV1, CloudEvent } from '@icjims/contracts';
import { GENESIS_HASH } from '@icjims/integrity';
import { BusContext } from '@icjims/messaging';
import { JournalWriter } from '../steps/journal-writer';
import { KnownCase } from './known-case.entity';

/** Registered cases become known here, and each one's journal opens with its registration step. */
@Controller()
export class CaseRegisteredHandler {
  constructor(private readonly journal: JournalWriter) {}

  /**
   * One INSERT for a batch's cases, with the rules' revision, as a lock reads it with the head
   * (steps/case-heads.ts); a case known already (announced twice) is left as it is. Then each new
   * case's registration step, whose append goes with the batch's next statement.
   */
  @EventPattern(CaseRegistered.type, { batch: true })
  async onCasesRegistered(@Payload() events: CloudEvent<CaseRegisteredV1>[], @Ctx() { manager }: BusContext): Promise<void> {
    const inserted: { case_id: string; rules_revision: string }[] = await manager.query(
      `INSERT INTO known_cases (case_id, case_number, region, district, agency, received_at, registered_at, version, last_hash, status)
       SELECT case_id, case_number, region, district, agency, received_at, registered_at, 0, $2, 'registered'
       FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, case_number text, region text, district text, agency text, received_at timestamptz, registered_at timestamptz)
       ON CONFLICT (case_id) DO NOTHING
       RETURNING case_id, (SELECT revision FROM deadline_rules_revision) AS rules_revision`,
      [
        JSON.stringify(events.map(({ data }) => ({
          case_id: data.caseId, case_number: data.caseNumber, region: data.region, district: data.district ?? null, agency: data.agency ?? null,
          received_at: data.receivedAt, registered_at: data.registeredAt,
        }))),
        GENESIS_HASH,
      ],
    );
    const revisions = new Map(inserted.map((row) => [row.case_id, row.rules_revision]));
    for (const { data } of events) {
      const rulesRevision = revisions.get(data.caseId);
      if (rulesRevision === undefined) continue;
      revisions.delete(data.caseId); // a case twice in the batch opens its journal once
      const known = Object.assign(new KnownCase(), {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        region: data.region,
        district: data.district ?? null,
        agency: data.agency ?? null,
        receivedAt: new Date(data.receivedAt),
        registeredAt: new Date(data.registeredAt),
        version: 0,
        lastHash: GENESIS_HASH,
        status: 'registered' as const,
        responsibleProsecutor: null,
        responsibleInvestigator: null,
        joinedInto: null,
        journalState: null, // no state until the first step keeps one
        rulesRevision,
      });
      await this.journal.append(manager, known, {
        stepType: 'registration',
        occurredAt: known.registeredAt,
        recordedBy: data.registeredBy ?? 'case-registry',
        details: {},
      });
    }
  }
}
