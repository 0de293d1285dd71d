import { setTimeout as sleep } from 'node:timers/promises';
import { withCorrelationId } from './correlation';
import { createLogger } from './logger';

// The real logger, writing to memory instead of stdout.
const logLines: string[] = [];
const memory = { write: (line: string) => void logLines.push(line) };

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvZmZpY2VyLTEifQ.c2lnbmF0dXJl';

function entries(): Record<string, unknown>[] {
  return logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

function written(): string {
  return logLines.join('');
}

describe('createLogger', () => {
  beforeEach(() => {
    logLines.length = 0;
  });

  it('writes one JSON line per entry with the service, level, time and message', () => {
    createLogger({ service: 'case-registry' }, memory).info({ caseId: 'c-1' }, 'case registered');
    expect(logLines).toHaveLength(1);
    expect(logLines[0].endsWith('\n')).toBe(true);
    expect(entries()[0]).toMatchObject({ service: 'case-registry', level: 30, msg: 'case registered', caseId: 'c-1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('leaves out entries below its level', () => {
    const logger = createLogger({ service: 'audit', level: 'warn' }, memory);
    logger.info('routine');
    logger.warn('unusual');
    expect(entries().map((entry) => entry.msg)).toEqual(['unusual']);
  });

  it('never writes the Authorization header of a logged request', () => {
    createLogger({ service: 'audit' }, memory).info({ req: { method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${TOKEN}`, cookie: `session=${TOKEN}` } } }, 'request');
    expect(written()).not.toContain(TOKEN);
    expect(entries()[0]).toMatchObject({ req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });

  it('never writes a Set-Cookie header of a logged response', () => {
    createLogger({ service: 'audit' }, memory).info({ res: { statusCode: 200, headers: { 'set-cookie': `session=${TOKEN}` } } }, 'response');
    expect(written()).not.toContain(TOKEN);
  });

  it.each([
    ['an authorization field', { authorization: `Bearer ${TOKEN}` }],
    ['a token field', { token: TOKEN }],
    ['a nested token field', { login: { token: TOKEN } }],
    ['a password field', { password: TOKEN }],
    ['a nested password field', { database: { password: TOKEN } }],
  ])('never writes %s', (_scenario, fields) => {
    createLogger({ service: 'audit' }, memory).warn(fields, 'login attempt');
    expect(logLines).toHaveLength(1);
    expect(written()).not.toContain(TOKEN);
    expect(written()).toContain('[redacted]');
  });

  it('never writes a token through a child logger', () => {
    createLogger({ service: 'audit' }, memory).child({ component: 'auth' }).info({ token: TOKEN }, 'verified');
    expect(written()).not.toContain(TOKEN);
  });

  it('adds the correlation id to every entry written inside withCorrelationId', async () => {
    const logger = createLogger({ service: 'analytics' }, memory);
    await withCorrelationId('req-4711', async () => {
      logger.info('before waiting');
      await sleep(5);
      logger.child({ component: 'consumer' }).info('after waiting');
    });
    expect(entries()).toEqual([
      expect.objectContaining({ msg: 'before waiting', correlationId: 'req-4711' }),
      expect.objectContaining({ msg: 'after waiting', correlationId: 'req-4711' }),
    ]);
  });

  it('writes no correlation id outside withCorrelationId', () => {
    createLogger({ service: 'analytics' }, memory).info('startup');
    expect(entries()[0]).not.toHaveProperty('correlationId');
  });

  it('keeps concurrent correlation scopes apart', async () => {
    const logger = createLogger({ service: 'analytics' }, memory);
    // Scope a logs only after scope b has logged, so the two are interleaved whatever the timers do.
    let bLogged!: () => void;
    const afterB = new Promise<void>((resolve) => (bLogged = resolve));
    await Promise.all([
      withCorrelationId('req-a', async () => {
        await afterB;
        logger.info('req-a');
      }),
      withCorrelationId('req-b', async () => {
        await sleep(1);
        logger.info('req-b');
        bLogged();
      }),
    ]);
    expect(entries().map((entry) => [entry.msg, entry.correlationId])).toEqual([
      ['req-b', 'req-b'],
      ['req-a', 'req-a'],
    ]);
  });
});

describe('createLogger error serialisation', () => {
  it('logs a database error without the statement’s parameters or the driver’s detail', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'case-registry' }, { write: (line: string) => lines.push(line) });
    const failure = Object.assign(new Error('duplicate key value violates unique constraint "cases_pkey"'), {
      name: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO cases (description) VALUES ($1)',
      parameters: ['Jaan Tamm stole a bicycle'],
      driverError: { detail: 'Key (id)=(Jaan Tamm) already exists.' },
    });
    logger.error({ err: failure }, 'request failed');
    const entry = JSON.parse(lines[0]);
    expect(entry.err).toEqual({ type: 'QueryFailedError', message: failure.message, code: '23505', stack: expect.any(String) });
    expect(lines[0]).not.toContain('Jaan Tamm');
  });
});
