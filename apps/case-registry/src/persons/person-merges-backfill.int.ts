import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { grantServicePrivileges, serviceRoleName } from '@icjims/persistence';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { PersonMerges1763900000160 } from '../migrations/1763900000160-person-merges';
import { foreignPerson, nationalPerson, registerCase } from './persons.fixtures';

const PURPOSE = 'investigation';

/**
 * Migration 160 on an installation that merged records before the merge log existed: the
 * merges are made through the API, the log is dropped, and the migration builds it again
 * from persons.merged_into, case_person_roles.merged_from and the duplicate closures.
 */
describe('the merge log built for merges made before it (migration 160)', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let owner: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    owner = new Client({ connectionString: services.databaseUrl, options: '-c search_path=case_registry' });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await services?.stop();
  });

  async function addTo(caseId: string, person: object, role: string): Promise<string> {
    const response = await http('POST', `${base}/cases/${caseId}/persons`, { token: prosecutor, body: { ...person, role }, purpose: PURPOSE });
    if (response.status !== 201) throw new Error(`adding a person: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  async function merge(survivingPersonId: string, mergedPersonId: string): Promise<void> {
    const response = await http('POST', `${base}/persons/${survivingPersonId}/merges`, { token: prosecutor, body: { mergedPersonId, reason: 'Recorded twice' } });
    if (response.status !== 201) throw new Error(`merging: ${response.status} ${JSON.stringify(response.body)}`);
  }
  /** Each merge with the role rows it moved and closed, without the log's own ids. */
  const mergeLog = async () =>
    (
      await owner.query(
        `SELECT m.merged_person_id, m.surviving_person_id, m.reason, m.merged_at, m.merged_by, m.unmerged_at,
                coalesce(array_agg(l.effect || ':' || l.role_row_id ORDER BY l.effect, l.role_row_id) FILTER (WHERE l.role_row_id IS NOT NULL), '{}') AS roles
         FROM person_merges m LEFT JOIN person_merge_roles l ON l.merge_id = m.id
         GROUP BY m.id ORDER BY m.merged_at`,
      )
    ).rows;
  /** Runs the migration again, as the owner, after dropping what it made. */
  async function migrateAgain(): Promise<void> {
    await owner.query(`DROP TABLE person_merge_roles; DROP TABLE person_merges; DROP FUNCTION person_merges_only_undone()`);
    const runner = { query: async (sql: string, parameters?: unknown[]) => (await owner.query(sql, parameters)).rows } as unknown as QueryRunner;
    await new PersonMerges1763900000160().up(runner);
    await grantServicePrivileges(owner, 'case_registry', serviceRoleName('case_registry'), caseRegistryService.appendOnlyTables ?? []);
  }

  it('logs each merge with the roles it moved and closed, as the merge itself logged them, and the merge can then be undone', async () => {
    const [first, second] = [await registerCase(base, prosecutor), await registerCase(base, prosecutor)];
    const surviving = await addTo(first, { person: nationalPerson() }, 'suspect');
    const merged = await addTo(first, { person: foreignPerson() }, 'suspect');
    await addTo(first, { personId: merged }, 'witness');
    await addTo(second, { personId: merged }, 'victim');
    await merge(surviving, merged);
    const logged = await mergeLog();
    expect(logged).toEqual([expect.objectContaining({ merged_person_id: merged, roles: expect.arrayContaining([expect.stringMatching(/^closed:/)]) })]);
    expect(logged[0].roles).toHaveLength(3);

    await migrateAgain();
    expect(await mergeLog()).toEqual(logged);

    const undone = await http('POST', `${base}/persons/${merged}/unmerge`, { token: prosecutor, body: { reason: 'Two persons after all' } });
    expect(undone.status).toBe(200);
    const restored = await http('GET', `${base}/persons/${merged}`, { token: prosecutor, purpose: PURPOSE });
    expect(restored.body.cases.map((found: { roles: string[] }) => found.roles).sort()).toEqual([['suspect', 'witness'], ['victim']]);
  });

  it('gives a role moved along a chain of merges to the last merge only, since merged_from names only that one', async () => {
    const caseId = await registerCase(base, prosecutor);
    const [first, second, third] = [await addTo(caseId, { person: foreignPerson() }, 'suspect'), await addTo(caseId, { person: foreignPerson() }, 'witness'), await addTo(caseId, { person: foreignPerson() }, 'victim')];
    await merge(second, first);
    await merge(third, second);
    const firstRole = (await owner.query(`SELECT id FROM case_person_roles WHERE case_id = $1 AND role = 'suspect'`, [caseId])).rows[0].id;
    const before = (await mergeLog()).filter((row) => [first, second].includes(row.merged_person_id));
    expect(before.map((row) => row.roles)).toEqual([[`moved:${firstRole}`], expect.arrayContaining([`moved:${firstRole}`])]);

    await migrateAgain();
    const after = (await mergeLog()).filter((row) => [first, second].includes(row.merged_person_id));
    expect(after.map((row) => row.roles)).toEqual([[], before[1].roles]);
  });
});
