export * from './database';
export * from './service-harness';
export * from './http-client';
export * from './events';
export * from './step-corrections';
export * from './kafka-broker';
export * from './round-trips';
export * from './service-ports';
