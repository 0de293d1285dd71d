export * from './pack';
export * from './zoned-time';
export * from './languages';
export * from './national-id';
export * from './validate-pack';
