export * from './kafka-bus';
export { stopIdleRequestQueueTimers } from './request-queue-timers';
