export * from './kafka-bus';
