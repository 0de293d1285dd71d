import { Client } from 'pg';
import { PersonAddedToCase, PersonRemovedFromCase } from '@icjims/contracts';
import { http, outboxEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent, statusChanged } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { foreignPerson, nationalPerson, registerCase, writtenState } from './persons.fixtures';

/** Every read of personal data states why. */
const PURPOSE = 'investigation';

describe('the persons of a case over HTTP', () => {
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

  const newCase = (options?: Parameters<typeof registerCase>[2]) => registerCase(base, prosecutor, options);
  const add = (caseId: string, body: unknown, token = prosecutor) => http('POST', `${base}/cases/${caseId}/persons`, { token, body, purpose: PURPOSE });
  const remove = (caseId: string, personId: string, body: unknown, token = prosecutor) =>
    http('POST', `${base}/cases/${caseId}/persons/${personId}/removals`, { token, body });
  const list = (caseId: string, token = prosecutor) => http('GET', `${base}/cases/${caseId}/persons`, { token, purpose: PURPOSE });

  describe('adding a person', () => {
    it('records a new person in a role and answers with their age at the offence', async () => {
      const caseId = await newCase({ receivedAt: '2026-06-01T10:00:00Z' });
      const person = nationalPerson({ dateOfBirth: '2010-06-02', citizenship: 'KZ', disability: true, address: 'Chuy Avenue 1, Bishkek' });
      const response = await add(caseId, { person, role: 'suspect' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        caseId,
        givenName: person.givenName,
        familyName: person.familyName,
        nationalId: person.nationalId,
        dateOfBirth: '2010-06-02',
        sex: 'female',
        citizenship: 'KZ',
        citizenshipGroup: 'cis',
        disability: true,
        address: 'Chuy Avenue 1, Bishkek',
        createdAt: expect.any(String),
        mergedInto: null,
        roles: [{ role: 'suspect', addedAt: expect.any(String), addedBy: 'test-prosecutor' }],
        ageBand: '14_17',
        juvenile: true,
        restricted: false,
      });
    });

    it('announces the person with the pseudonymous id and the categories only', async () => {
      const caseId = await newCase();
      const person = nationalPerson({ givenName: 'Eliisabet', familyName: 'Kõrvemaa', dateOfBirth: '1987-02-11', disability: false, address: 'Lossi plats 1a, Tallinn' });
      const added = await add(caseId, { person, role: 'victim' });
      expect(await outboxEvents(db, PersonAddedToCase, caseId)).toEqual([
        { caseId, region: 'KG-GB', personId: added.body.id, role: 'victim', sex: 'female', ageBand: '35_44', juvenile: false, disability: false, citizenshipGroup: 'national' },
      ]);
      const { rows } = await db.query(`SELECT value FROM case_registry.outbox`);
      const everything = rows.map((row: { value: string }) => row.value).join('\n');
      for (const personal of [person.givenName, person.familyName, person.nationalId as string, person.dateOfBirth as string, '1987', 'Lossi plats']) {
        expect([personal, everything.includes(personal)]).toEqual([personal, false]);
      }
    });

    it('gives the person a random id that does not derive from the national ID', async () => {
      const person = nationalPerson();
      const first = await add(await newCase(), { person, role: 'witness' });
      const { rows } = await db.query(`SELECT id FROM case_registry.persons WHERE national_id = $1`, [person.nationalId]);
      expect(rows).toEqual([{ id: first.body.id }]);
      expect(first.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('reuses the record of a national ID in another case, however the names are capitalised', async () => {
      const person = nationalPerson();
      const first = await add(await newCase(), { person, role: 'suspect' });
      const before = await writtenState(db);
      const second = await add(await newCase(), { person: { ...person, givenName: person.givenName.toUpperCase() }, role: 'accused' });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ id: first.body.id, givenName: person.givenName });
      expect((await writtenState(db)).persons).toBe(before.persons);
    });

    it('takes the date of birth from the national ID when it is left out', async () => {
      const person = nationalPerson({ dateOfBirth: '1979-12-31' });
      const response = await add(await newCase(), { person: { ...person, dateOfBirth: undefined }, role: 'witness' });
      expect(response.body.dateOfBirth).toBe('1979-12-31');
    });

    it.each([
      ['a different family name', { familyName: 'Mustikas' }, 'familyName'],
      ['a different given name', { givenName: 'Kristi' }, 'givenName'],
      ['a different address', { address: 'Rüütli 2, Tartu' }, 'address'],
      ['another citizenship', { citizenship: 'LV' }, 'citizenship'],
    ])('refuses a national ID on record with %s with 409 naming the field, and changes nothing', async (_scenario, change, field) => {
      const person = nationalPerson();
      const first = await add(await newCase(), { person, role: 'suspect' });
      const caseId = await newCase();
      const before = await writtenState(db);
      const response = await add(caseId, { person: { ...person, ...change }, role: 'suspect' });
      expect(response.status).toBe(409);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.detail).toContain(field);
      expect(response.body.detail).toContain(first.body.id);
      expect(JSON.stringify(response.body)).not.toContain(Object.values(change)[0]);
      expect(await writtenState(db)).toEqual(before);
      const { rows } = await db.query(`SELECT given_name, family_name, address, citizenship FROM case_registry.persons WHERE id = $1`, [first.body.id]);
      expect(rows).toEqual([{ given_name: person.givenName, family_name: person.familyName, address: null, citizenship: 'KG' }]);
    });

    it('refuses a different date of birth for a national ID as disagreeing with the ID', async () => {
      const person = nationalPerson({ dateOfBirth: '1990-04-17' });
      await add(await newCase(), { person, role: 'suspect' });
      const response = await add(await newCase(), { person: { ...person, dateOfBirth: '1990-04-18' }, role: 'suspect' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'person.dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' }]);
    });

    it('records a new record each time for a person without a national ID', async () => {
      const caseId = await newCase();
      const first = await add(caseId, { person: foreignPerson(), role: 'suspect' });
      const second = await add(caseId, { person: foreignPerson(), role: 'witness' });
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.body).toMatchObject({ nationalId: null, citizenshipGroup: 'other_foreign' });
    });

    it('adds an existing record by personId', async () => {
      const first = await add(await newCase(), { person: foreignPerson(), role: 'suspect' });
      const caseId = await newCase();
      const response = await add(caseId, { personId: first.body.id, role: 'witness' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ id: first.body.id, caseId, roles: [{ role: 'witness' }] });
    });

    it('lets a person hold several roles in a case but not the same one twice', async () => {
      const caseId = await newCase();
      const victim = await add(caseId, { person: nationalPerson(), role: 'victim' });
      const witness = await add(caseId, { personId: victim.body.id, role: 'witness' });
      expect(witness.body.roles.map((held: { role: string }) => held.role)).toEqual(['victim', 'witness']);
      const before = await writtenState(db);
      const again = await add(caseId, { personId: victim.body.id, role: 'witness' });
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe(`person ${victim.body.id} already holds the role witness in case ${caseId}`);
      expect(await writtenState(db)).toEqual(before);
    });

    it('keeps one record when the same new national ID is added concurrently', async () => {
      const person = nationalPerson();
      const caseIds = await Promise.all(Array.from({ length: 6 }, () => newCase()));
      const responses = await Promise.all(caseIds.map((caseId) => add(caseId, { person, role: 'suspect' })));
      expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      const { rows } = await db.query(`SELECT count(*)::int AS records FROM case_registry.persons WHERE national_id = $1`, [person.nationalId]);
      expect(rows).toEqual([{ records: 1 }]);
    });

    it('lets only one of concurrent identical adds hold the role', async () => {
      const caseId = await newCase();
      const person = nationalPerson();
      const responses = await Promise.all(Array.from({ length: 5 }, () => add(caseId, { person, role: 'suspect' })));
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect((await outboxEvents(db, PersonAddedToCase, caseId)).length).toBe(1);
    });

    it('lets a national admin add a person to a case of any region', async () => {
      const caseId = await registerCase(base, tartu, { region: 'KG-C' });
      expect((await add(caseId, { person: foreignPerson(), role: 'witness' }, admin)).status).toBe(201);
    });

    it('records the addition in the access trail with the case and the pseudonymous person id', async () => {
      const caseId = await newCase();
      const response = await add(caseId, { person: nationalPerson(), role: 'suspect' });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'add', resourceType: 'person', resourceId: response.body.id, caseId, outcome: 'allowed', status: 201 });
    });
  });

  describe('removing a role', () => {
    it('ends the role with its reason, keeps the row, announces the removal, and allows adding it again', async () => {
      const caseId = await newCase();
      const added = await add(caseId, { person: nationalPerson(), role: 'witness' });
      await add(caseId, { personId: added.body.id, role: 'victim' });
      const response = await remove(caseId, added.body.id, { role: 'witness', reason: 'Added to the wrong case' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        caseId,
        personId: added.body.id,
        role: 'witness',
        reason: 'Added to the wrong case',
        removedAt: expect.any(String),
        removedBy: 'test-prosecutor',
      });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'remove', resourceType: 'person', resourceId: added.body.id, caseId, outcome: 'allowed' });
      expect((await list(caseId)).body.items.map((item: { roles: { role: string }[] }) => item.roles.map((held) => held.role))).toEqual([['victim']]);
      const { rows } = await db.query(`SELECT removal_reason, removed_by FROM case_registry.case_person_roles WHERE case_id = $1 AND role = 'witness'`, [caseId]);
      expect(rows).toEqual([{ removal_reason: 'Added to the wrong case', removed_by: 'test-prosecutor' }]);
      expect(await outboxEvents(db, PersonRemovedFromCase, caseId)).toEqual([{ caseId, region: 'KG-GB', personId: added.body.id, role: 'witness', reason: 'removed' }]);
      expect(JSON.stringify(await outboxEvents(db, PersonRemovedFromCase, caseId))).not.toContain('wrong case');

      expect((await add(caseId, { personId: added.body.id, role: 'witness' })).status).toBe(201);
    });

    it('answers a role the person does not hold with 404 and writes nothing', async () => {
      const caseId = await newCase();
      const added = await add(caseId, { person: nationalPerson(), role: 'witness' });
      const before = await writtenState(db);
      const response = await remove(caseId, added.body.id, { role: 'suspect', reason: 'Mistake' });
      expect(response.status).toBe(404);
      expect(await writtenState(db)).toEqual(before);
    });
  });

  describe('listing the persons of a case', () => {
    it('shows each person once with their roles, juvenile status and age band at the offence', async () => {
      const caseId = await newCase({ receivedAt: '2026-03-01T09:00:00Z' });
      const adult = await add(caseId, { person: nationalPerson({ dateOfBirth: '1960-03-01', sex: 'male' }), role: 'suspect' });
      await add(caseId, { personId: adult.body.id, role: 'accused' });
      // born on a leap day: 18 only from 1 March in a common year
      const leapling = await add(caseId, { person: nationalPerson({ dateOfBirth: '2008-02-29' }), role: 'victim' });
      const unknownAge = await add(caseId, { person: foreignPerson({ dateOfBirth: undefined, citizenship: 'XX' }), role: 'witness' });
      const response = await list(caseId);
      expect(response.status).toBe(200);
      expect(response.body.items.map((item: Record<string, unknown>) => [item.id, (item.roles as { role: string }[]).map((held) => held.role), item.ageBand, item.juvenile, item.citizenshipGroup])).toEqual([
        [adult.body.id, ['suspect', 'accused'], '65_plus', false, 'national'],
        [leapling.body.id, ['victim'], '18_24', false, 'national'],
        [unknownAge.body.id, ['witness'], 'unknown', false, 'stateless'],
      ]);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list', resourceType: 'person', caseId, outcome: 'allowed' });
    });

    it('counts a leap-day child as a juvenile on 28 February of a common year', async () => {
      const caseId = await newCase({ receivedAt: '2026-02-28T12:00:00Z' });
      const response = await add(caseId, { person: nationalPerson({ dateOfBirth: '2008-02-29' }), role: 'suspect' });
      expect(response.body).toMatchObject({ ageBand: '14_17', juvenile: true });
    });

    it('refuses another region’s case with 403 and logs it', async () => {
      const caseId = await newCase();
      expect((await list(caseId, tartu)).status).toBe(403);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list', caseId, outcome: 'denied', actor: { region: 'KG-C' } });
    });

    it('answers an unknown case with 404', async () => {
      expect((await list('7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01')).status).toBe(404);
    });
  });

  it.each(['closed', 'joined'] as const)('refuses adding or removing persons of a %s case with 422, writing nothing', async (status) => {
    const caseId = await newCase();
    const witness = (await add(caseId, { person: nationalPerson(), role: 'witness' })).body.id;
    await publishEvents(services.bus, statusChanged(caseId, status, { data: { occurredAt: new Date().toISOString() } }));
    const before = await writtenState(db);

    const added = await add(caseId, { person: foreignPerson(), role: 'victim' });
    const removed = await remove(caseId, witness, { role: 'witness', reason: 'Mistake' });
    expect([added.status, removed.status]).toEqual([422, 422]);
    expect(added.contentType).toContain('application/problem+json');
    expect(added.body.detail).toContain(`a ${status} case cannot be`);
    expect(await writtenState(db)).toEqual(before);
  });

  describe('refusals', () => {
    let caseId: string;
    let personId: string;
    beforeAll(async () => {
      caseId = await newCase();
      personId = (await add(caseId, { person: nationalPerson(), role: 'witness' })).body.id;
    });

    const tooLong = (length: number) => 'x'.repeat(length);
    const withPerson = (change: Record<string, unknown>) => ({ person: { ...nationalPerson(), ...change }, role: 'suspect' });

    it.each<[string, () => unknown, string]>([
      ['a missing role', () => ({ person: nationalPerson() }), 'role'],
      ['an unknown role', () => ({ ...withPerson({}), role: 'bystander' }), 'role'],
      ['a role of the wrong type', () => ({ ...withPerson({}), role: 3 }), 'role'],
      ['neither personId nor person', () => ({ role: 'suspect' }), 'person'],
      ['both personId and person', () => ({ ...withPerson({}), personId }), 'personId'],
      ['a personId that is not a UUID', () => ({ personId: 'p-1', role: 'suspect' }), 'personId'],
      ['a person that is not an object', () => ({ person: 'Aigerim Asanova', role: 'suspect' }), 'person'],
      ['a missing given name', () => withPerson({ givenName: undefined }), 'person.givenName'],
      ['a given name of the wrong type', () => withPerson({ givenName: 42 }), 'person.givenName'],
      ['a blank given name', () => withPerson({ givenName: '   ' }), 'person.givenName'],
      ['a given name over 200 characters', () => withPerson({ givenName: tooLong(201) }), 'person.givenName'],
      ['a missing family name', () => withPerson({ familyName: undefined }), 'person.familyName'],
      ['a family name over 200 characters', () => withPerson({ familyName: tooLong(201) }), 'person.familyName'],
      ['a missing sex', () => withPerson({ sex: undefined }), 'person.sex'],
      ['an unknown sex', () => withPerson({ sex: 'other' }), 'person.sex'],
      ['a sex that disagrees with the national ID', () => withPerson({ sex: 'male' }), 'person.sex'],
      ['a date of birth in another format', () => withPerson({ nationalId: undefined, dateOfBirth: '17.04.1990' }), 'person.dateOfBirth'],
      ['a date of birth that does not exist', () => withPerson({ nationalId: undefined, dateOfBirth: '1990-02-30' }), 'person.dateOfBirth'],
      ['a date of birth in the future', () => withPerson({ nationalId: undefined, dateOfBirth: '2999-01-01' }), 'person.dateOfBirth'],
      ['a national ID that is not a PIN', () => withPerson({ nationalId: '31303199400042', dateOfBirth: '1994-03-13' }), 'person.nationalId'],
      ['a national ID of the wrong type', () => withPerson({ nationalId: 11303199400042 }), 'person.nationalId'],
      ['a national ID over 32 characters', () => withPerson({ nationalId: '4'.repeat(33) }), 'person.nationalId'],
      ['a national ID with a future date of birth', () => withPerson({ nationalId: '20101203000001', dateOfBirth: undefined, sex: 'male' }), 'person.nationalId'],
      ['a citizenship that is no country', () => withPerson({ citizenship: 'QQ' }), 'person.citizenship'],
      ['a citizenship in lower case', () => withPerson({ citizenship: 'kg' }), 'person.citizenship'],
      ['a disability that is not a boolean', () => withPerson({ disability: 'yes' }), 'person.disability'],
      ['an address over 500 characters', () => withPerson({ address: tooLong(501) }), 'person.address'],
      ['an unknown person field', () => withPerson({ nickname: 'Kris' }), 'person.nickname'],
      ['an unknown field', () => ({ ...withPerson({}), note: 'x' }), 'note'],
    ])('refuses %s with 400 naming the field and writes nothing', async (_scenario, body, field) => {
      const before = await writtenState(db);
      const response = await add(caseId, body());
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await writtenState(db)).toEqual(before);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'add', caseId, outcome: 'rejected', status: 400 });
    });

    it.each<[string, () => unknown, string]>([
      ['a missing reason', () => ({ role: 'witness' }), 'reason'],
      ['a blank reason', () => ({ role: 'witness', reason: ' ' }), 'reason'],
      ['a reason over 500 characters', () => ({ role: 'witness', reason: tooLong(501) }), 'reason'],
      ['a reason of the wrong type', () => ({ role: 'witness', reason: true }), 'reason'],
      ['a missing role', () => ({ reason: 'Mistake' }), 'role'],
      ['an unknown role', () => ({ role: 'judge', reason: 'Mistake' }), 'role'],
    ])('refuses a removal with %s with 400 naming the field and writes nothing', async (_scenario, body, field) => {
      const before = await writtenState(db);
      const response = await remove(caseId, personId, body());
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await writtenState(db)).toEqual(before);
    });

    it.each([
      ['an unknown case', 404, () => `${base}/cases/7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01/persons`, () => ({ personId, role: 'suspect' })],
      ['an unknown person', 404, () => `${base}/cases/${caseId}/persons`, () => ({ personId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', role: 'suspect' })],
      ['a malformed case id', 400, () => `${base}/cases/not-a-uuid/persons`, () => ({ personId, role: 'suspect' })],
      ['a malformed person id in a removal', 400, () => `${base}/cases/${caseId}/persons/p-1/removals`, () => ({ role: 'witness', reason: 'Mistake' })],
    ])('answers %s with %i and writes nothing', async (_scenario, status, url, body) => {
      const before = await writtenState(db);
      const response = await http('POST', url(), { token: prosecutor, body: body(), purpose: PURPOSE });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      expect(await writtenState(db)).toEqual(before);
    });

    it.each([
      ['no token', async () => undefined, 401],
      ['an expired token', async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 }), 401],
      ['another region', async () => tartu, 403],
      ['a role that may not add persons', async () => services.tokenFor('probation_officer', { region: 'KG-GB' }), 403],
      ['an analyst', async () => services.tokenFor('analyst'), 403],
      ['a national token for a regional role', async () => services.tokenFor('investigator'), 403],
    ])('refuses %s for adding and removing, writes nothing, and logs the denial', async (_scenario, token, status) => {
      const before = await writtenState(db);
      // the token as given, even none: the helpers would fill in the prosecutor's
      const added = await http('POST', `${base}/cases/${caseId}/persons`, { token: await token(), body: { person: nationalPerson(), role: 'suspect' }, purpose: PURPOSE });
      expect(added.status).toBe(status);
      expect(added.contentType).toContain('application/problem+json');
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'add', resourceType: 'person', caseId, outcome: 'denied', status });
      const removed = await http('POST', `${base}/cases/${caseId}/persons/${personId}/removals`, { token: await token(), body: { role: 'witness', reason: 'Mistake' } });
      expect(removed.status).toBe(status);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'remove', resourceId: personId, caseId, outcome: 'denied', status });
      expect(await writtenState(db)).toEqual(before);
    });

    it('lets an investigator of the region add and remove', async () => {
      const investigator = await services.tokenFor('investigator', { region: 'KG-GB' });
      const added = await add(caseId, { person: foreignPerson(), role: 'suspect' }, investigator);
      expect(added.status).toBe(201);
      expect((await remove(caseId, added.body.id, { role: 'suspect', reason: 'Mistake' }, investigator)).status).toBe(201);
    });
  });
});
