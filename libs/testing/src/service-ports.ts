import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The launcher's service ports before `ICJIMS_PORT_OFFSET` (case registry … audit). */
export const SERVICE_PORTS = [3001, 3002, 3003, 3004, 3005];

/**
 * The lowest port the kernel hands to outgoing connections. A fixed port inside that range can be
 * taken at any moment by a test's own client socket (to PostgreSQL, the broker, a service), and a
 * launcher listening there then fails with EADDRINUSE.
 */
export function ephemeralPortsFrom(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const low = Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/**
 * An `ICJIMS_PORT_OFFSET` in [from, to), in steps of 10, whose five service ports are free now and
 * below the ephemeral range. The search starts at a point drawn from the process id, so that
 * parallel test workers seldom try the same offsets.
 */
export async function freePortOffset(from: number, to: number, seed = process.pid): Promise<number> {
  const ceiling = ephemeralPortsFrom();
  const slots = Math.floor((to - from) / 10);
  for (let tried = 0; tried < slots; tried++) {
    const offset = from + ((seed + tried) % slots) * 10;
    const ports = SERVICE_PORTS.map((port) => port + offset);
    if (ports.some((port) => port >= ceiling)) continue;
    if ((await Promise.all(ports.map(bindable))).every(Boolean)) return offset;
  }
  throw new Error(`no port offset in [${from}, ${to}) leaves ports ${SERVICE_PORTS.join(', ')} free below ${ceiling}`);
}
