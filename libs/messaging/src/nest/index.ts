export * from './bus-context';
export * from './bus-transport';
export * from './handled-event-types';
