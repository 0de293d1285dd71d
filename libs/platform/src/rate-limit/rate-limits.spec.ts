import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { AccessRecordedV1 } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { ServiceMetrics } from '@icjims/observability';
import { RateLimits } from './rate-limits';

/** A response that remembers what the limiter answered. */
function fakeResponse() {
  const answer = { status: 0, headers: {} as Record<string, string>, body: '' };
  const response = {
    status: (status: number) => ((answer.status = status), response),
    setHeader: (name: string, value: string) => ((answer.headers[name] = value), response),
    type: () => response,
    send: (body: string) => ((answer.body = body), response),
  };
  return { response: response as unknown as Response, answer };
}

describe('RateLimits', () => {
  let written: AccessRecordedV1[];
  let databaseUp: boolean;
  let limits: RateLimits;

  beforeEach(() => {
    written = [];
    databaseUp = true;
    const unitOfWork = {
      run: async (work: (manager: unknown) => Promise<unknown>) => {
        const pending: AccessRecordedV1[] = [];
        const result = await work(pending);
        if (!databaseUp) throw new Error('connection refused');
        written.push(...pending);
        return result;
      },
    } as unknown as UnitOfWork;
    const outbox = { record: async (pending: AccessRecordedV1[], _definition: unknown, _subject: string, data: AccessRecordedV1) => pending.push(data) } as unknown as EventOutbox;
    limits = new RateLimits({ perAddress: 2, perUser: 0, windowSeconds: 3600 }, 'analytics', unitOfWork, outbox, new ServiceMetrics('analytics'), pino({ level: 'silent' }));
  });
  afterEach(() => limits.onModuleDestroy());

  function call(path = '/api/v1/things'): { passed: boolean; status: number; retryAfter?: string } {
    const { response, answer } = fakeResponse();
    let passed = false;
    limits.perAddress()({ path, ip: '192.0.2.7' } as Request, response, (() => (passed = true)) as NextFunction);
    return { passed, status: answer.status, retryAfter: answer.headers['Retry-After'] };
  }

  it('passes requests up to the limit and answers 429 with Retry-After beyond it', () => {
    expect([call().passed, call().passed]).toEqual([true, true]);
    const refused = call();
    expect(refused).toMatchObject({ passed: false, status: 429 });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });

  it('leaves paths outside /api/v1 alone', () => {
    for (let i = 0; i < 5; i++) expect(call('/health').passed).toBe(true);
  });

  it('keeps the count of a window whose entry could not be written, and writes it at the next flush', async () => {
    for (let i = 0; i < 5; i++) call();
    databaseUp = false;
    await limits.flush(true);
    expect(written).toEqual([]);
    databaseUp = true;
    await limits.flush(true);
    expect(written).toEqual([expect.objectContaining({ outcome: 'throttled', status: 429, count: 3, sourceIp: '192.0.2.7', service: 'analytics' })]);
    await limits.flush(true);
    expect(written).toHaveLength(1);
  });
});
