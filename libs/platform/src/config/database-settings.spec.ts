import { ConfigError, loadServiceConfig } from './service-config';

type Env = Record<string, string | undefined>;

const load = (env: Env) => loadServiceConfig(3005, env);

function refusal(env: Env): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('database settings', () => {
  const runtime = 'postgres://icjims_audit:runtime-secret@db.internal:5432/icjims';
  const owner = 'postgresql://icjims_owner:owner-secret@db.internal/icjims';

  it('reads the runtime and the migration login, which name the same server and database', () => {
    expect(load({ DATABASE_URL: runtime, DATABASE_MIGRATION_URL: owner })).toMatchObject({ databaseUrl: runtime, databaseMigrationUrl: owner });
  });

  it('accepts either one alone', () => {
    expect(load({ DATABASE_URL: runtime })).toMatchObject({ databaseUrl: runtime, databaseMigrationUrl: undefined });
    expect(load({ DATABASE_MIGRATION_URL: owner })).toMatchObject({ databaseUrl: undefined, databaseMigrationUrl: owner });
  });

  it('allows a privileged login only when told so, with true or false', () => {
    expect(load({}).allowPrivilegedDatabaseLogin).toBeUndefined();
    expect(load({ DATABASE_ALLOW_PRIVILEGED_LOGIN: 'false' }).allowPrivilegedDatabaseLogin).toBeUndefined();
    expect(load({ DATABASE_ALLOW_PRIVILEGED_LOGIN: 'true' }).allowPrivilegedDatabaseLogin).toBe(true);
    expect(refusal({ DATABASE_ALLOW_PRIVILEGED_LOGIN: 'yes' })).toBe('Invalid configuration: DATABASE_ALLOW_PRIVILEGED_LOGIN must be true or false (got "yes")');
  });

  it('refuses a migration URL that is not PostgreSQL, without its password', () => {
    const message = refusal({ DATABASE_MIGRATION_URL: 'mysql://root:Sup3rSecret@db.internal/icjims' });
    expect(message).toMatch(/^Invalid configuration: DATABASE_MIGRATION_URL must be a postgres: or postgresql: URL/);
    expect(message).not.toContain('Sup3rSecret');
  });

  it.each([
    ['another server', 'postgres://icjims_owner:owner-secret@other.internal:5432/icjims', 'other.internal:5432/icjims'],
    ['another port', 'postgres://icjims_owner:owner-secret@db.internal:6432/icjims', 'db.internal:6432/icjims'],
    ['another database', 'postgres://icjims_owner:owner-secret@db.internal:5432/elsewhere', 'db.internal:5432/elsewhere'],
  ])('refuses a migration URL on %s than DATABASE_URL, naming both places and no password', (_, migration, place) => {
    const message = refusal({ DATABASE_URL: runtime, DATABASE_MIGRATION_URL: migration });
    expect(message).toBe(`Invalid configuration: DATABASE_MIGRATION_URL must be the server and database of DATABASE_URL (db.internal:5432/icjims) (got "${place}")`);
  });
});
