import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { ProbationEntryRecorded } from '@icjims/contracts';
import { http, outboxCloudEvents, RunningServices, startServices } from '@icjims/testing';
import { ProbationCasesOnJournal1763900000330 } from '../migrations/1763900000330-probation-cases-on-journal';
import { probationService } from '../probation.service';

/**
 * Migration 330 on an installation that kept probation cases in `probation_cases`: the table is
 * put back as it was (the migration's down), filled as the older service filled it, and the
 * migration moves every row into the journal and drops the table.
 */
describe('probation cases moved into the probation journal (migration 330)', () => {
  let services: RunningServices;
  let owner: DataSource;
  let runner: QueryRunner;
  let base: string;
  const active = { id: randomUUID(), caseId: randomUUID(), stepId: randomUUID(), personId: randomUUID() };
  const annulled = { id: randomUUID(), caseId: randomUUID(), stepId: randomUUID(), correctionId: randomUUID() };

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1`;
    owner = await new DataSource({ type: 'postgres', url: services.databaseUrl, extra: { options: '-c search_path=probation' } }).initialize();
    runner = owner.createQueryRunner();
    const migration = new ProbationCasesOnJournal1763900000330();
    await migration.down(runner);
    await runner.query(
      `INSERT INTO probation_cases (id, case_id, region, source_step_id, person_id, term_months, starts_on, ends_on, status, opened_at)
       VALUES ($1, $2, 'KG-GB', $3, $4, 13, '2026-01-31', '2027-02-28', 'active', '2026-01-31T10:00:01Z')`,
      [active.id, active.caseId, active.stepId, active.personId],
    );
    await runner.query(
      `INSERT INTO probation_cases (id, case_id, region, source_step_id, person_id, term_months, starts_on, ends_on, status, opened_at, annulled_at, annulled_by_step_id, annulment_ground)
       VALUES ($1, $2, 'KG-C', $3, NULL, 6, '2026-02-01', '2026-08-01', 'annulled', '2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z', $4, 'sentence_annulled')`,
      [annulled.id, annulled.caseId, annulled.stepId, annulled.correctionId],
    );
    await migration.up(runner);
  });
  afterAll(async () => {
    await runner?.release();
    await owner?.destroy();
    await services?.stop();
  });

  it('drops the table', async () => {
    expect((await services.db.query(`SELECT to_regclass('probation.probation_cases') AS found`)).rows).toEqual([{ found: null }]);
  });

  it('keeps each case under its id, as it stood, now read from the journal', async () => {
    const admin = await services.tokenFor('admin');
    const [one, two] = await Promise.all([active.id, annulled.id].map((id) => http('GET', `${base}/probation-cases/${id}`, { token: admin })));
    expect(one.body).toMatchObject({
      id: active.id,
      caseId: active.caseId,
      region: 'KG-GB',
      sourceStepId: active.stepId,
      personId: active.personId,
      caseType: 'probation_supervision',
      termMonths: 13,
      startsOn: '2026-01-31',
      endsOn: '2027-02-28',
      status: 'active',
      openedAt: '2026-01-31T10:00:01.000Z',
      annulledAt: null,
      version: 1,
    });
    expect(two.body).toMatchObject({
      id: annulled.id,
      region: 'KG-C',
      personId: null,
      status: 'annulled',
      openedAt: '2026-02-01T08:00:00.000Z',
      annulledAt: '2026-03-01T08:00:00.000Z',
      annulledByStepId: annulled.correctionId,
      annulmentGround: 'sentence_annulled',
      version: 2,
    });
    const listed = await http('GET', `${base}/probation-cases?status=annulled&caseId=${annulled.caseId}`, { token: admin });
    expect(listed.body).toEqual([two.body]);
  });

  it('writes their entries as the store appends them: each chain verifies', async () => {
    const admin = await services.tokenFor('admin');
    const journal = await http('GET', `${base}/probation-cases/${annulled.id}/journal`, { token: admin });
    expect(journal.body.map((entry: { entryType: string; occurredAt: string }) => [entry.entryType, entry.occurredAt])).toEqual([
      ['opened', '2026-02-01T08:00:00.000Z'],
      ['annulled', '2026-03-01T08:00:00.000Z'],
    ]);
    for (const id of [active.id, annulled.id]) {
      expect((await http('GET', `${base}/probation-cases/${id}/journal/verify`, { token: admin })).body).toMatchObject({ valid: true });
    }
  });

  it('publishes nothing again: their opening and annulment were announced when they happened', async () => {
    expect(await outboxCloudEvents(services.db, ProbationEntryRecorded, active.id)).toEqual([]);
  });

  it('finds a migrated case by its sentence: a replay of the step opens nothing', async () => {
    const { rows } = await services.db.query(`SELECT stream_id FROM probation.probation_streams WHERE source_step_id = $1`, [active.stepId]);
    expect(rows).toEqual([{ stream_id: active.id }]);
  });
});
