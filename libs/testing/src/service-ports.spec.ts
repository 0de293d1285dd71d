import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ephemeralPortsFrom, freePortOffset, SERVICE_PORTS } from './service-ports';

function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

describe('ephemeralPortsFrom', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ports-'));

  it("reads the range's low end", () => {
    writeFileSync(join(folder, 'range'), '40000\t60999\n');
    expect(ephemeralPortsFrom(join(folder, 'range'))).toBe(40_000);
  });

  it("falls back to Linux's default when the file is missing or odd", () => {
    expect(ephemeralPortsFrom(join(folder, 'missing'))).toBe(32_768);
    writeFileSync(join(folder, 'odd'), 'x y');
    expect(ephemeralPortsFrom(join(folder, 'odd'))).toBe(32_768);
  });
});

describe('freePortOffset', () => {
  it('keeps every service port below the ephemeral range', async () => {
    const offset = await freePortOffset(20_000, 40_000, 1_990);
    for (const port of SERVICE_PORTS) expect(port + offset).toBeLessThan(ephemeralPortsFrom());
    expect(offset % 10).toBe(0);
  });

  it('passes over an offset whose ports are taken', async () => {
    const first = await freePortOffset(22_000, 22_100, 0);
    const taken = await listen(SERVICE_PORTS[2] + first);
    try {
      const next = await freePortOffset(22_000, 22_100, 0);
      expect(next).not.toBe(first);
      expect(next).toBeGreaterThanOrEqual(22_000);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('says so when no offset in the range is usable', async () => {
    await expect(freePortOffset(61_000, 61_020)).rejects.toThrow('no port offset in [61000, 61020)');
  });
});
