import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseStatus, CaseStatusChanged, CaseStatusChangedV1, CloudEvent } from '@icjims/contracts';
import { BusContext, UnprocessableEventError } from '@icjims/messaging';
import { sendWithNext } from '@icjims/persistence';
import { statusChangeApplies } from './status-rules';

/**
 * Shows the status procedural-steps derived. Runs in the consumer's inbox transaction, so a
 * redelivered event is not applied twice; a stale one (recorded before the status shown) is
 * ignored, and so is any but `joined` once the case was joined. A batch costs two statements
 * however many events: the cases locked and read together (with the inbox insert), the changed
 * ones written together, sent with the COMMIT (persistence's sendWithNext): two round trips.
 */
@Controller()
export class CaseStatusChangedHandler {
  @EventPattern(CaseStatusChanged.type, { batch: true })
  async onCaseStatusChanged(@Payload() events: CloudEvent<CaseStatusChangedV1>[], @Ctx() { manager }: BusContext): Promise<void> {
    const changes = events.map(({ data, time }) => {
      const recordedAt = new Date(time);
      if (Number.isNaN(recordedAt.getTime())) throw new UnprocessableEventError(`event time ${time} is not a date-time`);
      return { caseId: data.caseId, status: data.status, changedAt: new Date(data.occurredAt), recordedAt };
    });
    // Locked in one order, so that two batches over the same cases cannot deadlock.
    const ids = [...new Set(changes.map((change) => change.caseId))].sort();
    const rows: { id: string; status: CaseStatus; status_changed_at: Date; status_recorded_at: Date | null }[] = await manager.query(
      `SELECT id, status, status_changed_at, status_recorded_at FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    const shown = new Map(rows.map((row) => [row.id, { status: row.status, changedAt: row.status_changed_at, recordedAt: row.status_recorded_at }]));
    const changed = new Set<string>();
    for (const change of changes) {
      const current = shown.get(change.caseId);
      // procedural-steps only knows cases this service announced, so this is a message gone wrong.
      if (!current) throw new UnprocessableEventError(`case ${change.caseId} is not registered here`);
      if (!statusChangeApplies(current, change)) continue;
      shown.set(change.caseId, { status: change.status, changedAt: change.changedAt, recordedAt: change.recordedAt });
      changed.add(change.caseId);
    }
    if (changed.size === 0) return;
    const written = [...changed].map((id) => ({ id, ...shown.get(id)! }));
    await sendWithNext(
      manager,
      `UPDATE cases SET status = changed.status, status_changed_at = changed.changed_at, status_recorded_at = changed.recorded_at
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS changed (id, status, changed_at, recorded_at)
        WHERE cases.id = changed.id`,
      [written.map((row) => row.id), written.map((row) => row.status), written.map((row) => row.changedAt.toISOString()), written.map((row) => row.recordedAt?.toISOString() ?? null)],
    );
  }
}
