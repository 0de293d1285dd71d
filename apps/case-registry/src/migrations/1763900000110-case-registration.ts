import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 3's registration, status, responsibility and transfer data, and districts and
 * agencies as reference data.
 *
 * The districts, agencies and the added offences seeded here are a SAMPLE, like the
 * regions and offences of 1763900000100: Estonian counties with a few of their
 * municipalities as districts, a handful of Estonian agencies, and articles of a fictional
 * criminal code mapped to plausible ICCS codes. They let a new installation be tried at
 * once; an admin replaces them through PUT /api/v1/reference/{regions,agencies,offences}.
 */
export class CaseRegistration1763900000110 implements MigrationInterface {
  name = 'CaseRegistration1763900000110';

  async up(db: QueryRunner): Promise<void> {
    // An ICCS section is named after the first two digits of the codes it holds: "05 Acts against property only".
    await db.query(`ALTER TABLE offences ADD CONSTRAINT offences_iccs_section_matches_code
      CHECK (iccs_section ~ '^[0-9]{2} ' AND left(iccs_section, 2) = left(iccs_code, 2))`);
    await db.query(`
      CREATE TABLE districts (
        region text NOT NULL REFERENCES regions (code) ON DELETE CASCADE,
        code   text NOT NULL,
        name   text NOT NULL,
        PRIMARY KEY (region, code)
      )`);
    await db.query(`
      CREATE TABLE agencies (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('police', 'prosecutor', 'tax_and_customs', 'border_guard', 'other'))
      )`);

    // Cases registered before this migration have no source, district or agency; they stay null.
    await db.query(`
      ALTER TABLE cases
        ADD COLUMN source text CHECK (source IN ('complaint', 'police_report', 'self_report', 'prosecutor_initiative', 'agency_referral')),
        ADD COLUMN district text,
        ADD COLUMN agency text REFERENCES agencies (code),
        ADD COLUMN offence_committed_at timestamptz CHECK (offence_committed_at <= received_at),
        ADD COLUMN registered_late boolean,
        ADD COLUMN offence_title text,
        ADD COLUMN offence_severity text CHECK (offence_severity IN ('minor', 'medium', 'grave', 'especially_grave')),
        ADD COLUMN iccs_code text CHECK (iccs_code ~ '^[0-9]{2,6}$'),
        ADD COLUMN iccs_section text,
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN status_recorded_at timestamptz,
        ADD COLUMN responsible_prosecutor text,
        ADD COLUMN responsible_investigator text,
        ADD CONSTRAINT cases_district_of_region FOREIGN KEY (region, district) REFERENCES districts (region, code),
        ADD CONSTRAINT cases_status_known CHECK (status IN (
          'registered', 'under_investigation', 'suspended', 'terminated', 'in_court', 'decided', 'under_appeal', 'closed', 'joined'))`);
    await db.query(`
      UPDATE cases SET
        registered_late = registered_at - received_at > interval '24 hours',
        offence_title = offences.title, offence_severity = offences.severity,
        iccs_code = offences.iccs_code, iccs_section = offences.iccs_section,
        status_changed_at = registered_at
      FROM offences WHERE offences.article = cases.offence_article`);
    for (const column of ['registered_late', 'offence_title', 'offence_severity', 'iccs_code', 'iccs_section', 'status_changed_at']) {
      await db.query(`ALTER TABLE cases ALTER COLUMN ${column} SET NOT NULL`);
    }
    // Search pages newest first over (registered_at, id), within a region or nationally.
    await db.query(`DROP INDEX cases_region_registered`);
    await db.query(`CREATE INDEX cases_region_registered_id ON cases (region, registered_at DESC, id DESC)`);
    await db.query(`CREATE INDEX cases_registered_id ON cases (registered_at DESC, id DESC)`);
    await db.query(`CREATE INDEX cases_responsible_prosecutor ON cases (responsible_prosecutor) WHERE responsible_prosecutor IS NOT NULL`);
    await db.query(`CREATE INDEX cases_responsible_investigator ON cases (responsible_investigator) WHERE responsible_investigator IS NOT NULL`);

    await db.query(`
      CREATE TABLE case_assignments (
        id                bigserial PRIMARY KEY,
        case_id           uuid NOT NULL REFERENCES cases (id),
        responsibility    text NOT NULL CHECK (responsibility IN ('prosecutor', 'investigator')),
        assignee          text NOT NULL,
        previous_assignee text,
        reason            text CHECK (length(reason) <= 500),
        assigned_by       text NOT NULL,
        assigned_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX case_assignments_case ON case_assignments (case_id, id)`);
    // Codes are kept as they were at the time, without foreign keys: history outlives reference data.
    await db.query(`
      CREATE TABLE case_transfers (
        id             uuid PRIMARY KEY,
        case_id        uuid NOT NULL REFERENCES cases (id),
        from_region    text NOT NULL,
        from_district  text,
        from_agency    text,
        to_region      text NOT NULL,
        to_district    text,
        to_agency      text,
        reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        transferred_by text NOT NULL,
        transferred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX case_transfers_case ON case_transfers (case_id, transferred_at)`);

    await this.seedSample(db);
  }

  /** SAMPLE reference data; see the class comment. */
  private async seedSample(db: QueryRunner): Promise<void> {
    await db.query(`INSERT INTO districts (region, code, name) VALUES
      ('EE-37', 'tallinn', 'Tallinn'), ('EE-37', 'keila', 'Keila'), ('EE-37', 'maardu', 'Maardu'), ('EE-37', 'saue', 'Saue'),
      ('EE-39', 'hiiumaa', 'Hiiumaa'),
      ('EE-44', 'narva', 'Narva'), ('EE-44', 'kohtla-jarve', 'Kohtla-Järve'), ('EE-44', 'sillamae', 'Sillamäe'),
      ('EE-49', 'jogeva', 'Jõgeva'), ('EE-49', 'pohja-tartu', 'Põhja-Tartu'),
      ('EE-51', 'paide', 'Paide'), ('EE-51', 'turi', 'Türi'),
      ('EE-57', 'haapsalu', 'Haapsalu'), ('EE-57', 'laane-nigula', 'Lääne-Nigula'),
      ('EE-59', 'rakvere', 'Rakvere'), ('EE-59', 'tapa', 'Tapa'),
      ('EE-65', 'polva', 'Põlva'), ('EE-65', 'rapina', 'Räpina'),
      ('EE-67', 'parnu', 'Pärnu'), ('EE-67', 'saarde', 'Saarde'),
      ('EE-70', 'rapla', 'Rapla'), ('EE-70', 'kohila', 'Kohila'),
      ('EE-74', 'saaremaa', 'Saaremaa'), ('EE-74', 'muhu', 'Muhu'),
      ('EE-78', 'tartu', 'Tartu'), ('EE-78', 'elva', 'Elva'), ('EE-78', 'kastre', 'Kastre'),
      ('EE-82', 'valga', 'Valga'), ('EE-82', 'otepaa', 'Otepää'),
      ('EE-84', 'viljandi', 'Viljandi'), ('EE-84', 'mulgi', 'Mulgi'),
      ('EE-86', 'voru', 'Võru'), ('EE-86', 'antsla', 'Antsla')`);
    await db.query(`INSERT INTO agencies (code, name, kind) VALUES
      ('PPA-NORTH', 'Police and Border Guard Board, North Prefecture', 'police'),
      ('PPA-EAST', 'Police and Border Guard Board, East Prefecture', 'police'),
      ('PPA-SOUTH', 'Police and Border Guard Board, South Prefecture', 'police'),
      ('PPA-WEST', 'Police and Border Guard Board, West Prefecture', 'police'),
      ('PPA-BORDER', 'Police and Border Guard Board, border guard', 'border_guard'),
      ('EMTA', 'Tax and Customs Board', 'tax_and_customs'),
      ('PROS-GENERAL', 'Office of the Prosecutor General', 'prosecutor'),
      ('PROS-NORTH', 'North District Prosecutor''s Office', 'prosecutor'),
      ('PROS-SOUTH', 'South District Prosecutor''s Office', 'prosecutor'),
      ('PROS-EAST', 'Viru District Prosecutor''s Office', 'prosecutor'),
      ('PROS-WEST', 'West District Prosecutor''s Office', 'prosecutor'),
      ('KAPO', 'Internal Security Service', 'other'),
      ('ENV', 'Environmental Board', 'other')`);
    await db.query(`INSERT INTO offences (article, title, severity, iccs_code, iccs_section) VALUES
      ('114-1', 'Aggravated murder', 'especially_grave', '0101', '01 Acts leading to death or intending to cause death'),
      ('117-1', 'Negligent homicide', 'medium', '0103', '01 Acts leading to death or intending to cause death'),
      ('120-1', 'Threat', 'minor', '0201', '02 Acts causing harm or intending to cause harm to the person'),
      ('133-1', 'Trafficking in human beings', 'grave', '0204', '02 Acts causing harm or intending to cause harm to the person'),
      ('136-1', 'Unlawful deprivation of liberty', 'medium', '0202', '02 Acts causing harm or intending to cause harm to the person'),
      ('183-1', 'Handling small quantities of narcotic drugs', 'minor', '06011', '06 Acts involving controlled drugs or other psychoactive substances'),
      ('213-1', 'Computer-related fraud', 'medium', '0701', '07 Acts involving fraud, deception or corruption'),
      ('217-1', 'Unlawful access to a computer system', 'medium', '0903', '09 Acts against public safety and state security'),
      ('263-1', 'Breach of public order', 'minor', '0801', '08 Acts against public order, authority and provisions of the State'),
      ('323-1', 'False testimony', 'medium', '0806', '08 Acts against public order, authority and provisions of the State'),
      ('344-1', 'Forgery of documents', 'medium', '0702', '07 Acts involving fraud, deception or corruption'),
      ('364-1', 'Pollution of the environment', 'medium', '1001', '10 Acts against the natural environment'),
      ('389-1', 'Tax fraud', 'grave', '0804', '08 Acts against public order, authority and provisions of the State'),
      ('418-1', 'Unlawful handling of firearms', 'medium', '0901', '09 Acts against public safety and state security'),
      ('424-1', 'Driving while intoxicated', 'medium', '0907', '09 Acts against public safety and state security')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM offences WHERE article IN
      ('114-1', '117-1', '120-1', '133-1', '136-1', '183-1', '213-1', '217-1', '263-1', '323-1', '344-1', '364-1', '389-1', '418-1', '424-1')`);
    await db.query(`DROP TABLE case_transfers`);
    await db.query(`DROP TABLE case_assignments`);
    await db.query(`DROP INDEX cases_responsible_investigator`);
    await db.query(`DROP INDEX cases_responsible_prosecutor`);
    await db.query(`DROP INDEX cases_registered_id`);
    await db.query(`DROP INDEX cases_region_registered_id`);
    await db.query(`CREATE INDEX cases_region_registered ON cases (region, registered_at)`);
    await db.query(`
      ALTER TABLE cases
        DROP CONSTRAINT cases_status_known,
        DROP CONSTRAINT cases_district_of_region,
        DROP COLUMN responsible_investigator, DROP COLUMN responsible_prosecutor,
        DROP COLUMN status_recorded_at, DROP COLUMN status_changed_at,
        DROP COLUMN iccs_section, DROP COLUMN iccs_code, DROP COLUMN offence_severity, DROP COLUMN offence_title,
        DROP COLUMN registered_late, DROP COLUMN offence_committed_at,
        DROP COLUMN agency, DROP COLUMN district, DROP COLUMN source`);
    await db.query(`DROP TABLE agencies`);
    await db.query(`DROP TABLE districts`);
    await db.query(`ALTER TABLE offences DROP CONSTRAINT offences_iccs_section_matches_code`);
  }
}
