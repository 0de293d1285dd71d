import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { defineEvent } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { AccessTo } from '../access/access-spec';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { expectProblem, http, HttpResult, RunningService, ServiceWithDatabase, startServiceWithDatabase } from '../platform.fixtures';
import { ServiceDefinition } from '../service/service-definition';

// ---------------------------------------------------------------------------------------
// A test-only service whose POST writes a row and a domain event in one unit of work.

class ExhibitRegisteredV1 {
  @IsUUID() id: string;
  @IsString() label: string;
}
const ExhibitRegistered = defineEvent('audit', 'exhibit.registered', 1, ExhibitRegisteredV1);

class Exhibits1700000000001 implements MigrationInterface {
  name = 'Exhibits1700000000001';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE exhibits (id uuid PRIMARY KEY, label text NOT NULL, count int NOT NULL, registered_by text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE exhibits');
  }
}

class RegisterExhibitDto {
  @ApiProperty() @IsString() @MaxLength(64) label: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1000) count: number;
}

/** Labels whose next registration fails after writing its row and event, before the commit. */
const failNextRegistrationOf = new Set<string>();
/** Labels whose registrations hold their transaction open a while after writing, as a slow one would. */
const slowRegistrationsOf = new Set<string>();

@Injectable()
class ExhibitsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  register(command: RegisterExhibitDto, principal: Principal) {
    return this.unitOfWork.run(async (manager) => {
      const id = randomUUID();
      await manager.query('INSERT INTO exhibits (id, label, count, registered_by) VALUES ($1, $2, $3, $4)', [id, command.label, command.count, principal.sub]);
      await this.outbox.record(manager, ExhibitRegistered, id, { id, label: command.label });
      if (failNextRegistrationOf.delete(command.label)) throw new Error('simulated failure before the commit');
      if (slowRegistrationsOf.has(command.label)) await sleep(300);
      return { id, label: command.label, count: command.count, registeredBy: principal.sub };
    });
  }
}

@Controller('exhibits')
class ExhibitsController {
  constructor(private readonly exhibits: ExhibitsService) {}

  @Post()
  @Roles('prosecutor')
  @AccessTo({ action: 'register', resourceType: 'exhibit' })
  @ApiCreatedResponse({ description: 'The exhibit' })
  @ApiProblems(400)
  register(@Body() body: RegisterExhibitDto, @CurrentPrincipal() principal: Principal) {
    return this.exhibits.register(body, principal);
  }

  /** Reshapes the unit of work's result: a replay must still answer with what the first call answered. */
  @Post('linked')
  @Roles('prosecutor')
  @AccessTo({ action: 'register', resourceType: 'exhibit' })
  @ApiProblems(400)
  async registerLinked(@Body() body: RegisterExhibitDto, @CurrentPrincipal() principal: Principal) {
    const registered = await this.exhibits.register(body, principal);
    return { ...registered, href: `/api/v1/exhibits/${registered.id}` };
  }

  /** Changes nothing through a unit of work; its answer differs on every call. */
  @Post('stamps')
  @HttpCode(200)
  @Roles('prosecutor')
  @AccessTo({ action: 'stamp', resourceType: 'exhibit' })
  @ApiProblems()
  stamp() {
    return { stamp: randomUUID() };
  }
}

@Module({ controllers: [ExhibitsController], providers: [ExhibitsService] })
class ExhibitsModule {}

const idempotencyTestService: ServiceDefinition = {
  name: 'audit',
  title: 'Idempotency test service',
  description: 'A test-only service whose POST writes a row and an event',
  defaultPort: 0,
  schema: 'idempotency_test',
  module: ExhibitsModule,
  migrations: [Exhibits1700000000001],
};

// ---------------------------------------------------------------------------------------

describe('Idempotency-Key', () => {
  let service: RunningService;
  let api: string;
  let database: Client;
  let prosecutor: string;

  let started: ServiceWithDatabase | undefined;

  beforeAll(async () => {
    started = await startServiceWithDatabase(idempotencyTestService);
    ({ service, api, database, prosecutor } = started);
  });
  afterAll(() => started?.stop());

  /** A body no other test sends, so that counts are per test. */
  const exhibit = () => ({ label: `exhibit ${randomUUID()}`, count: 2 });

  function register(body: unknown, options: { key?: string; token?: string; correlation?: string } = {}): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    if (options.correlation) headers['x-correlation-id'] = options.correlation;
    return http('POST', `${api}/exhibits`, { token: options.token ?? prosecutor, body, headers });
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return rows[0].n;
  }
  const exhibitsLabelled = (label: string) => count('idempotency_test.exhibits WHERE label = $1', [label]);
  const registeredEvents = (label: string) =>
    count(`idempotency_test.outbox WHERE event_type = $1 AND value::jsonb->'data'->>'label' = $2`, [ExhibitRegistered.type, label]);
  const keyRecords = (key: string) => count('idempotency_test.idempotency_keys WHERE idempotency_key = $1', [key]);

  it('answers a repeat with the first response, replayed, and creates no row and no event', async () => {
    const body = exhibit();
    const key = randomUUID();
    const first = await register(body, { key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const repeat = await register(body, { key });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await exhibitsLabelled(body.label)).toBe(1);
    expect(await registeredEvents(body.label)).toBe(1);
  });

  it('replays what a handler answered when it reshaped its unit of work’s result', async () => {
    const body = exhibit();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await http('POST', `${api}/exhibits/linked`, { token: prosecutor, body, headers });
    const repeat = await http('POST', `${api}/exhibits/linked`, { token: prosecutor, body, headers });
    expect(first.body.href).toBe(`/api/v1/exhibits/${first.body.id}`);
    expect(repeat.body).toEqual(first.body);
    expect(await exhibitsLabelled(body.label)).toBe(1);
  });

  it('still records the repeat in the access trail, as an allowed access to the same exhibit', async () => {
    const body = exhibit();
    const key = randomUUID();
    const [first, second] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
    const created = await register(body, { key, correlation: first });
    await register(body, { key, correlation: second });
    const { rows } = await database.query<{ data: { outcome: string; status: number; resourceId: string } }>(
      `SELECT value::jsonb->'data' AS data FROM idempotency_test.outbox
        WHERE event_type LIKE '%access.recorded.v1' AND value::jsonb->>'correlationid' = ANY($1) ORDER BY position`,
      [[first, second]],
    );
    expect(rows.map((row) => row.data)).toEqual([
      expect.objectContaining({ outcome: 'allowed', status: 201, resourceId: created.body.id }),
      expect.objectContaining({ outcome: 'allowed', status: 201, resourceId: created.body.id }),
    ]);
  });

  it('refuses the same key with another body with 422 naming Idempotency-Key, and creates nothing', async () => {
    const key = randomUUID();
    await register(exhibit(), { key });
    const other = exhibit();
    const response = await register(other, { key });
    expectProblem(response, 422);
    expect(response.body.type).toBe('urn:icjims:problem:idempotency-key-reused');
    expect(response.body.detail).toContain('Idempotency-Key');
    expect(await exhibitsLabelled(other.label)).toBe(0);
  });

  it('refuses the same key on another path with 422', async () => {
    const key = randomUUID();
    await register(exhibit(), { key });
    const response = await http('POST', `${api}/exhibits/stamps`, { token: prosecutor, headers: { 'idempotency-key': key } });
    expectProblem(response, 422);
  });

  it('creates a new exhibit for every request without a key, as before', async () => {
    const body = exhibit();
    const [first, second] = [await register(body), await register(body)];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.id).not.toBe(second.body.id);
    expect(await exhibitsLabelled(body.label)).toBe(2);
  });

  it('keeps one caller’s key apart from another’s', async () => {
    const body = exhibit();
    const key = randomUUID();
    const other = await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-other' });
    const [mine, theirs] = [await register(body, { key }), await register(body, { key, token: other })];
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await exhibitsLabelled(body.label)).toBe(2);
  });

  it.each([
    ['a space', 'my key'],
    ['129 characters', 'k'.repeat(129)],
    ['an empty value', ''],
  ])('refuses a key with %s with 400 naming Idempotency-Key, and creates nothing', async (_scenario, key) => {
    const body = exhibit();
    const response = await register(body, { key });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', reason: 'Idempotency-Key must be 1 to 128 visible ASCII characters' }]);
    expect(await exhibitsLabelled(body.label)).toBe(0);
  });

  it('lets a retry with the same key succeed after the first attempt failed, which left nothing behind', async () => {
    const body = exhibit();
    const key = randomUUID();
    failNextRegistrationOf.add(body.label);
    expectProblem(await register(body, { key }), 500);
    expect(await exhibitsLabelled(body.label)).toBe(0);
    expect(await keyRecords(key)).toBe(0);

    const retry = await register(body, { key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await exhibitsLabelled(body.label)).toBe(1);
    expect(await registeredEvents(body.label)).toBe(1);
  });

  it('answers ten identical requests sent while the first is in flight with one effect and the same body', async () => {
    const body = exhibit();
    const key = randomUUID();
    slowRegistrationsOf.add(body.label); // the others find no record yet, run, and wait for the first at its key
    const responses = await Promise.all(Array.from({ length: 10 }, () => register(body, { key })));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await exhibitsLabelled(body.label)).toBe(1);
    expect(await registeredEvents(body.label)).toBe(1);
  });

  it('records the response of a handler that changes nothing through a unit of work', async () => {
    const key = randomUUID();
    const stamp = () => http('POST', `${api}/exhibits/stamps`, { token: prosecutor, headers: { 'idempotency-key': key } });
    const first = await stamp();
    const repeat = await stamp();
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  });

  it('forgets a key once it is older than the retention (24 hours by default)', async () => {
    const body = exhibit();
    const key = randomUUID();
    const first = await register(body, { key });
    await database.query(`UPDATE idempotency_test.idempotency_keys SET created_at = created_at - interval '24 hours 1 second' WHERE idempotency_key = $1`, [key]);

    const later = await register(body, { key });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
    expect(await exhibitsLabelled(body.label)).toBe(2);
    expect(await keyRecords(key)).toBe(1);
  });

  it('describes the header, the problems it can cause and the replay header on a POST', async () => {
    const document = (await http('GET', `${service.url}/docs-json`)).body;
    const register = document.paths['/api/v1/exhibits'].post;
    expect(register.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false, schema: expect.objectContaining({ maxLength: 128 }) }),
    );
    for (const status of ['400', '409', '422']) {
      expect([status, register.responses[status].content['application/problem+json'].schema]).toEqual([status, { $ref: '#/components/schemas/ProblemDetails' }]);
    }
    expect(register.responses['400'].description).toMatch(/offending field.*Idempotency-Key/);
    expect(register.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
  });
});

describe('Idempotency-Key retention', () => {
  let service: RunningService;
  let database: Client;
  let started: ServiceWithDatabase | undefined;

  beforeAll(async () => {
    started = await startServiceWithDatabase(idempotencyTestService, { idempotencyRetentionSeconds: 1 });
    ({ service, database } = started);
  });
  afterAll(() => started?.stop());

  it('deletes expired keys periodically, so that the table stays small', async () => {
    const token = await service.tokenFor('prosecutor', { region: 'KG-GB' });
    const response = await http('POST', `${service.url}/api/v1/exhibits/stamps`, { token, headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(200);
    const remaining = async () => (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_test.idempotency_keys')).rows[0].n;
    expect(await remaining()).toBe(1);
    const deadline = Date.now() + 5000;
    while ((await remaining()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await remaining()).toBe(0);
  });
});
