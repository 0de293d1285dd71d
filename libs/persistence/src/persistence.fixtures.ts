import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

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
