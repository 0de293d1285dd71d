export * from './pack';
export * from './validate-pack';
export * from './load-jurisdiction';
export * from './pack-source';
export * from './national-id';
export * from './case-number';
export * from './zoned-time';
export * from './languages';
export { BUILT_IN_PACKS } from './built-in-packs';
