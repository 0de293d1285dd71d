import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases, their numbering, and the reference tables. The seeded regions and offences are
 * a SAMPLE (Estonian counties, a handful of articles of a fictional criminal code mapped
 * to ICCS) so that a new installation can be tried at once; an admin replaces them.
 */
export class CaseRegistry1763900000100 implements MigrationInterface {
  name = 'CaseRegistry1763900000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE regions (code text PRIMARY KEY, name text NOT NULL)`);
    await db.query(`
      CREATE TABLE offences (
        article      text PRIMARY KEY,
        title        text NOT NULL,
        severity     text NOT NULL CHECK (severity IN ('minor', 'medium', 'grave', 'especially_grave')),
        iccs_code    text NOT NULL CHECK (iccs_code ~ '^[0-9]{2,6}$'),
        iccs_section text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE case_number_counters (
        region        text NOT NULL REFERENCES regions (code),
        year          int  NOT NULL,
        last_sequence int  NOT NULL,
        PRIMARY KEY (region, year)
      )`);
    await db.query(`
      CREATE TABLE cases (
        id              uuid PRIMARY KEY,
        case_number     text NOT NULL UNIQUE,
        region          text NOT NULL REFERENCES regions (code),
        offence_article text NOT NULL REFERENCES offences (article),
        description     text NOT NULL CHECK (length(description) <= 2000),
        received_at     timestamptz NOT NULL,
        registered_at   timestamptz NOT NULL CHECK (received_at <= registered_at),
        registered_by   text NOT NULL,
        status          text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX cases_region_registered ON cases (region, registered_at)`);

    await db.query(`INSERT INTO regions (code, name) VALUES
      ('EE-37', 'Harju'), ('EE-39', 'Hiiu'), ('EE-44', 'Ida-Viru'), ('EE-49', 'Jõgeva'), ('EE-51', 'Järva'),
      ('EE-57', 'Lääne'), ('EE-59', 'Lääne-Viru'), ('EE-65', 'Põlva'), ('EE-67', 'Pärnu'), ('EE-70', 'Rapla'),
      ('EE-74', 'Saare'), ('EE-78', 'Tartu'), ('EE-82', 'Valga'), ('EE-84', 'Viljandi'), ('EE-86', 'Võru')`);
    await db.query(`INSERT INTO offences (article, title, severity, iccs_code, iccs_section) VALUES
      ('113', 'Murder', 'especially_grave', '0101', '01 Acts leading to death or intending to cause death'),
      ('118-1', 'Causing serious health damage', 'grave', '02011', '02 Acts causing harm or intending to cause harm to the person'),
      ('121-1', 'Physical abuse', 'medium', '02012', '02 Acts causing harm or intending to cause harm to the person'),
      ('141-1', 'Rape', 'grave', '03011', '03 Injurious acts of a sexual nature'),
      ('184-1', 'Drug trafficking in large quantities', 'grave', '06012', '06 Acts involving controlled drugs or other psychoactive substances'),
      ('199-1', 'Theft', 'medium', '0502', '05 Acts against property only'),
      ('200-1', 'Robbery', 'grave', '0401', '04 Acts against property involving violence or threat against a person'),
      ('209-1', 'Fraud', 'medium', '0701', '07 Acts involving fraud, deception or corruption'),
      ('218-1', 'Damage to property', 'minor', '0504', '05 Acts against property only'),
      ('294-1', 'Accepting a bribe', 'grave', '07031', '07 Acts involving fraud, deception or corruption')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE cases`);
    await db.query(`DROP TABLE case_number_counters`);
    await db.query(`DROP TABLE offences`);
    await db.query(`DROP TABLE regions`);
  }
}
