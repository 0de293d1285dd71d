export * from './embedded-postgres';
export * from './service-database';
export * from './service-role';
export * from './create-database';
export * from './service-login';
export * from './pipelining-client';
export * from './reads';
export * from './entity-rows';
