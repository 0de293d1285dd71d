import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseRegistered, CaseRegisteredV1, CloudEvent } from '@icjims/contracts';
import { GENESIS_HASH } from '@icjims/integrity';
import { BusContext } from '@icjims/messaging';
import { JournalWriter } from '../steps/journal-writer';
import { KnownCase } from './known-case.entity';

/** A registered case becomes known here, and its journal opens with the registration step. */
@Controller()
export class CaseRegisteredHandler {
  constructor(private readonly journal: JournalWriter) {}

  @EventPattern(CaseRegistered.type)
  async onCaseRegistered(@Payload() { data }: CloudEvent<CaseRegisteredV1>, @Ctx() { manager }: BusContext): Promise<void> {
    const known = manager.create(KnownCase, {
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      region: data.region,
      district: data.district ?? null,
      agency: data.agency ?? null,
      receivedAt: new Date(data.receivedAt),
      registeredAt: new Date(data.registeredAt),
      version: 0,
      lastHash: GENESIS_HASH,
      status: 'registered',
      responsibleProsecutor: null,
      responsibleInvestigator: null,
      joinedInto: null,
      journalState: null,
    });
    // The rules' revision with the insert, as a lock reads it with the head (steps/case-heads.ts).
    const { journalState: _none, ...columns } = known; // no state until the first step keeps one
    const inserted = await manager.createQueryBuilder().insert().into(KnownCase).values(columns).orIgnore()
      .returning('case_id, (SELECT revision FROM deadline_rules_revision) AS rules_revision').execute();
    const [row] = inserted.raw as { rules_revision: string }[];
    if (!row) return; // known already (the same case announced twice)
    known.rulesRevision = row.rules_revision;
    await this.journal.append(manager, known, {
      stepType: 'registration',
      occurredAt: known.registeredAt,
      recordedBy: data.registeredBy ?? 'case-registry',
      details: {},
    });
  }
}
