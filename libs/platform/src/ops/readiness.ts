import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '@icjims/messaging';
import { ServiceMetrics } from '@icjims/observability';
import { EVENT_BUS } from '../service/tokens';

/** Longest a dependency may take to answer a health probe. */
export const CHECK_TIMEOUT_MS = 2000;

export type CheckStatus = 'up' | 'down';

/** Whether `probe` answers within the time limit. */
export async function check(probe: () => Promise<unknown>, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    const result = await Promise.race([probe(), timeout]);
    return result === false ? 'down' : 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** What /health and /health/ready report. */
export interface DependencyChecks {
  database: CheckStatus;
  bus: { status: CheckStatus; transport: EventBus['transport'] };
}

export interface ReadinessReport {
  ready: boolean;
  checks: DependencyChecks & {
    /** Always `done`: a service builds its app, and so answers at all, only once its schema is migrated (or verified migrated). */
    migrations: 'done';
    /** True once a graceful shutdown began: the service finishes what it has and takes nothing new. */
    draining: boolean;
  };
  /** What is not ready, in words (empty when ready). */
  notReady: string[];
}

/**
 * The service's liveness and readiness. Ready: the database and the bus answer and the
 * service is not draining. Each check sets `icjims_ready`, so the background refresh keeps
 * it current even when nobody probes.
 */
@Injectable()
export class Readiness {
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** A graceful shutdown began: readiness (and liveness) answer 503 from now on. */
  drain(): void {
    this.draining = true;
    this.metrics.ready.set(0);
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** The database and the bus, probed together. */
  async dependencies(): Promise<DependencyChecks> {
    const [database, bus] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => (await this.bus.isHealthy()) || Promise.reject(new Error('bus unhealthy'))),
    ]);
    return { database, bus: { status: bus, transport: this.bus.transport } };
  }

  async check(): Promise<ReadinessReport> {
    const dependencies = await this.dependencies();
    const notReady = [
      ...(dependencies.database === 'down' ? ['database unreachable'] : []),
      ...(dependencies.bus.status === 'down' ? ['event bus unreachable'] : []),
      ...(this.draining ? ['shutting down (draining)'] : []),
    ];
    const ready = notReady.length === 0;
    this.metrics.ready.set(ready ? 1 : 0);
    return { ready, checks: { ...dependencies, migrations: 'done', draining: this.draining }, notReady };
  }
}
