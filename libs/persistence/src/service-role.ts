import { Client, DatabaseError } from 'pg';

/** Table and schema names we put into SQL unquoted. */
const SQL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * A service's database role, `icjims_<schema>`: it may read and write the service's own
 * tables and nothing else, and only read and append to its append-only ones. It owns
 * nothing. The service's runtime login is this role itself (given LOGIN) or a member of it;
 * its pool takes the role at connection (`-c role=`).
 */
export function serviceRoleName(schema: string): string {
  if (!SQL_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const role = `icjims_${schema}`;
  if (role.length > 63) throw new Error(`schema name "${schema}" is too long for its database role ${role} (at most 56 characters)`);
  return role;
}

/** The database cannot provide a service's role; the message is the one line an operator needs. */
export class DatabaseRoleError extends Error {
  override name = 'DatabaseRoleError';
}

const PERMISSION_DENIED = '42501';
// Role names and memberships are cluster-wide: another database's service may be creating
// the same role or membership right now. The loser of that race sees one of these.
const LOST_RACE = new Set([
  '42710', // duplicate_object: role already exists
  '23505', // unique_violation on pg_authid / pg_auth_members
  'XX000', // tuple concurrently updated
]);
const RACE_ATTEMPTS = 5;

function codeOf(error: unknown): string | undefined {
  return error instanceof DatabaseError ? error.code : undefined;
}

/**
 * Creates the service role if missing and makes the connected (login) user a member that
 * may SET ROLE to it. Safe when several instances or databases do it at once.
 */
export async function ensureServiceRole(owner: Client, role: string): Promise<void> {
  const [{ user }] = (await owner.query<{ user: string }>('SELECT current_user AS user')).rows;
  for (let attempt = 1; ; attempt++) {
    let step: 'create' | 'grant' = 'create';
    try {
      const { rows } = await owner.query<{ exists: boolean; member: boolean }>(
        // SET is the membership option that allows SET ROLE (PostgreSQL 16+); before 16, any membership does.
        `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
                EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                  AND pg_has_role(current_user, $1, CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END) AS member`,
        [role],
      );
      if (!rows[0].exists) await owner.query(`CREATE ROLE ${role} NOLOGIN`);
      step = 'grant';
      if (!rows[0].member) await owner.query(`GRANT ${role} TO CURRENT_USER`);
      return;
    } catch (error) {
      const code = codeOf(error);
      if (code === PERMISSION_DENIED) {
        const grant = `GRANT ${role} TO "${user}"`;
        throw new DatabaseRoleError(
          step === 'create'
            ? `Database role ${role} does not exist and database user "${user}" may not create it: as an administrator, run CREATE ROLE ${role} NOLOGIN; ${grant}; (see docs/operations.md)`
            : `Database user "${user}" may not switch to role ${role}: as an administrator, run ${grant}; (see docs/operations.md)`,
        );
      }
      if (!code || !LOST_RACE.has(code) || attempt === RACE_ATTEMPTS) throw error;
    }
  }
}

/**
 * (Re)applies the service role's privileges in one transaction: the schema, read and write
 * on every table and sequence in it, then only read and append on the append-only tables,
 * and only read on the table of applied migrations.
 * Run by the schema owner after migrations, so tables added since the last start are covered.
 */
export async function grantServicePrivileges(owner: Client, schema: string, role: string, appendOnlyTables: readonly string[]): Promise<void> {
  const invalid = appendOnlyTables.find((table) => !SQL_NAME.test(table));
  if (invalid !== undefined) throw new Error(`invalid append-only table name "${invalid}"`);
  await owner.query('BEGIN');
  try {
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    for (const table of appendOnlyTables) await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${role}`);
    // Only migrations, run by the owner, record what has been applied.
    await owner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.migrations FROM ${role}`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined); // the original error says more
    throw error;
  }
}
