/**
 * kafkajs 2.2.4, its last release, re-arms a timer after every answer a broker connection gets,
 * even with no request waiting and no throttle: `throttledUntil - Date.now()` is then negative,
 * which Node runs after 1 ms (and, since Node 24, warns about: TimeoutNegativeWarning). Every
 * open connection so spins once a millisecond for as long as it is open — an idle KafkaBus took
 * some 3,600 checks and 32 ms of CPU a second here. Upstream: kafkajs issues #1704 and #1751, the
 * fix proposed in pull request #1768, which this applies: with nothing waiting and no throttle to
 * wait out, nothing is scheduled. A request queued later schedules its own check (`push`), and
 * every answer checks the queue again (`fulfillRequest`), as before.
 */

/** The parts of kafkajs's RequestQueue (internal, untyped) that the fix touches. */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** The kafkajs release whose RequestQueue this was written against; another is left alone. */
export const FIXED_KAFKAJS_VERSION = '2.2.4';
/** kafkajs's own pause before it looks at waiting requests again. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

let applied: boolean | undefined;

/** Replaces the scheduling of kafkajs's RequestQueue (once per process); false when the installed kafkajs is another release. */
export function stopIdleRequestQueueTimers(): boolean {
  if (applied !== undefined) return applied;
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's own module of the class (no types, no exports map) */
  const { version } = require('kafkajs/package.json') as { version: string };
  applied = version === FIXED_KAFKAJS_VERSION;
  if (!applied) return false;
  const queue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueue };
  /* eslint-enable @typescript-eslint/no-require-imports */
  queue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue): void {
    if (this.throttleCheckTimeoutId) return;
    const throttledFor = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledFor <= 0) return;
    const delay = throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  return true;
}
