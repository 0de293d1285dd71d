import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Autovacuum visits the access log after every 100,000 new entries, not after every 20% of its
 * size (PostgreSQL's default: 2 million entries once it holds 10 million). The first read of a
 * row after its insert sets its hint bits, and with data checksums (initdb's default since
 * PostgreSQL 18) the first such change to a page after a checkpoint writes the whole page to the
 * WAL: a verification that reads entries no vacuum has visited yet does that for them, on the
 * auditor's clock (2.7 µs more of PostgreSQL's CPU and ~1 KB of WAL an entry, measured). A
 * vacuum soon after the appends does it in the background, a little at a time.
 */
export class AccessLogVacuum1763900000540 implements MigrationInterface {
  name = 'AccessLogVacuum1763900000540';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE access_log SET (autovacuum_vacuum_insert_threshold = 100000, autovacuum_vacuum_insert_scale_factor = 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE access_log RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`);
  }
}
