import { Client } from 'pg';
import { PersonUnmerged } from '@icjims/contracts';
import { http, outboxEvents, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { PersonInput } from './person-rules';
import { foreignPerson, nationalPerson, registerCase, writtenState } from './persons.fixtures';

/** Every read of personal data states why. */
const PURPOSE = 'investigation';

/** A problem without what differs from one request to the next. */
const withoutInstance = (problem: Record<string, unknown>) => ({ ...problem, instance: undefined, correlationId: undefined });

/** Issue 8, "Unmerge": a wrong merge of two person records undone as history, over HTTP. */
describe('undoing a merge of two person records', () => {
  let services: RunningServices;
  let base: string;
  let db: Client;
  let prosecutor: string;
  let chuy: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    chuy = await services.tokenFor('prosecutor', { region: 'KG-C' });
    admin = await services.tokenFor('admin');
  });
  afterAll(() => services.stop());

  const UNKNOWN = '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01';
  const bishkekCase = () => registerCase(base, prosecutor);
  const chuyCase = () => registerCase(base, chuy, { region: 'KG-C' });

  /** Adds a person to a case and returns the person id. */
  async function addTo(caseId: string, person: { person: PersonInput } | { personId: string }, role = 'suspect', token = prosecutor): Promise<string> {
    const response = await http('POST', `${base}/cases/${caseId}/persons`, { token, body: { ...person, role }, purpose: PURPOSE });
    if (response.status !== 201) throw new Error(`adding a person: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  const read = (personId: string, token = prosecutor) => http('GET', `${base}/persons/${personId}`, { token, purpose: PURPOSE });
  const unmerge = (mergedPersonId: string, body: unknown, token = prosecutor) => http('POST', `${base}/persons/${mergedPersonId}/unmerge`, { token, body });
  async function merge(survivingPersonId: string, mergedPersonId: string, token = prosecutor): Promise<void> {
    const response = await http('POST', `${base}/persons/${survivingPersonId}/merges`, { token, body: { mergedPersonId, reason: 'Recorded twice' } });
    if (response.status !== 201) throw new Error(`merging: ${response.status} ${JSON.stringify(response.body)}`);
  }

  /** The active roles of each person in a case, as the case's person list shows them. */
  const rolesIn = async (caseId: string) =>
    Object.fromEntries(
      (await http('GET', `${base}/cases/${caseId}/persons`, { token: admin, purpose: PURPOSE })).body.items.map((item: { id: string; roles: { role: string }[] }) => [
        item.id,
        item.roles.map((held) => held.role).sort(),
      ]),
    );
  const roleRows = async (personId: string) =>
    (
      await db.query(
        `SELECT case_id, role, merged_from, removed_at IS NULL AS active, removal_reason FROM case_registry.case_person_roles WHERE person_id = $1 ORDER BY case_id, role`,
        [personId],
      )
    ).rows;
  const mergeLog = async (mergedPersonId: string) =>
    (
      await db.query(
        `SELECT surviving_person_id, reason, merged_by, unmerged_at IS NOT NULL AS undone, unmerged_by, unmerge_reason FROM case_registry.person_merges
         WHERE merged_person_id = $1 ORDER BY merged_at`,
        [mergedPersonId],
      )
    ).rows;

  describe('a merge undone', () => {
    let first: string;
    let second: string;
    let surviving: string;
    let merged: string;
    let response: Awaited<ReturnType<typeof unmerge>>;

    // first: both records suspects (the merged one's closed as a duplicate), the merged one also a witness (moved);
    // second: the merged record a victim (moved, then ended after the merge); the survivor an accused in first since the merge.
    beforeAll(async () => {
      [first, second] = [await bishkekCase(), await bishkekCase()];
      surviving = await addTo(first, { person: nationalPerson({ givenName: 'Bakyt', familyName: 'Usenov', sex: 'male' }) }, 'suspect');
      merged = await addTo(first, { person: foreignPerson({ givenName: 'Bakyt', familyName: 'Usenov' }) }, 'suspect');
      await addTo(first, { personId: merged }, 'witness');
      await addTo(second, { personId: merged }, 'victim');
      await merge(surviving, merged);
      const removed = await http('POST', `${base}/cases/${second}/persons/${surviving}/removals`, { token: prosecutor, body: { role: 'victim', reason: 'Not a victim after all' } });
      expect(removed.status).toBe(201);
      await addTo(first, { personId: surviving }, 'accused');
      response = await unmerge(merged, { reason: '  Two different persons: the dates of birth differ  ' });
    });

    it('answers 200 with the unmerge', () => {
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        restoredPersonId: merged,
        survivingPersonId: surviving,
        reason: 'Two different persons: the dates of birth differ',
        unmergedAt: expect.any(String),
        unmergedBy: 'test-prosecutor',
        caseIds: [first, second].sort(),
      });
    });

    it('gives the restored record the roles the merge moved (active or ended since) and reopens those it closed; the survivor keeps what it gained since', async () => {
      expect(await rolesIn(first)).toEqual({ [surviving]: ['accused', 'suspect'], [merged]: ['suspect', 'witness'] });
      expect(await rolesIn(second)).toEqual({});
      expect(await roleRows(merged)).toEqual(
        [
          { case_id: first, role: 'suspect', merged_from: null, active: true, removal_reason: null },
          { case_id: first, role: 'witness', merged_from: null, active: true, removal_reason: null },
          { case_id: second, role: 'victim', merged_from: null, active: false, removal_reason: 'Not a victim after all' },
        ].sort((a, b) => a.case_id.localeCompare(b.case_id)),
      );
      expect(await roleRows(surviving)).toEqual([
        { case_id: first, role: 'accused', merged_from: null, active: true, removal_reason: null },
        { case_id: first, role: 'suspect', merged_from: null, active: true, removal_reason: null },
      ]);
    });

    it('keeps both records and the merge, with the unmerge added to it', async () => {
      expect(await mergeLog(merged)).toEqual([
        { surviving_person_id: surviving, reason: 'Recorded twice', merged_by: 'test-prosecutor', undone: true, unmerged_by: 'test-prosecutor', unmerge_reason: 'Two different persons: the dates of birth differ' },
      ]);
      const { rows: effects } = await db.query(
        `SELECT r.role, l.effect FROM case_registry.person_merge_roles l JOIN case_registry.person_merges m ON m.id = l.merge_id
         JOIN case_registry.case_person_roles r ON r.id = l.role_row_id WHERE m.merged_person_id = $1 ORDER BY r.role`,
        [merged],
      );
      expect(effects).toEqual([
        { role: 'suspect', effect: 'closed' },
        { role: 'victim', effect: 'moved' },
        { role: 'witness', effect: 'moved' },
      ]);
      const restored = await read(merged);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: merged, mergedInto: null, familyName: 'Usenov', nationalId: null });
      expect(restored.body.cases).toEqual([expect.objectContaining({ caseId: first, roles: ['suspect', 'witness'] })]);
      expect((await read(surviving)).body).toMatchObject({ id: surviving, mergedInto: null });
    });

    it('lists the undone merge in both records’ merge history, with its unmerge', async () => {
      const history = await http('GET', `${base}/persons/${merged}/merges`, { token: prosecutor, purpose: PURPOSE });
      expect(history.status).toBe(200);
      expect(history.body).toEqual({
        items: [
          {
            mergeId: expect.any(String),
            survivingPersonId: surviving,
            mergedPersonId: merged,
            reason: 'Recorded twice',
            mergedAt: expect.any(String),
            mergedBy: 'test-prosecutor',
            unmergedAt: response.body.unmergedAt,
            unmergedBy: 'test-prosecutor',
            unmergeReason: 'Two different persons: the dates of birth differ',
          },
        ],
      });
      expect((await http('GET', `${base}/persons/${surviving}/merges`, { token: prosecutor, purpose: PURPOSE })).body).toEqual(history.body);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list-merges', resourceId: surviving, personIds: expect.arrayContaining([surviving, merged]), outcome: 'allowed' });
    });

    it('refuses to change the merge log other than by one unmerge, even to its owner', async () => {
      await expect(db.query(`UPDATE case_registry.person_merges SET unmerge_reason = 'rewritten' WHERE merged_person_id = $1`, [merged])).rejects.toThrow(/keeps its history/);
      await expect(db.query(`DELETE FROM case_registry.person_merges WHERE merged_person_id = $1`, [merged])).rejects.toThrow(/keeps its history/);
      const asService = services.dbAsService('case-registry');
      await expect(asService.query(`DELETE FROM person_merge_roles`)).rejects.toThrow(/permission denied/);
    });

    it('announces one PersonUnmerged per case, with the roles each record has there now and no personal data', async () => {
      expect(await outboxEvents(db, PersonUnmerged, first)).toEqual([
        {
          caseId: first,
          region: 'KG-GB',
          survivingPersonId: surviving,
          restoredPersonId: merged,
          survivingRoles: [
            { role: 'suspect', active: true },
            { role: 'accused', active: true },
          ],
          restoredRoles: [
            { role: 'suspect', active: true },
            { role: 'witness', active: true },
          ],
        },
      ]);
      expect(await outboxEvents(db, PersonUnmerged, second)).toEqual([
        { caseId: second, region: 'KG-GB', survivingPersonId: surviving, restoredPersonId: merged, survivingRoles: [], restoredRoles: [{ role: 'victim', active: false }] },
      ]);
      const { rows } = await db.query(`SELECT value FROM case_registry.outbox WHERE value LIKE '%Usenov%' OR value LIKE '%dates of birth%'`);
      expect(rows).toEqual([]);
    });

    it('logs the change with both persons', async () => {
      const { rows } = await db.query(
        `SELECT value FROM case_registry.outbox WHERE event_type LIKE '%.access.recorded.v1' AND value LIKE '%"action":"unmerge"%' AND value LIKE $1`,
        [`%${merged}%`],
      );
      expect(rows.map((row) => JSON.parse(row.value).data)).toEqual([
        expect.objectContaining({ action: 'unmerge', resourceType: 'person', resourceId: merged, outcome: 'allowed', status: 200, personIds: expect.arrayContaining([merged, surviving]) }),
      ]);
    });

    it('lets the restored record be merged again later, as a new merge', async () => {
      const caseId = await bishkekCase();
      const [survivor, duplicate] = [await addTo(caseId, { person: foreignPerson() }), await addTo(caseId, { person: foreignPerson() }, 'witness')];
      await merge(survivor, duplicate);
      expect((await unmerge(duplicate, { reason: 'Wrong' })).status).toBe(200);
      await merge(survivor, duplicate);
      expect((await read(duplicate)).body.mergedInto).toBe(survivor);
      expect((await mergeLog(duplicate)).map((row) => row.undone)).toEqual([true, false]);
    });
  });

  it('undoes a chain of merges in reverse order, each record getting back what its own merge took', async () => {
    const caseId = await bishkekCase();
    const [first, second, third] = [
      await addTo(caseId, { person: foreignPerson() }, 'suspect'),
      await addTo(caseId, { person: foreignPerson() }, 'witness'),
      await addTo(caseId, { person: foreignPerson() }, 'victim'),
    ];
    await merge(second, first);
    await merge(third, second);
    expect(await rolesIn(caseId)).toEqual({ [third]: ['suspect', 'victim', 'witness'] });

    const refused = await unmerge(first, { reason: 'Wrong' });
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toBe(
      `person ${second}, into which person ${first} was merged, was itself merged into person ${third} since: undo that later merge first (merges are undone in reverse order)`,
    );

    expect((await unmerge(second, { reason: 'Wrong' })).status).toBe(200);
    // The first record's suspect role came back to the second with it, still as the first's.
    expect(await rolesIn(caseId)).toEqual({ [second]: ['suspect', 'witness'], [third]: ['victim'] });
    expect((await roleRows(second)).find((row) => row.role === 'suspect')).toMatchObject({ merged_from: first, active: true });
    expect((await unmerge(first, { reason: 'Wrong' })).status).toBe(200);
    expect(await rolesIn(caseId)).toEqual({ [first]: ['suspect'], [second]: ['witness'], [third]: ['victim'] });
  });

  it('undoes a merge once when two unmerges of it race, and a merge racing an unmerge of its survivor waits for it', async () => {
    const caseId = await bishkekCase();
    const [surviving, merged, third] = [
      await addTo(caseId, { person: foreignPerson() }, 'suspect'),
      await addTo(caseId, { person: foreignPerson() }, 'witness'),
      await addTo(caseId, { person: foreignPerson() }, 'victim'),
    ];
    await merge(surviving, merged);
    const statuses = (await Promise.all([unmerge(merged, { reason: 'Wrong' }), unmerge(merged, { reason: 'Wrong' })])).map((answer) => answer.status);
    expect(statuses.sort()).toEqual([200, 409]);
    expect((await mergeLog(merged)).map((row) => row.undone)).toEqual([true]);

    await merge(surviving, merged);
    const [undone, mergedOn] = await Promise.all([
      unmerge(merged, { reason: 'Wrong' }),
      http('POST', `${base}/persons/${third}/merges`, { token: prosecutor, body: { mergedPersonId: surviving, reason: 'Recorded twice' } }),
    ]);
    expect(mergedOn.status).toBe(201);
    // Whichever came first, the roles end where the merges in force say.
    if (undone.status === 200) expect(await rolesIn(caseId)).toEqual({ [merged]: ['witness'], [third]: ['suspect', 'victim'] });
    else expect([undone.status, await rolesIn(caseId)]).toEqual([409, { [third]: ['suspect', 'victim', 'witness'] }]);
  });

  it('lets a national admin undo a merge of records of any region', async () => {
    const caseId = await chuyCase();
    const [surviving, merged] = [await addTo(caseId, { person: foreignPerson() }, 'suspect', chuy), await addTo(caseId, { person: foreignPerson() }, 'witness', chuy)];
    await merge(surviving, merged, chuy);
    expect((await unmerge(merged, { reason: 'Wrong' }, admin)).status).toBe(200);
  });

  describe('refusals', () => {
    let caseId: string;
    let surviving: string;
    let merged: string;
    let live: string;
    beforeAll(async () => {
      caseId = await bishkekCase();
      [surviving, merged, live] = [
        await addTo(caseId, { person: foreignPerson() }),
        await addTo(caseId, { person: foreignPerson() }, 'witness'),
        await addTo(caseId, { person: foreignPerson() }, 'victim'),
      ];
      await merge(surviving, merged);
    });

    async function expectRefused(mergedPersonId: string, body: unknown, status: number, token = prosecutor) {
      const before = await writtenState(db);
      const response = await unmerge(mergedPersonId, body, token);
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(await writtenState(db)).toEqual(before);
      return response.body;
    }

    it('refuses a record that is not merged with 409', async () => {
      const problem = await expectRefused(live, { reason: 'Wrong' }, 409);
      expect(problem.detail).toBe(`person ${live} is not merged into another record; there is no merge to undo`);
    });

    it('refuses an unknown record with 404', async () => {
      await expectRefused(UNKNOWN, { reason: 'Wrong' }, 404);
    });

    it('answers a prosecutor of another region as for an unknown record', async () => {
      const unknown = await expectRefused(UNKNOWN, { reason: 'Wrong' }, 404, chuy);
      const problem = await expectRefused(merged, { reason: 'Wrong' }, 404, chuy);
      expect(withoutInstance(problem)).toEqual(withoutInstance(unknown));
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'unmerge', resourceId: merged, outcome: 'rejected', status: 404 });
    });

    it('answers as for an unknown record a prosecutor who sees the surviving record but not the merged one', async () => {
      const [bishkek, chuyOwn] = [await bishkekCase(), await chuyCase()];
      const survivor = await addTo(chuyOwn, { person: foreignPerson() }, 'suspect', chuy);
      await addTo(bishkek, { personId: survivor }, 'witness', admin);
      const onlyBishkek = await addTo(bishkek, { person: foreignPerson() }, 'suspect');
      await merge(survivor, onlyBishkek, admin);
      expect((await read(onlyBishkek, chuy)).status).toBe(200);
      await expectRefused(onlyBishkek, { reason: 'Wrong' }, 404, chuy);
    });

    it('shows a regional caller an undone merge only while the other record is visible to them by its own roles', async () => {
      const [bishkek, chuyOwn] = [await bishkekCase(), await chuyCase()];
      const survivor = await addTo(bishkek, { person: foreignPerson() }, 'suspect', admin);
      await addTo(chuyOwn, { personId: survivor }, 'witness', admin);
      const other = await addTo(bishkek, { person: foreignPerson() }, 'suspect', admin);
      await merge(survivor, other, admin);
      const history = async (token: string) => (await http('GET', `${base}/persons/${survivor}/merges`, { token, purpose: PURPOSE })).body.items.length;
      expect([await history(prosecutor), await history(chuy), await history(admin)]).toEqual([1, 1, 1]);
      expect((await unmerge(other, { reason: 'Wrong' }, admin)).status).toBe(200);
      expect([await history(prosecutor), await history(chuy), await history(admin)]).toEqual([1, 0, 1]);
    });

    it('answers the merge history of a record out of reach as for an unknown record', async () => {
      const response = await http('GET', `${base}/persons/${merged}/merges`, { token: chuy, purpose: PURPOSE });
      expect(response.status).toBe(404);
      expect(withoutInstance(response.body)).toEqual(withoutInstance((await http('GET', `${base}/persons/${UNKNOWN}/merges`, { token: chuy, purpose: PURPOSE })).body));
    });

    it('refuses a record restricted to others with 403 restricted-record', async () => {
      const [survivor, duplicate] = [await addTo(caseId, { person: foreignPerson() }), await addTo(caseId, { person: foreignPerson() }, 'witness')];
      await merge(survivor, duplicate);
      const officer = await services.tokenFor('data_protection_officer', { sub: 'dpo' });
      const restricted = await http('PUT', `${base}/persons/${survivor}/restriction`, {
        token: officer,
        body: { subs: ['someone-else'], until: '2099-01-01T00:00:00Z', reason: 'Protected witness' },
      });
      expect(restricted.status).toBe(200);
      const problem = await expectRefused(duplicate, { reason: 'Wrong' }, 403);
      expect(problem.type).toMatch(/restricted-record$/);
    });

    it.each([
      ['a missing reason', {}, 'reason'],
      ['a blank reason', { reason: '   ' }, 'reason'],
      ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'reason'],
      ['a reason with a line break', { reason: 'Wrong\nmerge' }, 'reason'],
      ['a reason with a control character', { reason: 'Wrong\u0007' }, 'reason'],
      ['a reason that is not text', { reason: 42 }, 'reason'],
      ['an unknown field', { reason: 'Wrong', force: true }, 'force'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_scenario, body, field) => {
      const problem = await expectRefused(merged, body, 400);
      expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('refuses an id that is not a UUID with 400 naming it', async () => {
      const problem = await expectRefused('not-a-uuid', { reason: 'Wrong' }, 400);
      expect(problem.errors).toEqual([{ field: 'mergedPersonId', reason: 'mergedPersonId must be a UUID' }]);
    });

    it.each([
      ['an investigator', () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
      ['an expired token', () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
    ])('refuses %s and logs the denial', async (_scenario, token, status) => {
      await expectRefused(merged, { reason: 'Wrong' }, status, await token());
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'unmerge', resourceId: merged, outcome: 'denied', status });
    });

    it('still has the merge in force after all the refusals', async () => {
      expect((await read(merged)).body.mergedInto).toBe(surviving);
      expect(await mergeLog(merged)).toEqual([expect.objectContaining({ surviving_person_id: surviving, undone: false })]);
      expect(await roleRows(merged)).toEqual([]);
    });
  });
});
