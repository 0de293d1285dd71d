export * from './correlation';
export * from './logger';
export * from './metrics';
export * from './background-refresh';
export * from './tracing';
