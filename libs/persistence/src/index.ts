export * from './embedded-postgres';
export * from './service-database';
