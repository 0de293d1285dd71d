import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { Roles } from '@icjims/auth';
import { AccessRecordedV1, CloudEvent, validateEventData, AccessRecorded, parseCloudEvent } from '@icjims/contracts';
import { AccessTo } from './access/access-spec';
import { textFault } from './http/text-safety';
import { ApiProblems } from './openapi/api-problems.decorator';
import { ServiceDefinition } from './service/service-definition';
import { expectProblem, http, RunningService, ServiceWithDatabase, startService, startServiceWithDatabase } from './platform.fixtures';

// A test-only service with text everywhere a caller can put it: a route parameter, query
// parameters, body fields (one free text), a nested object.

class Tag {
  @ApiProperty() @IsString() @MaxLength(64) name: string;
}

class NoteDto {
  @ApiProperty() @IsString() @MaxLength(64) label: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: Tag }) @IsOptional() @ValidateNested() @Type(() => Tag) tag?: Tag;
}

class NoteQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) label?: string;
}

@Controller('notes')
class NotesController {
  @Post()
  @Roles('prosecutor')
  @AccessTo({ action: 'register', resourceType: 'note' })
  @ApiProblems(400)
  create(@Body() body: NoteDto) {
    return { id: randomUUID(), label: body.label, description: body.description ?? null };
  }

  @Get()
  @Roles('prosecutor')
  @AccessTo({ action: 'list', resourceType: 'note' })
  @ApiProblems(400)
  list(@Query() query: NoteQuery) {
    return { items: [], label: query.label ?? null };
  }

  @Get(':noteId')
  @Roles('prosecutor')
  @AccessTo({ action: 'read', resourceType: 'note', resourceIdParam: 'noteId' })
  @ApiProblems(400)
  read(@Param('noteId') noteId: string) {
    return { id: noteId };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

const inputTestService: ServiceDefinition = {
  name: 'probation',
  title: 'Input safety test service',
  description: 'A test-only service that takes text in every place a caller can put it',
  defaultPort: 0,
  schema: 'input_test',
  module: NotesModule,
  migrations: [],
};

/** Sends raw bytes (what no HTTP client would send) and gives back the status line, the headers and the body. */
function rawExchange(url: string, bytes: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const socket = connect(Number(target.port), target.hostname, () => socket.end(Buffer.from(bytes, 'latin1')));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
  });
}

/** Every string in a JSON value, keys included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
}

describe('hostile text in requests', () => {
  let service: RunningService;
  let api: string;
  let database: Client;
  let prosecutor: string;

  let started: ServiceWithDatabase | undefined;

  beforeAll(async () => {
    started = await startServiceWithDatabase(inputTestService);
    ({ service, api, database, prosecutor } = started);
  });
  afterAll(() => started?.stop());

  /** The one access event a request left, checked against the contract, and free of anything PostgreSQL's jsonb refuses. */
  async function accessEventOf(correlation: string): Promise<AccessRecordedV1> {
    const { rows } = await database.query<{ value: string }>(
      `SELECT value FROM input_test.outbox WHERE event_type LIKE '%access.recorded.v1' AND value::jsonb->>'correlationid' = $1`,
      [correlation],
    );
    expect(rows).toHaveLength(1);
    const event = validateEventData(AccessRecorded.probation, parseCloudEvent(rows[0].value)) as CloudEvent<AccessRecordedV1>;
    // What audit does with it: the whole event as jsonb.
    await database.query('SELECT $1::jsonb', [rows[0].value]);
    for (const text of stringsOf(JSON.parse(rows[0].value))) expect(textFault(text, false)).toBeUndefined();
    return event.data;
  }

  function send(method: string, path: string, options: { body?: unknown; rawBody?: string; token?: string } = {}) {
    const correlation = `hostile-${randomUUID()}`;
    return http(method, `${api}${path}`, { token: prosecutor, ...options, headers: { 'x-correlation-id': correlation } }).then((response) => ({ response, correlation }));
  }

  it.each([
    ['a NUL', '%00'],
    ['a line break', 'abc%0Adef'],
    ['an escape sequence', '%1B%5B31m'],
  ])('refuses a route parameter holding %s with 400 naming it, and records it escaped', async (_scenario, segment) => {
    const { response, correlation } = await send('GET', `/notes/${segment}`);
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'noteId', reason: 'noteId must not contain control characters' }]);
    const event = await accessEventOf(correlation);
    expect(event).toMatchObject({ outcome: 'rejected', status: 400, action: 'read', actor: { sub: 'prosecutor-gb' } });
    expect(event.resourceId).toMatch(/\\u00(00|0a|1b)/);
  });

  it('refuses a route parameter holding an unpaired surrogate (as CESU bytes, not UTF-8) with 400', async () => {
    const { response, correlation } = await send('GET', '/notes/%ED%A0%80');
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/problem\+json/);
    await accessEventOf(correlation);
  });

  it.each([
    ['a query value holding a NUL', '?label=a%00b', 'label'],
    ['a query value holding a line break', '?label=a%0D%0Ab', 'label'],
    ['a query name holding a NUL', '?la%00bel=x', 'la\\u0000bel'],
  ])('refuses %s with 400 naming it', async (_scenario, query, field) => {
    const { response, correlation } = await send('GET', `/notes${query}`);
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await accessEventOf(correlation)).toMatchObject({ outcome: 'rejected', action: 'list' });
  });

  it.each([
    ['a NUL in a field', { label: 'knife\u0000' }, 'label'],
    ['a vertical tab in free text', { label: 'knife', description: 'a\u000bb' }, 'description'],
    ['a NUL in a nested field', { label: 'knife', tag: { name: '\u0000' } }, 'tag.name'],
    ['a NUL in a key', { label: 'knife', 'ex\u0000tra': 1 }, 'ex\\u0000tra'],
    ['an unpaired surrogate', { label: 'knife\ud800' }, 'label'],
  ])('refuses a body with %s with 400 naming it, writing nothing', async (_scenario, body, field) => {
    const { response, correlation } = await send('POST', '/notes', { body });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await accessEventOf(correlation)).toMatchObject({ outcome: 'rejected', action: 'register' });
  });

  it('takes line breaks and tabs in free text', async () => {
    const { response } = await send('POST', '/notes', { body: { label: 'knife', description: 'found\r\n\tunder the bed' } });
    expect(response.status).toBe(201);
    expect(response.body.description).toBe('found\r\n\tunder the bed');
  });

  it('refuses JSON nested deeper than 32 levels with 400, and takes 32', async () => {
    const deep = (depth: number) => `{"label":"knife","tag":${'{"name":'.repeat(depth - 2)}"x"${'}'.repeat(depth - 2)}}`;
    const refused = await send('POST', '/notes', { rawBody: deep(33) });
    expectProblem(refused.response, 400);
    expect(refused.response.body.detail).not.toMatch(/internal/i);
    await accessEventOf(refused.correlation);
    const veryDeep = await send('POST', '/notes', { rawBody: `${'['.repeat(20_000)}${']'.repeat(20_000)}` });
    expectProblem(veryDeep.response, 400);
    await accessEventOf(veryDeep.correlation);
  });

  it('refuses a token whose sub holds a line break with 401, recorded without an actor', async () => {
    const forged = await new SignJWT({ roles: ['prosecutor'], region: 'KG-GB' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone\nelse')
      .sign(new TextEncoder().encode('not our key, but the sub is checked too'));
    const { response, correlation } = await send('GET', '/notes', { token: forged });
    expectProblem(response, 401);
    const event = await accessEventOf(correlation);
    expect(event.actor.sub).toBeUndefined();
  });

  it('records an unknown route whose path holds encoded controls, with the path escaped and bounded', async () => {
    const { response, correlation } = await send('GET', `/no%00where/${'x'.repeat(400)}`);
    expectProblem(response, 404);
    const event = await accessEventOf(correlation);
    expect(event.route.length).toBeLessThanOrEqual(256);
  });

  it('answers a malformed percent-encoding in a route parameter with 400 problem+json', async () => {
    const { response, correlation } = await send('GET', '/notes/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/problem\+json/);
    await accessEventOf(correlation);
  });

  it('answers a request line with a raw control character with 400 problem+json', async () => {
    const response = await rawExchange(service.url, `GET /api/v1/notes/\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(response.status).toBe(400);
    expect(response.head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, type: 'urn:icjims:problem:bad-request' });
  });
});

describe('bodies, headers and tokens out of bounds', () => {
  let service: RunningService;
  let api: string;
  let prosecutor: string;

  beforeAll(async () => {
    service = await startService(inputTestService);
    api = `${service.url}/api/v1`;
    prosecutor = await service.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-gb' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function postEncoded(encoding: string, body: Uint8Array | string) {
    const response = await fetch(`${api}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text };
  }

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
  ])('reads a %s-compressed body', async (encoding, compress) => {
    const response = await postEncoded(encoding, compress(Buffer.from(JSON.stringify({ label: 'knife' }))));
    expect(response.status).toBe(201);
  });

  it.each([
    ['an unknown Content-Encoding', 'compress', 'x', 415],
    ['two encodings', 'gzip, snappy', 'x', 415],
    ['a broken gzip stream', 'gzip', 'this is not gzip', 400],
    ['a truncated gzip stream', 'gzip', gzipSync(Buffer.from(JSON.stringify({ label: 'knife' }))).subarray(0, 12), 400],
  ])('refuses %s with problem+json', async (_scenario, encoding, body, status) => {
    expectProblem(await postEncoded(encoding, body), status);
  });

  it('refuses a compressed body that inflates beyond the size limit with 413', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ label: 'x', description: ' '.repeat(10_000_000) })));
    expectProblem(await postEncoded('gzip', bomb), 413);
  });

  it('refuses an Authorization header over 8 kB with 401 problem+json', async () => {
    const response = await http('GET', `${api}/notes`, { headers: { authorization: `Bearer ${'a'.repeat(9000)}` } });
    expectProblem(response, 401);
    expect(response.body.detail).toMatch(/longer than/);
  });

  it('answers headers over the server limit with 431 problem+json', async () => {
    const response = await rawExchange(service.url, `GET /api/v1/notes HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(response.status).toBe(431);
    expect(response.head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(response.body)).toMatchObject({ status: 431, type: 'urn:icjims:problem:headers-too-large' });
  });
});
