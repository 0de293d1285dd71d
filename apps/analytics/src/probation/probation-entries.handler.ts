import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { CloudEvent, ProbationEntryRecorded, ProbationEntryRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { refreshAggregatesOfCases } from '../aggregates/aggregate-parts';
import { probationDetailsProblem } from './probation-details';

/**
 * An allocated officer as analytics keeps them: a hash of their id (a staff id), enough to count
 * distinct officers and nothing more — no table or figure names an officer.
 */
export function officerHash(officerId: string): string {
  return createHash('sha256').update(`icjims-analytics-officer:${officerId}`).digest('hex').slice(0, 32);
}

/**
 * Keeps probation journal entries as facts (migration 1763900000530), each once per entry id
 * however often and under whatever event id it comes (or twice in `entries`), in one statement;
 * returns the criminal cases of the entries new. Who recorded an entry is not kept; an
 * allocation's officer only as a hash.
 */
export async function recordProbationEntries(manager: EntityManager, entries: readonly ProbationEntryRecordedV1[]): Promise<string[]> {
  const rows = entries.map((data) => {
    const { officerId, ...details } = data.details;
    return {
      entry_id: data.entryId, stream: data.stream, stream_id: data.streamId, sequence: data.sequence, entry_type: data.entryType, case_id: data.caseId, region: data.region,
      office: data.office ?? null, person_id: data.personId ?? null, occurred_at: data.occurredAt, known_from: data.recordedAt, status: data.status, details,
      officer: data.entryType === 'allocated' && typeof officerId === 'string' ? officerHash(officerId) : null,
    };
  });
  const kept: { case_id: string }[] = await manager.query(
    `INSERT INTO fact_probation_entries (entry_id, stream, stream_id, sequence, entry_type, case_id, region, office, person_id, occurred_at, known_from, status, details, officer)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(entry_id uuid, stream text, stream_id uuid, sequence integer, entry_type text, case_id uuid, region text, office text,
       person_id uuid, occurred_at timestamptz, known_from timestamptz, status text, details jsonb, officer text)
     ON CONFLICT DO NOTHING RETURNING case_id`,
    [JSON.stringify(rows)],
  );
  return kept.map((row) => row.case_id);
}

/**
 * Probation entries: their details checked (one analytics cannot count by is dead-lettered: it
 * fails the batch, which the consumer then applies event by event), kept as facts in one
 * statement, and the probation aggregates of the criminal cases of those new refreshed once for
 * the batch. An entry seen before (the same entry under another event id) changes nothing.
 */
@Controller()
export class ProbationEntryEvents {
  constructor(@Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction) {}

  @EventPattern(ProbationEntryRecorded.type, { batch: true })
  async onProbationEntries(@Payload() events: CloudEvent<ProbationEntryRecordedV1>[], @Ctx() { manager }: BusContext): Promise<void> {
    for (const { data } of events) {
      const problem = probationDetailsProblem(data.entryType, data.details);
      if (problem) throw new UnprocessableEventError(`probation entry ${data.entryId}: ${problem}`);
    }
    const cases = await recordProbationEntries(manager, events.map(({ data }) => data));
    await refreshAggregatesOfCases(manager, cases.map((caseId) => ({ caseId, change: { kind: 'probation' } })), this.jurisdiction.timeZone);
  }
}
