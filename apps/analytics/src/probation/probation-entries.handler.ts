import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, ProbationEntryRecorded, ProbationEntryRecordedV1 } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { EventHandler, UnprocessableEventError } from '@icjims/messaging';
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
 * Keeps one probation journal entry as a fact (migration 1763900000530), once per entry id however
 * often and under whatever event id it comes, and refreshes the probation aggregates of its
 * criminal case. Who recorded it is not kept; an allocation's officer only as a hash.
 */
export async function recordProbationEntry(manager: EntityManager, data: ProbationEntryRecordedV1): Promise<boolean> {
  const { officerId, ...details } = data.details;
  const rows: unknown[] = await manager.query(
    `INSERT INTO fact_probation_entries (entry_id, stream, stream_id, sequence, entry_type, case_id, region, office, person_id, occurred_at, known_from, status, details, officer)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING entry_id`,
    [
      data.entryId, data.stream, data.streamId, data.sequence, data.entryType, data.caseId, data.region, data.office ?? null, data.personId ?? null,
      data.occurredAt, data.recordedAt, data.status, details, data.entryType === 'allocated' && typeof officerId === 'string' ? officerHash(officerId) : null,
    ],
  );
  return rows.length > 0;
}

@Injectable()
export class RecordProbationEntry implements EventHandler<ProbationEntryRecordedV1> {
  readonly event = ProbationEntryRecorded;

  constructor(@Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction) {}

  async handle({ data }: CloudEvent<ProbationEntryRecordedV1>, manager: EntityManager): Promise<void> {
    const problem = probationDetailsProblem(data.entryType, data.details);
    if (problem) throw new UnprocessableEventError(`probation entry ${data.entryId}: ${problem}`);
    // An entry seen before (the same entry under another event id) changes nothing.
    if (!(await recordProbationEntry(manager, data))) return;
    await refreshAggregatesOfCases(manager, [{ caseId: data.caseId, change: { kind: 'probation' } }], this.jurisdiction.timeZone);
  }
}
