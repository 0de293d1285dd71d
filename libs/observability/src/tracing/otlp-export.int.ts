import { execFile } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A collector of our own on the loopback interface receives what a process really sends.
interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

interface Outcome {
  traceId: string;
  exporter: { protocol: string; url: string } | null;
  exporterLoaded: boolean;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Runs export-a-span.process.ts with only these OTEL_* variables (none of the shell's). */
async function exportASpan(otel: Record<string, string>): Promise<Outcome> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  const script = join(__dirname, '..', 'testing', 'export-a-span.process.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { env: { ...env, ...otel }, timeout: 30_000 });
  return JSON.parse(stdout) as Outcome;
}

describe('exporting spans', () => {
  const received: Received[] = [];
  let collector: Server;
  let endpoint: string;
  // Three processes at once (each pays for its start), one per configuration.
  let exported: Outcome;
  let unconfigured: Outcome;
  let switchedOff: Outcome;

  beforeAll(async () => {
    collector = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        received.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    [exported, unconfigured, switchedOff] = await Promise.all([
      exportASpan({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
      exportASpan({}),
      exportASpan({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' }),
    ]);
  }, 40_000);
  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
  });

  it('sends the finished spans, with their service, to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces as OTLP protobuf', () => {
    expect(exported.exporter).toEqual({ protocol: 'http/protobuf', url: `${endpoint}/v1/traces` });
    expect(received).toHaveLength(1); // only that process's span: the two others sent nothing
    const [request] = received;
    expect(request.path).toBe('/v1/traces');
    expect(request.contentType).toBe('application/x-protobuf');
    expect(request.body.includes(Buffer.from(exported.traceId, 'hex'))).toBe(true);
    expect(request.body.includes(Buffer.from('verify the log'))).toBe(true);
    expect(request.body.includes(Buffer.from('audit'))).toBe(true);
  });

  it('sends nothing and loads no exporter when none is configured', () => {
    expect(unconfigured.traceId).toMatch(/^[0-9a-f]{32}$/); // spans are still made, for the logs and the bus
    expect(unconfigured).toMatchObject({ exporter: null, exporterLoaded: false });
  });

  it('sends nothing with OTEL_TRACES_EXPORTER=none, though an endpoint is set', () => {
    expect(switchedOff).toMatchObject({ exporter: null, exporterLoaded: false });
    expect(received.some((request) => request.body.includes(Buffer.from(switchedOff.traceId, 'hex')))).toBe(false);
  });
});
