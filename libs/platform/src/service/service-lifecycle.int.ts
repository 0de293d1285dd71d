import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { startService } from '../platform.fixtures';
import { ServiceDefinition } from './service-definition';

const calls: string[] = [];

/** Stands for every provider that starts a timer at bootstrap and stops it at destroy (relays, sealers, schedulers). */
@Injectable()
class Lifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  onModuleInit(): void {
    calls.push('init');
  }
  onApplicationBootstrap(): void {
    calls.push('bootstrap');
  }
  onModuleDestroy(): void {
    calls.push('destroy');
  }
  onApplicationShutdown(): void {
    calls.push('shutdown');
  }
}

@Module({ providers: [Lifecycle] })
class LifecycleModule {}

const lifecycleTestService: ServiceDefinition = {
  name: 'audit',
  title: 'Lifecycle test service',
  description: 'A test-only service whose provider counts its lifecycle hooks',
  defaultPort: 0,
  schema: 'lifecycle_test',
  module: LifecycleModule,
  migrations: [],
};

/**
 * The HTTP application and the event transport connected to it share one container: its
 * lifecycle hooks run once. (A deferred microservice runs them again when it starts, which left
 * every background timer started twice, and the first of each running after the service stopped.)
 */
describe('a service’s lifecycle', () => {
  it('runs each provider’s hooks once, from start to stop', async () => {
    const service = await startService(lifecycleTestService);
    expect(calls).toEqual(['init', 'bootstrap']);
    await service.stop();
    expect(calls).toEqual(['init', 'bootstrap', 'destroy', 'shutdown']);
  });
});
