import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { Roles } from '@icjims/auth';
import { defineEvent } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { http, ServiceWithDatabase, startServiceWithDatabase } from '../platform.fixtures';
import { ServiceDefinition } from '../service/service-definition';
import { AccessTo } from './access-spec';

// A test-only service whose POSTs write a row and an event in a unit of work, or fail at some point.

class LabelWrittenV1 {
  @IsString() id: string;
}
const LabelWritten = defineEvent('audit', 'label.written', 1, LabelWrittenV1);

class Labels1700000000002 implements MigrationInterface {
  name = 'Labels1700000000002';
  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE labels (id uuid PRIMARY KEY, text text NOT NULL)');
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE labels');
  }
}

class LabelDto {
  @ApiProperty() @IsString() @MaxLength(64) text: string;
}

@Injectable()
class LabelsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  write(text: string, failBeforeCommit = false) {
    return this.unitOfWork.run(async (manager) => {
      const id = randomUUID();
      await manager.query('INSERT INTO labels (id, text) VALUES ($1, $2)', [id, text]);
      await this.outbox.record(manager, LabelWritten, id, { id });
      if (failBeforeCommit) throw new Error('simulated failure before the commit');
      return { id };
    });
  }
}

@Controller('labels')
class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Post()
  @Roles('prosecutor')
  @AccessTo({ action: 'write', resourceType: 'label' })
  @ApiProblems(400)
  write(@Body() body: LabelDto) {
    return this.labels.write(body.text);
  }

  @Post('rolled-back')
  @Roles('prosecutor')
  @AccessTo({ action: 'write', resourceType: 'label' })
  @ApiProblems(400)
  rolledBack(@Body() body: LabelDto) {
    return this.labels.write(body.text, true);
  }

  /** Commits its change, then fails: the caller gets an error, the trail keeps the committed change's one entry. */
  @Post('failing-after-commit')
  @Roles('prosecutor')
  @AccessTo({ action: 'write', resourceType: 'label' })
  @ApiProblems(400)
  async failingAfterCommit(@Body() body: LabelDto) {
    await this.labels.write(body.text);
    throw new Error('simulated failure after the commit');
  }

  @Get()
  @Roles('prosecutor')
  @AccessTo({ action: 'list', resourceType: 'label' })
  @ApiProblems()
  list() {
    return [];
  }
}

@Module({ controllers: [LabelsController], providers: [LabelsService] })
class LabelsModule {}

const labelsService: ServiceDefinition = {
  name: 'audit',
  title: 'Access trail test service',
  description: 'A test-only service whose POSTs write a row and an event',
  defaultPort: 0,
  schema: 'access_trail_test',
  module: LabelsModule,
  migrations: [Labels1700000000002],
};

/** Each request leaves exactly one access entry; a change's commits in the change's own transaction. */
describe('the access trail of a request', () => {
  let started: ServiceWithDatabase | undefined;
  let api: string;
  let database: Client;
  let prosecutor: string;

  beforeAll(async () => {
    started = await startServiceWithDatabase(labelsService);
    ({ api, database, prosecutor } = started);
  });
  afterAll(() => started?.stop());

  /** The request's outbox rows (its access event and any other), with the transaction that wrote each. */
  async function rowsOf(correlation: string): Promise<{ type: string; transaction: string; outcome?: string; status?: number; resourceId?: string }[]> {
    const { rows } = await database.query(
      `SELECT event_type, transaction_id::text AS transaction, value::jsonb->'data' AS data FROM access_trail_test.outbox
        WHERE value::jsonb->>'correlationid' = $1 ORDER BY position`,
      [correlation],
    );
    return rows.map((row) => ({
      type: row.event_type.endsWith('access.recorded.v1') ? 'access' : 'change',
      transaction: row.transaction,
      ...(row.event_type.endsWith('access.recorded.v1') && { outcome: row.data.outcome, status: row.data.status, resourceId: row.data.resourceId }),
    }));
  }

  const send = async (method: string, path: string, body?: unknown) => {
    const correlation = `trail-${randomUUID()}`;
    const response = await http(method, `${api}${path}`, { token: prosecutor, body, headers: { 'x-correlation-id': correlation } });
    return { response, rows: await rowsOf(correlation) };
  };

  it('commits a change’s access event in the change’s own transaction, naming what it wrote', async () => {
    const { response, rows } = await send('POST', '/labels', { text: 'written' });
    expect(response.status).toBe(201);
    expect(rows).toEqual([
      { type: 'change', transaction: expect.any(String) },
      { type: 'access', transaction: rows[0].transaction, outcome: 'allowed', status: 201, resourceId: response.body.id },
    ]);
  });

  it('records one entry, failed, for a change rolled back, and nothing of the change', async () => {
    const { response, rows } = await send('POST', '/labels/rolled-back', { text: 'rolled back' });
    expect(response.status).toBe(500);
    expect(rows).toEqual([{ type: 'access', transaction: expect.any(String), outcome: 'failed', status: 500, resourceId: undefined }]);
  });

  it('records one entry, rejected, for a request refused before any change', async () => {
    const { response, rows } = await send('POST', '/labels', { text: 7 });
    expect(response.status).toBe(400);
    expect(rows).toEqual([{ type: 'access', transaction: expect.any(String), outcome: 'rejected', status: 400, resourceId: undefined }]);
  });

  it('keeps the one entry of a committed change when the handler fails after the commit', async () => {
    const { response, rows } = await send('POST', '/labels/failing-after-commit', { text: 'committed' });
    expect(response.status).toBe(500);
    expect(rows).toEqual([
      { type: 'change', transaction: expect.any(String) },
      { type: 'access', transaction: rows[0].transaction, outcome: 'allowed', status: 201, resourceId: expect.any(String) },
    ]);
  });

  it('records a read’s entry on its own, allowed', async () => {
    const { response, rows } = await send('GET', '/labels');
    expect(response.status).toBe(200);
    expect(rows).toEqual([{ type: 'access', transaction: expect.any(String), outcome: 'allowed', status: 200, resourceId: undefined }]);
  });
});
