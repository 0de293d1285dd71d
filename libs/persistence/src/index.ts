export * from './embedded-postgres';
export * from './service-database';
export * from './create-database';
