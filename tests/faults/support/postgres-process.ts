import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../e2e/support/processes';

export interface PostgresProcess {
  url: string;
  /** Stops the server (a fast shutdown: open sessions are cut) and resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts postgres-server.ts on a cluster folder and port (the same ones again after a stop: the same server back). */
export function startPostgresProcess(dataDir: string, port: number): Promise<PostgresProcess> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'postgres-server.ts'), dataDir, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^url=(.+)$/m.exec(output)?.[1];
      if (url) {
        resolve({
          url,
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`the PostgreSQL process ended: ${output.slice(-1000)}`)));
  });
}
