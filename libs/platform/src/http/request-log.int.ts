import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import express, { json } from 'express';
import { createLogger } from '@icjims/observability';
import { correlationMiddleware, requestLogMiddleware } from './http-pipeline';

// The real logger, writing to memory instead of stdout.
const logLines: string[] = [];
const memory = { write: (line: string) => void logLines.push(line) };

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvZmZpY2VyLTEifQ.c2lnbmF0dXJl';
const NATIONAL_ID = '21503199012345';

describe('the request log', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(correlationMiddleware());
    app.use(requestLogMiddleware(createLogger({ service: 'case-registry' }, memory)));
    app.use(json());
    app.post('/api/v1/persons', (_request, response) => {
      response.status(201).json({ id: 'p-1', nationalId: NATIONAL_ID });
    });
    app.get('/api/v1/missing', (_request, response) => {
      response.status(404).json({ title: 'Not Found' });
    });
    app.get('/api/v1/broken', (_request, response) => {
      response.status(500).json({ title: 'Internal Server Error' });
    });
    app.get('/api/v1/slow', (_request, response) => {
      setTimeout(() => response.json({ late: true }), 300);
    });
    const mounted = express.Router();
    mounted.get('/items', (_request, response) => {
      response.json([]);
    });
    app.use('/api/v1/mounted', mounted);
    app.get('/health', (_request, response) => {
      response.json({ status: 'ok' });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    logLines.length = 0;
  });

  async function postPerson(correlationId: string): Promise<void> {
    const response = await fetch(`${base}/api/v1/persons?name=Aigul+Asanova&nationalId=${NATIONAL_ID}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        cookie: `session=${TOKEN}`,
        'content-type': 'application/json',
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({ name: 'Aigul Asanova', nationalId: NATIONAL_ID }),
    });
    await response.text();
    expect(response.status).toBe(201);
  }

  async function logged(): Promise<Record<string, unknown>[]> {
    await new Promise((resolve) => setImmediate(resolve));
    return logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes one line per request with the method, the path without query and the status', async () => {
    await postPerson('req-log-1');
    const entries = await logged();
    expect(entries).toEqual([
      expect.objectContaining({
        service: 'case-registry',
        req: { method: 'POST', path: '/api/v1/persons' },
        res: { statusCode: 201 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('never writes the token, the cookie, the query string or the bodies', async () => {
    await postPerson('req-log-2');
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(NATIONAL_ID);
    expect(text).not.toContain('Asanova');
  });

  it('tags the request line with the request’s correlation id', async () => {
    await postPerson('req-log-3');
    const [entry] = await logged();
    expect(entry).toMatchObject({ correlationId: 'req-log-3', reqId: 'req-log-3' });
  });

  it('logs the path asked for, also when a mounted router answered it', async () => {
    await (await fetch(`${base}/api/v1/mounted/items?page=2`)).text();
    const [entry] = await logged();
    expect(entry).toMatchObject({ req: { method: 'GET', path: '/api/v1/mounted/items' }, res: { statusCode: 200 } });
  });

  it('logs a 4xx at warn and a 5xx at error, each once', async () => {
    for (const path of ['/api/v1/missing', '/api/v1/broken']) await (await fetch(`${base}${path}`)).text();
    const entries = await logged();
    expect(entries).toEqual([
      expect.objectContaining({ level: 40, msg: 'request completed', req: { method: 'GET', path: '/api/v1/missing' }, res: { statusCode: 404 } }),
      expect.objectContaining({ level: 50, msg: 'request errored', req: { method: 'GET', path: '/api/v1/broken' }, res: { statusCode: 500 } }),
    ]);
  });

  it('logs a request the client gave up on once, as aborted', async () => {
    await expect(fetch(`${base}/api/v1/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the handler answers the closed socket meanwhile
    const entries = await logged();
    expect(entries).toEqual([expect.objectContaining({ msg: 'request aborted', req: { method: 'GET', path: '/api/v1/slow' } })]);
  });

  it('does not log health checks', async () => {
    const response = await fetch(`${base}/health`);
    await response.text();
    await expect(logged()).resolves.toEqual([]);
  });
});
