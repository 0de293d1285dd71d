/** Pure rules of the status case-registry shows; procedural-steps decides it, except that a join is decided here. */
import { CaseStatus } from '@icjims/contracts';

export interface StatusRecord {
  status: CaseStatus;
  /** When the status was recorded: the event's `time`, or when the case was joined here; null for the initial `registered`. */
  recordedAt: Date | null;
}

/**
 * Whether a status change recorded by procedural-steps replaces the status shown. The
 * recording time orders changes, not the step's occurredAt: a step recorded late may have
 * occurred earlier and still be the latest word on the status. Equal times apply in
 * delivery order, which is the case's order on the topic. A joined case stays joined: the
 * join is decided here and nothing in the journal undoes it, so a change that was on its
 * way before procedural-steps learned of the join does not count.
 */
export function statusChangeApplies(shown: StatusRecord, change: { status: CaseStatus; recordedAt: Date }): boolean {
  if (shown.status === 'joined' && change.status !== 'joined') return false;
  return shown.recordedAt === null || change.recordedAt.getTime() >= shown.recordedAt.getTime();
}
