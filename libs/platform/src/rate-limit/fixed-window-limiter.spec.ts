import { FixedWindowLimiter, OVERFLOW_KEY } from './fixed-window-limiter';

const WINDOW_MS = 10_000;
/** A moment at the start of a window. */
const T0 = 1_800_000_000_000;

describe('FixedWindowLimiter', () => {
  it('lets `limit` requests of a client through per window and turns the next away until the window ends', () => {
    const limiter = new FixedWindowLimiter(3, WINDOW_MS);
    expect([1, 2, 3].map((ms) => limiter.take('10.0.0.1', T0 + ms).allowed)).toEqual([true, true, true]);
    expect(limiter.take('10.0.0.1', T0 + 2_500)).toEqual({ allowed: false, retryAfterSeconds: 8 });
    expect(limiter.take('10.0.0.1', T0 + 9_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('10.0.0.1', T0 + WINDOW_MS).allowed).toBe(true);
  });

  it('counts each client on its own', () => {
    const limiter = new FixedWindowLimiter(1, WINDOW_MS);
    expect(limiter.take('a', T0).allowed).toBe(true);
    expect(limiter.take('b', T0).allowed).toBe(true);
    expect(limiter.take('a', T0).allowed).toBe(false);
  });

  it('gives one count per client and window of what it turned away, once', () => {
    const limiter = new FixedWindowLimiter(2, WINDOW_MS);
    for (let i = 0; i < 7; i++) limiter.take('a', T0 + i);
    for (let i = 0; i < 3; i++) limiter.take('b', T0 + i);
    limiter.take('c', T0);
    expect(limiter.drain(T0 + 5_000)).toEqual([]); // the window has not ended
    for (let i = 0; i < 4; i++) limiter.take('a', T0 + WINDOW_MS + i);
    expect(limiter.drain(T0 + WINDOW_MS + 5)).toEqual([
      { key: 'a', windowStart: T0, count: 5 },
      { key: 'b', windowStart: T0, count: 1 },
    ]);
    expect(limiter.drain(T0 + WINDOW_MS + 6)).toEqual([]);
    expect(limiter.drain(T0 + WINDOW_MS + 7, true)).toEqual([{ key: 'a', windowStart: T0 + WINDOW_MS, count: 2 }]);
    expect(limiter.drain(T0 + 3 * WINDOW_MS)).toEqual([]);
  });

  it('drains a window that ended while no request came', () => {
    const limiter = new FixedWindowLimiter(1, WINDOW_MS);
    limiter.take('a', T0);
    limiter.take('a', T0 + 1);
    expect(limiter.drain(T0 + 5 * WINDOW_MS)).toEqual([{ key: 'a', windowStart: T0, count: 1 }]);
  });

  it('counts clients beyond its capacity together, so a flood of addresses cannot grow it without bound', () => {
    const limiter = new FixedWindowLimiter(2, WINDOW_MS, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key, T0);
    expect(['d', 'e', 'f'].map((key) => limiter.take(key, T0).allowed)).toEqual([true, true, false]);
    expect(limiter.take('a', T0).allowed).toBe(true);
    expect(limiter.drain(T0, true)).toEqual([{ key: OVERFLOW_KEY, windowStart: T0, count: 1 }]);
  });

  it('refuses a limit or window that is not positive', () => {
    expect(() => new FixedWindowLimiter(0, WINDOW_MS)).toThrow();
    expect(() => new FixedWindowLimiter(1, 0)).toThrow();
  });
});
