import { Client } from 'pg';
import { freshName } from './persistence.fixtures';
import { ensureServiceRole } from './service-role';

const serverUrl = () => process.env.TEST_POSTGRES_URL as string;

describe('ensureServiceRole', () => {
  let admin: Client;
  const sessions: Client[] = [];
  const roles: string[] = [];

  beforeAll(async () => {
    admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    for (const session of sessions) await session.end();
    for (const role of roles.reverse()) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  async function connect(url: string, count: number): Promise<Client[]> {
    const opened = await Promise.all(Array.from({ length: count }, async () => {
      const session = new Client({ connectionString: url });
      await session.connect();
      return session;
    }));
    sessions.push(...opened);
    return opened;
  }

  async function roleCount(role: string): Promise<number> {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [role]);
    return rows[0].n;
  }

  it('creates the role once when ten sessions of a superuser ask for it at once', async () => {
    const role = freshName('icjims_race');
    roles.push(role);
    const many = await connect(serverUrl(), 10);
    await Promise.all(many.map((session) => ensureServiceRole(session, role)));
    expect(await roleCount(role)).toBe(1);
    await ensureServiceRole(many[0], role); // and again, later
    expect(await roleCount(role)).toBe(1);
  });

  it('creates the role and the membership once when ten sessions of a CREATEROLE user ask at once, after which it may switch', async () => {
    const login = freshName('t_creator');
    roles.push(login);
    await admin.query(`CREATE ROLE ${login} LOGIN CREATEROLE PASSWORD 'test-only'`);
    const url = new URL(serverUrl());
    url.username = login;
    url.password = 'test-only';
    const role = freshName('icjims_race');
    roles.push(role);
    const many = await connect(url.toString(), 10);
    await Promise.all(many.map((session) => ensureServiceRole(session, role)));
    expect(await roleCount(role)).toBe(1);
    await many[0].query(`SET ROLE ${role}`);
    await expect(many[0].query('SELECT current_user AS role')).resolves.toMatchObject({ rows: [{ role }] });
  });
});
