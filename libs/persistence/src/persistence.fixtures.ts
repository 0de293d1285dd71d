import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { PipeliningClient } from './pipelining-client';

// Test helpers for this library's suites (not exported).

/** A name no other run has used: schemas, roles and logins are shared by the whole server. */
export const freshName = (label: string) => `${label}_${randomBytes(4).toString('hex')}`;

/** A migration called `name` that creates `table` with a serial id and one text column. */
export function createTableMigration(name: string, table: string, column: string): new () => MigrationInterface & { name: string } {
  return class implements MigrationInterface {
    name = name;
    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, ${column} text NOT NULL)`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE ${table}`);
    }
  };
}

/**
 * A table `(id int PRIMARY KEY, label text)` holding `labels` (ids 1, 2, …), on a pool of one
 * PipeliningClient connection — every statement goes through the same client — and `sent`: what
 * reaches the server in each test, message by message, each entry one round trip.
 */
export function useLabelTable(name: string, labels: readonly string[] = []) {
  const table = freshName(name);
  const dataSource = new DataSource({ type: 'postgres', url: process.env.TEST_POSTGRES_URL as string, extra: { max: 1, Client: PipeliningClient } });
  const sent: string[] = [];
  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text NOT NULL)`);
    if (labels.length) await dataSource.query(`INSERT INTO ${table} (id, label) SELECT i, label FROM unnest($1::text[]) WITH ORDINALITY AS t (label, i)`, [labels]);
  });
  afterAll(async () => {
    await dataSource.query(`DROP TABLE ${table}`);
    await dataSource.destroy();
  });
  beforeEach(() => {
    sent.length = 0;
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const [first] = args;
      sent.push(typeof first === 'string' ? first : (first as { text: string }).text);
      return query.apply(this, args);
    } as never);
  });
  afterEach(() => jest.restoreAllMocks());
  const storedLabels = async (): Promise<string[]> => (await dataSource.query(`SELECT label FROM ${table} ORDER BY id`)).map((row: { label: string }) => row.label);
  return { table, dataSource, sent, labels: storedLabels };
}
