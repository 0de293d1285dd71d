export * from './trace-settings';
export * from './tracing';
export * from './event-tracing';
