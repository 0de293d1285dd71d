import { Client } from 'pg';
import { PersonMerged } from '@icjims/contracts';
import { http, outboxEvents, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { PersonInput } from './person-rules';
import { foreignPerson, nationalPerson, registerCase, writtenState } from './persons.fixtures';

/** Every read of personal data states why. */
const PURPOSE = 'investigation';

/** A problem without what differs from one request to the next. */
const withoutInstance = (problem: Record<string, unknown>) => ({ ...problem, instance: undefined, correlationId: undefined });

describe('person records over HTTP', () => {
  let services: RunningServices;
  let base: string;
  let db: Client;
  let prosecutor: string;
  let tartu: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    tartu = await services.tokenFor('prosecutor', { region: 'KG-C' });
    admin = await services.tokenFor('admin');
  });
  afterAll(() => services.stop());

  const UNKNOWN = '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01';
  const harjuCase = (receivedAt?: string) => registerCase(base, prosecutor, { receivedAt });
  const tartuCase = (receivedAt?: string) => registerCase(base, tartu, { region: 'KG-C', receivedAt });

  /** Adds a person to a case and returns the person id. */
  async function addTo(caseId: string, person: { person: PersonInput } | { personId: string }, role = 'suspect', token = prosecutor): Promise<string> {
    const response = await http('POST', `${base}/cases/${caseId}/persons`, { token, body: { ...person, role }, purpose: PURPOSE });
    if (response.status !== 201) throw new Error(`adding a person: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  const read = (personId: string, token = prosecutor) => http('GET', `${base}/persons/${personId}`, { token, purpose: PURPOSE });
  const casesOf = (personId: string, query = '', token = prosecutor) => http('GET', `${base}/persons/${personId}/cases${query}`, { token, purpose: PURPOSE });
  const lookup = (body: unknown, token = prosecutor) => http('POST', `${base}/persons/lookups`, { token, body, purpose: PURPOSE });
  const merge = (survivingPersonId: string, body: unknown, token = prosecutor) => http('POST', `${base}/persons/${survivingPersonId}/merges`, { token, body });

  describe('reading a person', () => {
    it('answers the record with the cases and roles they hold, newest case first', async () => {
      const older = await harjuCase('2026-01-10T10:00:00Z');
      const newer = await harjuCase('2026-05-10T10:00:00Z');
      const personId = await addTo(older, { person: nationalPerson({ dateOfBirth: '2008-03-01' }) }, 'suspect');
      await addTo(older, { personId }, 'witness');
      await addTo(newer, { personId }, 'accused');
      const response = await read(personId);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: personId, familyName: 'Asanova', mergedInto: null, citizenshipGroup: 'national' });
      expect(response.body.cases).toEqual([
        { caseId: newer, caseNumber: expect.any(String), region: 'KG-GB', status: 'registered', registeredAt: '2026-05-10T10:00:00.000Z', roles: ['accused'], ageBand: '18_24', juvenile: false },
        { caseId: older, caseNumber: expect.any(String), region: 'KG-GB', status: 'registered', registeredAt: '2026-01-10T10:00:00.000Z', roles: ['suspect', 'witness'], ageBand: '14_17', juvenile: true },
      ]);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', resourceType: 'person', resourceId: personId, outcome: 'allowed' });
    });

    it('shows a regional caller only the cases of their region, and a national admin all', async () => {
      const personId = await addTo(await harjuCase(), { person: nationalPerson() });
      await addTo(await tartuCase(), { personId }, 'witness', admin);
      expect((await read(personId)).body.cases.map((found: { region: string }) => found.region)).toEqual(['KG-GB']);
      expect((await read(personId, tartu)).body.cases.map((found: { region: string }) => found.region)).toEqual(['KG-C']);
      expect((await read(personId, admin)).body.cases).toHaveLength(2);
    });

    it('answers a regional caller a person with no role in a case of their region exactly as an unknown one, and logs it', async () => {
      const personId = await addTo(await harjuCase(), { person: nationalPerson() });
      const response = await read(personId, tartu);
      expect(response.status).toBe(404);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', resourceType: 'person', resourceId: personId, outcome: 'rejected', status: 404 });
      expect(withoutInstance(response.body)).toEqual(withoutInstance((await read(UNKNOWN, tartu)).body));
      expect(JSON.stringify(withoutInstance(response.body))).not.toContain(personId);
      expect(JSON.stringify(response.body)).not.toContain('KG-GB');
      const cases = await casesOf(personId, '', tartu);
      expect(withoutInstance(cases.body)).toEqual(withoutInstance((await casesOf(UNKNOWN, '', tartu)).body));
    });

    it('keeps showing a person to the region after their last role there is removed: they held one', async () => {
      const caseId = await harjuCase();
      const personId = await addTo(caseId, { person: nationalPerson() }, 'witness');
      await http('POST', `${base}/cases/${caseId}/persons/${personId}/removals`, { token: prosecutor, body: { role: 'witness', reason: 'Wrong person' } });
      const response = await read(personId);
      expect(response.status).toBe(200);
      expect(response.body.cases).toEqual([]);
      expect((await read(personId, tartu)).status).toBe(404);
    });

    it('follows the case: a transfer to another region takes the person’s visibility with it', async () => {
      const caseId = await harjuCase();
      const personId = await addTo(caseId, { person: nationalPerson() });
      const transfer = await http('POST', `${base}/cases/${caseId}/transfers`, { token: prosecutor, body: { toRegion: 'KG-C', toDistrict: 'alamudun', reason: 'Jurisdiction' } });
      expect(transfer.status).toBe(201);
      expect((await read(personId)).status).toBe(404);
      expect((await read(personId, tartu)).status).toBe(200);
    });

    it('answers an unknown person with 404 and a malformed id with 400 naming it', async () => {
      expect((await read(UNKNOWN)).status).toBe(404);
      const malformed = await read('not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'personId', reason: 'personId must be a UUID' }]);
    });

    it.each([
      ['a role that may not read persons', () => services.tokenFor('auditor', { region: 'KG-GB' }), 403],
      ['an analyst', () => services.tokenFor('analyst'), 403],
      ['an expired token', () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
    ])('refuses %s', async (_scenario, token, status) => {
      const personId = await addTo(await harjuCase(), { person: foreignPerson() });
      expect((await read(personId, await token())).status).toBe(status);
      expect((await casesOf(personId, '', await token())).status).toBe(status);
      expect((await lookup({ nationalId: '11303199400042' }, await token())).status).toBe(status);
    });
  });

  describe('a person’s cases', () => {
    let personId: string;
    let newestFirst: string[];

    beforeAll(async () => {
      // Two cases share a registration time: the case id decides their order.
      const times = ['2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z', '2026-04-01T08:00:00Z', '2026-05-01T08:00:00Z'];
      const cases = [];
      for (const time of times) cases.push({ id: await harjuCase(time), time });
      personId = await addTo(cases[0].id, { person: nationalPerson() });
      for (const found of cases.slice(1)) await addTo(found.id, { personId }, 'witness');
      await addTo(await tartuCase(), { personId }, 'victim', admin);
      newestFirst = cases.sort((a, b) => (a.time === b.time ? (a.id < b.id ? 1 : -1) : a.time < b.time ? 1 : -1)).map((found) => found.id);
    });

    it('pages through the caller’s region by registration time and case id without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await casesOf(personId, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item: { caseId: string }) => item.caseId));
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(newestFirst);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list-cases', resourceType: 'person', resourceId: personId, outcome: 'allowed' });
    });

    it('gives a national admin the cases of every region', async () => {
      expect((await casesOf(personId, '?limit=100', admin)).body.items).toHaveLength(6);
    });

    it('answers with 20 cases by default and no cursor on the last page', async () => {
      const response = await casesOf(personId);
      expect(response.body.items).toHaveLength(5);
      expect(response.body.nextCursor).toBeNull();
    });

    it.each([
      ['a limit of 0', '?limit=0', 'limit'],
      ['a limit over 100', '?limit=101', 'limit'],
      ['a limit that is not a number', '?limit=ten', 'limit'],
      ['a cursor this service did not make', '?cursor=abc', 'cursor'],
      ['an undeclared parameter', '?surname=Tamm', 'surname'],
    ])('refuses %s with 400 naming it', async (_scenario, query, field) => {
      const response = await casesOf(personId, query);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('looking a person up by national ID', () => {
    it('finds the record without ever putting the ID in a URL or the access trail', async () => {
      const person = nationalPerson();
      const personId = await addTo(await harjuCase(), { person });
      const response = await lookup({ nationalId: person.nationalId });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: personId, nationalId: person.nationalId, cases: [expect.objectContaining({ roles: ['suspect'] })] });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'lookup', resourceType: 'person', resourceId: personId, route: '/api/v1/persons/lookups', outcome: 'allowed' });
      const { rows } = await db.query(`SELECT count(*)::int AS mentions FROM case_registry.outbox WHERE value LIKE $1`, [`%${person.nationalId}%`]);
      expect(rows).toEqual([{ mentions: 0 }]);
    });

    it('answers an ID nobody holds with 404 that does not repeat it', async () => {
      const nationalId = nationalPerson().nationalId as string;
      const response = await lookup({ nationalId });
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(nationalId);
    });

    it('answers a regional caller an ID held outside their region exactly as an ID nobody holds', async () => {
      const person = nationalPerson();
      const personId = await addTo(await harjuCase(), { person });
      const hidden = await lookup({ nationalId: person.nationalId }, tartu);
      const unknown = await lookup({ nationalId: nationalPerson().nationalId }, tartu);
      expect(hidden.status).toBe(404);
      expect(withoutInstance(hidden.body)).toEqual(withoutInstance(unknown.body));
      expect(JSON.stringify(hidden.body)).not.toContain(personId);
      expect(JSON.stringify(hidden.body)).not.toContain('KG-GB');
    });

    it.each([
      ['a missing national ID', {}, 'nationalId'],
      ['a national ID of the wrong type', { nationalId: 11303199400042 }, 'nationalId'],
      ['a national ID over 32 characters', { nationalId: '4'.repeat(33) }, 'nationalId'],
      ['an invalid national ID', { nationalId: '31303199400042' }, 'nationalId'],
      ['an unknown field', { nationalId: '11303199400042', name: 'Aigerim' }, 'name'],
    ])('refuses %s with 400 naming the field', async (_scenario, body, field) => {
      const response = await lookup(body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('merging two records of the same person', () => {
    it('moves the roles, closes exact duplicates, keeps the merged record, and announces it once per case', async () => {
      const [first, second] = [await harjuCase(), await harjuCase()];
      const surviving = await addTo(first, { person: nationalPerson({ givenName: 'Jüri', familyName: 'Saar', sex: 'male' }) }, 'suspect');
      const merged = await addTo(first, { person: foreignPerson({ givenName: 'Juri', familyName: 'Saar' }) }, 'suspect');
      await addTo(first, { personId: merged }, 'witness');
      await addTo(second, { personId: merged }, 'victim');

      const response = await merge(surviving, { mergedPersonId: merged, reason: 'Recorded twice before the ID was known' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        survivingPersonId: surviving,
        mergedPersonId: merged,
        reason: 'Recorded twice before the ID was known',
        mergedAt: expect.any(String),
        mergedBy: 'test-prosecutor',
        caseIds: [first, second].sort(),
      });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'merge', resourceType: 'person', resourceId: surviving, outcome: 'allowed', status: 201 });

      const rolesIn = async (caseId: string) =>
        (await http('GET', `${base}/cases/${caseId}/persons`, { token: prosecutor, purpose: PURPOSE })).body.items.map((item: { id: string; roles: { role: string }[] }) => [
          item.id,
          item.roles.map((held) => held.role),
        ]);
      expect(await rolesIn(first)).toEqual([[surviving, ['suspect', 'witness']]]);
      expect(await rolesIn(second)).toEqual([[surviving, ['victim']]]);

      const { rows } = await db.query(`SELECT merged_into, merge_reason, family_name FROM case_registry.persons WHERE id = $1`, [merged]);
      expect(rows).toEqual([{ merged_into: surviving, merge_reason: 'Recorded twice before the ID was known', family_name: 'Saar' }]);
      const closed = await db.query(`SELECT role, removal_reason FROM case_registry.case_person_roles WHERE person_id = $1`, [merged]);
      expect(closed.rows).toEqual([{ role: 'suspect', removal_reason: 'merge: the surviving person record already holds this role' }]);

      for (const caseId of [first, second]) {
        expect(await outboxEvents(db, PersonMerged, caseId)).toEqual([{ caseId, region: 'KG-GB', survivingPersonId: surviving, mergedPersonId: merged }]);
      }
      const { rows: events } = await db.query(`SELECT value FROM case_registry.outbox WHERE value LIKE '%Saar%' OR value LIKE '%Recorded twice%'`);
      expect(events).toEqual([]);
    });

    it('answers the merged id with its history and a pointer to the live record, and refuses it as a current person with 409', async () => {
      const caseId = await harjuCase();
      const surviving = await addTo(caseId, { person: foreignPerson() });
      const merged = await addTo(caseId, { person: foreignPerson() }, 'witness');
      await merge(surviving, { mergedPersonId: merged, reason: 'Duplicate' });

      const response = await read(merged);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: merged, mergedInto: surviving, familyName: 'Kovalenko', cases: [] });

      const cases = await casesOf(merged);
      expect(cases.status).toBe(409);
      expect(cases.body.detail).toBe(`person ${merged} was merged into person ${surviving}; use that record`);
      const added = await http('POST', `${base}/cases/${caseId}/persons`, { token: prosecutor, body: { personId: merged, role: 'victim' }, purpose: PURPOSE });
      expect(added.status).toBe(409);
    });

    it('points a record merged twice over at the live record at the end of the chain', async () => {
      const caseId = await harjuCase();
      const [first, second, third] = [
        await addTo(caseId, { person: foreignPerson() }),
        await addTo(caseId, { person: foreignPerson() }),
        await addTo(caseId, { person: foreignPerson() }),
      ];
      await merge(second, { mergedPersonId: first, reason: 'Duplicate' });
      await merge(third, { mergedPersonId: second, reason: 'Duplicate' });
      expect((await read(first)).body.mergedInto).toBe(third);
      expect((await read(third)).body.cases).toEqual([expect.objectContaining({ caseId, roles: ['suspect'] })]);
    });

    it('lets a national admin merge records of any region', async () => {
      const caseId = await tartuCase();
      const [surviving, merged] = [await addTo(caseId, { person: foreignPerson() }, 'suspect', tartu), await addTo(caseId, { person: foreignPerson() }, 'suspect', tartu)];
      expect((await merge(surviving, { mergedPersonId: merged, reason: 'Duplicate' }, admin)).status).toBe(201);
    });

    describe('refusals', () => {
      let caseId: string;
      let withId: string;
      let withoutId: string;
      beforeAll(async () => {
        caseId = await harjuCase();
        withId = await addTo(caseId, { person: nationalPerson() });
        withoutId = await addTo(caseId, { person: foreignPerson() }, 'witness');
      });

      async function expectRefused(survivingPersonId: string, body: unknown, status: number, token = prosecutor) {
        const before = await writtenState(db);
        const response = await merge(survivingPersonId, body, token);
        expect(response.status).toBe(status);
        expect(response.contentType).toContain('application/problem+json');
        expect(await writtenState(db)).toEqual(before);
        return response.body;
      }

      it('refuses to merge away the record with the national ID with 422', async () => {
        const problem = await expectRefused(withoutId, { mergedPersonId: withId, reason: 'Duplicate' }, 422);
        expect(problem.detail).toBe(`person ${withId} has a national ID and must be the surviving record: merge the other way round`);
      });

      it('refuses to merge two records with national IDs with 422', async () => {
        const other = await addTo(caseId, { person: nationalPerson() }, 'victim');
        await expectRefused(withId, { mergedPersonId: other, reason: 'Duplicate' }, 422);
      });

      it('refuses a record merged before with 409', async () => {
        const [surviving, merged] = [await addTo(caseId, { person: foreignPerson() }), await addTo(caseId, { person: foreignPerson() })];
        await merge(surviving, { mergedPersonId: merged, reason: 'Duplicate' });
        await expectRefused(surviving, { mergedPersonId: merged, reason: 'Duplicate' }, 409);
        await expectRefused(merged, { mergedPersonId: withoutId, reason: 'Duplicate' }, 409);
      });

      it('answers a prosecutor of another region as for unknown records, whichever of the two they name', async () => {
        const tartuOwn = await addTo(await tartuCase(), { person: foreignPerson() }, 'suspect', tartu);
        const unknown = await expectRefused(tartuOwn, { mergedPersonId: UNKNOWN, reason: 'Duplicate' }, 404, tartu);
        for (const [surviving, merged] of [[withId, withoutId], [tartuOwn, withoutId], [withId, tartuOwn]]) {
          const problem = await expectRefused(surviving, { mergedPersonId: merged, reason: 'Duplicate' }, 404, tartu);
          expect(withoutInstance(problem)).toEqual(withoutInstance(unknown));
        }
      });

      it('refuses an unknown record with 404', async () => {
        await expectRefused(withId, { mergedPersonId: UNKNOWN, reason: 'Duplicate' }, 404);
        await expectRefused(UNKNOWN, { mergedPersonId: withoutId, reason: 'Duplicate' }, 404);
      });

      it('refuses a record merged into itself with 400 naming mergedPersonId', async () => {
        const problem = await expectRefused(withoutId, { mergedPersonId: withoutId.toUpperCase(), reason: 'Duplicate' }, 400);
        expect(problem.errors).toEqual([{ field: 'mergedPersonId', reason: 'mergedPersonId must be another record than the surviving one' }]);
      });

      it.each([
        ['a missing mergedPersonId', () => ({ reason: 'Duplicate' }), 'mergedPersonId'],
        ['a mergedPersonId that is not a UUID', () => ({ mergedPersonId: 42, reason: 'Duplicate' }), 'mergedPersonId'],
        ['a missing reason', () => ({ mergedPersonId: withoutId }), 'reason'],
        ['a blank reason', () => ({ mergedPersonId: withoutId, reason: '' }), 'reason'],
        ['a reason over 500 characters', () => ({ mergedPersonId: withoutId, reason: 'x'.repeat(501) }), 'reason'],
        ['an unknown field', () => ({ mergedPersonId: withoutId, reason: 'Duplicate', force: true }), 'force'],
      ])('refuses %s with 400 naming the field', async (_scenario, body, field) => {
        const problem = await expectRefused(withId, body(), 400);
        expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
      });

      it.each([
        ['an investigator', () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
        ['an expired token', () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
      ])('refuses %s and logs the denial', async (_scenario, token, status) => {
        await expectRefused(withId, { mergedPersonId: withoutId, reason: 'Duplicate' }, status, await token());
        expect(await lastAccessEvent(db)).toMatchObject({ action: 'merge', resourceId: withId, outcome: 'denied', status });
      });
    });
  });
});
