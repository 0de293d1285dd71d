import { createUniqueDatabase } from '@icjims/persistence';

/** Creates an empty database for one suite on the run's PostgreSQL and returns its URL. */
export function createTestDatabase(label = 'suite'): Promise<string> {
  return createUniqueDatabase(process.env.TEST_POSTGRES_URL, label);
}
