/** Pure rules of the status case-registry shows; procedural-steps decides it. */

/**
 * Whether a status change recorded by procedural-steps at `recordedAt` (its event's `time`)
 * replaces the status shown, which was recorded at `shownRecordedAt` (null: the initial
 * `registered`). The event time orders changes, not the step's occurredAt: a step recorded
 * late may have occurred earlier and still be the latest word on the status. Equal times
 * apply in delivery order, which is the case's order on the topic.
 */
export function statusChangeApplies(shownRecordedAt: Date | null, recordedAt: Date): boolean {
  return shownRecordedAt === null || recordedAt.getTime() >= shownRecordedAt.getTime();
}
