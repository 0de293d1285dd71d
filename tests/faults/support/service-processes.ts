import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { Role } from '@icjims/contracts';
import { freePort } from '@icjims/persistence';
import { RunningProcess, startProcess, tempFolder, tokenMinter, waitForHealth } from '../../e2e/support/processes';
import { Service, SERVICES, Target } from './target';

/**
 * The five services as a deployment runs them — each its own process (`node dist/apps/<service>/main.js`,
 * built first), on Kafka and one PostgreSQL — any of which a test may kill outright and start again
 * on the same port.
 */
export class ServiceProcesses implements Target {
  private readonly running = new Map<Service, RunningProcess>();
  private readonly ports = new Map<Service, number>();
  private readonly dataDir = tempFolder('fault-services');
  private readonly mint = tokenMinter(this.dataDir);
  private starts = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly brokers: readonly string[],
  ) {}

  async startAll(): Promise<void> {
    for (const service of SERVICES) this.ports.set(service, await freePort());
    await Promise.all(SERVICES.map((service) => this.start(service)));
  }

  api(service: Service): string {
    return `http://127.0.0.1:${this.ports.get(service)}/api/v1`;
  }

  tokenFor(role: Role, region?: string): Promise<string> {
    return this.mint(role, region, { sub: `${role}-faults` });
  }

  async sql(schema: string): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl, options: `-c search_path=${schema}` });
    await client.connect();
    return client;
  }

  /** Starts (or starts again) one service and waits until it is healthy. */
  async start(service: Service): Promise<void> {
    const port = this.ports.get(service)!;
    const env = { PORT: String(port), HOST: '127.0.0.1', DATABASE_MIGRATION_URL: this.databaseUrl, KAFKA_BROKERS: this.brokers.join(','), ICJIMS_DATA_DIR: this.dataDir, LOG_LEVEL: 'warn' };
    const running = startProcess(service, env, `faults-${service}-${++this.starts}`);
    this.running.set(service, running);
    await waitForHealth(`http://127.0.0.1:${port}`, running, 120_000);
  }

  /** kill -9: no shutdown at all. */
  async kill(service: Service): Promise<void> {
    await this.running.get(service)?.stop('SIGKILL');
  }

  /** Stops every service; their signing-key folder goes (their logs stay under reports/e2e). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((running) => running.stop('SIGTERM')));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
