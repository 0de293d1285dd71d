/** What the limiter says about one request. */
export interface LimitDecision {
  allowed: boolean;
  /** When refused: whole seconds until the window ends and the client may try again. */
  retryAfterSeconds: number;
}

/** How many requests of one client a limiter turned away in one window. */
export interface TurnedAway {
  key: string;
  /** Start of the window, ms since the epoch. */
  windowStart: number;
  count: number;
}

/** The key under which clients are counted together once a window tracks this many. */
export const OVERFLOW_KEY = '*';

/**
 * Counts requests per client key in fixed windows aligned to the clock (so every instance
 * agrees where a window starts) and remembers how many each client had turned away, so that
 * they can be recorded as one entry per client and window. Memory is bounded: past
 * `maxKeys` clients in one window, further new clients share the OVERFLOW_KEY count.
 */
export class FixedWindowLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private counts = new Map<string, number>();
  private refused = new Map<string, number>();
  /** Turned-away counts of windows that have ended, not yet drained. */
  private ended: TurnedAway[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {
    if (!(limit > 0 && windowMs > 0)) throw new Error('a limiter needs a positive limit and window');
  }

  take(key: string, now: number): LimitDecision {
    this.roll(now);
    const counted = this.counts.has(key) || this.counts.size < this.maxKeys ? key : OVERFLOW_KEY;
    const count = (this.counts.get(counted) ?? 0) + 1;
    this.counts.set(counted, count);
    if (count <= this.limit) return { allowed: true, retryAfterSeconds: 0 };
    this.refused.set(counted, (this.refused.get(counted) ?? 0) + 1);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)) };
  }

  /** The turned-away counts of the windows that ended by `now`; with `all`, the current window's too. */
  drain(now: number, all = false): TurnedAway[] {
    this.roll(now);
    if (all) this.closeWindow();
    const drained = this.ended;
    this.ended = [];
    return drained;
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start === this.windowStart) return;
    this.closeWindow();
    this.windowStart = start;
    this.counts = new Map();
  }

  private closeWindow(): void {
    for (const [key, count] of this.refused) this.ended.push({ key, windowStart: this.windowStart, count });
    this.refused = new Map();
  }
}
