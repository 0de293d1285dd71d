import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Client, DatabaseError, escapeIdentifier, escapeLiteral } from 'pg';
import { DatabaseRoleError } from './service-role';

/**
 * A service's runtime login: the PostgreSQL user its connection pool logs in as. It owns
 * nothing and belongs to no role that owns anything, so no statement it runs — `SET ROLE
 * NONE`, `RESET ROLE`, `SET SESSION AUTHORIZATION` included — reaches the owner of the
 * tables: it cannot drop them, disable their triggers or rewrite append-only history.
 */

/** The SCRAM-SHA-256 verifier PostgreSQL stores for a password: the password itself never reaches the server (nor its logs). */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * The URL of a service login whose password is derived from the migration login's (an HMAC
 * keyed with it): whoever can compute it already holds the owner's password, and it cannot be
 * turned back into that password. Every process that holds the migration URL — several
 * services, replicas, test workers — derives the same password, so none stores or shares one.
 */
export function derivedLoginUrl(migrationUrl: string, login: string): string {
  const url = new URL(migrationUrl);
  const key = decodeURIComponent(url.password);
  if (!key) throw new DatabaseRoleError(`The migration login "${decodeURIComponent(url.username)}" has no password in its URL, so no password can be derived from it for the service login ${login}: give the service its own login in DATABASE_URL (see docs/operations.md)`);
  url.username = login;
  url.password = createHmac('sha256', key).update(`icjims service login ${login}`).digest('base64url');
  return url.toString();
}

function loginOf(url: string): { login: string; password: string } {
  const parsed = new URL(url);
  return { login: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

const PERMISSION_DENIED = '42501';
const LOST_RACE = new Set(['42710', '23505', 'XX000']); // another session created or altered the same role first
const RACE_ATTEMPTS = 5;

/**
 * Run by the migration login: makes the login of `runtimeUrl` able to log in with the URL's
 * password and to act as the service role (a member of it, unless it is the role itself).
 * Creates the login if missing; sets its password again otherwise (a rotated password takes
 * effect at the next start). The migration login needs CREATEROLE (and, from PostgreSQL 16,
 * ADMIN on logins it did not create); the error says what an administrator runs instead.
 */
export async function provisionRuntimeLogin(owner: Client, runtimeUrl: string, serviceRole: string): Promise<void> {
  const { login, password } = loginOf(runtimeUrl);
  const quoted = escapeIdentifier(login);
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await owner.query<{ exists: boolean; member: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
                EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role($1, $2, 'MEMBER') AS member`,
        [login, serviceRole],
      );
      const secret = password ? `PASSWORD ${escapeLiteral(scramVerifier(password))}` : '';
      await owner.query(rows[0].exists ? `ALTER ROLE ${quoted} WITH LOGIN ${secret}` : `CREATE ROLE ${quoted} WITH LOGIN ${secret}`);
      if (login !== serviceRole && !rows[0].member) await owner.query(`GRANT ${serviceRole} TO ${quoted}`);
      return;
    } catch (error) {
      const code = error instanceof DatabaseError ? error.code : undefined;
      if (code === PERMISSION_DENIED) {
        const [{ user }] = (await owner.query<{ user: string }>('SELECT current_user AS user')).rows;
        const membership = login === serviceRole ? '' : ` GRANT ${serviceRole} TO ${quoted};`;
        throw new DatabaseRoleError(
          `Database login ${quoted} cannot log in as the service (wrong password, missing login or missing membership) and the migration login "${user}" may not fix it: as an administrator, run CREATE ROLE ${quoted} LOGIN PASSWORD '…' (or ALTER ROLE ${quoted} LOGIN PASSWORD '…');${membership} (see docs/operations.md)`,
        );
      }
      if (!code || !LOST_RACE.has(code) || attempt === RACE_ATTEMPTS) throw error;
    }
  }
}

/**
 * Whether the login of `url` can act as the owner that migrates and creates the services'
 * logins (superuser or CREATEROLE, with a password to derive theirs from).
 */
export async function mayProvisionServiceLogins(url: string): Promise<boolean> {
  if (!new URL(url).password) return false;
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ may: boolean }>(`SELECT rolsuper OR rolcreaterole AS may FROM pg_roles WHERE rolname = session_user`);
    return rows[0]?.may === true;
  } finally {
    await client.end();
  }
}

/** Runs one statement and resolves to its rows (a TypeORM DataSource's `query`, or a pg client's wrapped). */
export type SqlQuery = (sql: string, parameters?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Predefined roles whose members read or write every table, or reach the server's files and programs. */
const TOO_POWERFUL_ROLES = ['pg_read_all_data', 'pg_write_all_data', 'pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program', 'pg_database_owner'];

/**
 * What makes the session's login unfit to run a service, or an empty list: superuser and
 * the other role attributes that reach beyond one schema, ownership of any object (by the
 * login or any role it belongs to, in any database), and membership of predefined roles that
 * read or write everything.
 */
export async function loginPowers(query: SqlQuery): Promise<string[]> {
  const rows = await query(
    `WITH login AS (SELECT * FROM pg_roles WHERE rolname = session_user),
          mine AS (SELECT oid, rolname FROM pg_roles WHERE pg_has_role(session_user, oid, 'MEMBER'))
     SELECT unnest(ARRAY[
              CASE WHEN rolsuper THEN 'is a superuser' END,
              CASE WHEN rolcreaterole THEN 'may create roles (CREATEROLE)' END,
              CASE WHEN rolcreatedb THEN 'may create databases (CREATEDB)' END,
              CASE WHEN rolreplication THEN 'may replicate (REPLICATION)' END,
              CASE WHEN rolbypassrls THEN 'bypasses row security (BYPASSRLS)' END
            ]) AS power FROM login
     UNION ALL
     SELECT CASE WHEN m.rolname = session_user THEN 'owns database objects' ELSE format('belongs to %I, which owns database objects', m.rolname) END
       FROM mine m
      WHERE EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.deptype = 'o' AND d.refclassid = 'pg_authid'::regclass AND d.refobjid = m.oid)
         OR EXISTS (SELECT 1 FROM pg_database WHERE datdba = m.oid)
     UNION ALL
     SELECT format('belongs to %I', rolname) FROM mine WHERE rolname = ANY($1)
     UNION ALL
     SELECT 'may create schemas in the database' WHERE has_database_privilege(session_user, current_database(), 'CREATE')`,
    [TOO_POWERFUL_ROLES],
  );
  return [...new Set(rows.map((row) => row.power as string | null).filter((power): power is string => Boolean(power)))];
}

/** Refuses a runtime login with powers beyond its service, in one line naming them. */
export async function assertRuntimeLogin(query: SqlQuery, setting: string): Promise<void> {
  const powers = await loginPowers(query);
  if (powers.length === 0) return;
  const [{ login }] = await query('SELECT session_user AS login');
  throw new DatabaseRoleError(
    `Database login "${login}" in ${setting} ${powers.join(', ')}: a service must run as a login that owns nothing; give the owner's URL to DATABASE_MIGRATION_URL and a service login to ${setting} (see docs/operations.md), or set DATABASE_ALLOW_PRIVILEGED_LOGIN=true for development only`,
  );
}
