export * from './bus-context';
export * from './bus-transport';
