import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

const METADATA = 3;
const FIND_COORDINATOR = 10;

/**
 * A TCP proxy in front of one Kafka broker that clients see as the broker itself. A Kafka
 * client learns the brokers' addresses from Metadata (and the group coordinator's from
 * FindCoordinator) and then connects to those — for librdkafka's mock cluster its own port, which
 * would go round a plain proxy. So the proxy rewrites the broker's port in those two responses
 * (same length: a port is a fixed int32) to its own. `cut()` closes the listener and every
 * connection (the broker unreachable: refused, then reset); `restore()` listens again on the
 * same port.
 */
export class KafkaProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly broker: { host: string; port: number }) {}

  async start(port = 0): Promise<string> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => done());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return `127.0.0.1:${this.port}`;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((done) => server.close(done));
  }

  async restore(): Promise<void> {
    await this.start(this.port);
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.broker.port, this.broker.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    // Which API each request in flight asked for, by correlation id, to find the responses to rewrite.
    const asked = new Map<number, number>();
    frames(client, (frame) => {
      asked.set(frame.readInt32BE(8), frame.readInt16BE(4)); // after the length: api key, version, correlation id
      upstream.write(frame);
    });
    frames(upstream, (frame) => {
      const correlationId = frame.readInt32BE(4);
      const api = asked.get(correlationId);
      asked.delete(correlationId);
      client.write(api === METADATA || api === FIND_COORDINATOR ? this.rewritePorts(frame) : frame);
    });
  }

  /**
   * The broker's port, wherever it follows its host in the response, becomes the proxy's:
   * Metadata's brokers and FindCoordinator's coordinator are `… host (int16 length + bytes), port (int32)`.
   */
  private rewritePorts(frame: Buffer): Buffer {
    const host = Buffer.from(this.broker.host);
    for (let at = frame.indexOf(host, 8); at >= 2; at = frame.indexOf(host, at + 1)) {
      const portAt = at + host.length;
      if (frame.readInt16BE(at - 2) === host.length && portAt + 4 <= frame.length && frame.readInt32BE(portAt) === this.broker.port) frame.writeInt32BE(this.port, portAt);
    }
    return frame;
  }
}

/** Calls `onFrame` with each whole Kafka frame (int32 size, then that many bytes) the socket sends. */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  });
}
