import { Client } from 'pg';
import { PersonMerged } from '@icjims/contracts';
import { http, outboxEvents, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { PersonInput } from './person-rules';
import { foreignPerson, nationalPerson, registerCase, writtenState } from './persons.fixtures';

/** Every read of personal data states why. */
const PURPOSE = 'investigation';

/** A problem without what differs from one request to the next (the path asked for, the correlation id). */
const comparable = (problem: Record<string, unknown>) => ({ ...problem, instance: undefined, correlationId: undefined });

describe('who may see which person record', () => {
  let services: RunningServices;
  let base: string;
  let db: Client;
  let harju: string;
  let tartu: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    harju = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'harju-prosecutor' });
    tartu = await services.tokenFor('prosecutor', { region: 'KG-C', sub: 'tartu-prosecutor' });
    admin = await services.tokenFor('admin', { sub: 'national-admin' });
  });
  afterAll(() => services.stop());

  const UNKNOWN = '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01';
  const harjuCase = () => registerCase(base, harju);
  const tartuCase = () => registerCase(base, tartu, { region: 'KG-C' });
  const add = (caseId: string, body: unknown, token: string) => http('POST', `${base}/cases/${caseId}/persons`, { token, body, purpose: PURPOSE });
  const read = (personId: string, token: string) => http('GET', `${base}/persons/${personId}`, { token, purpose: PURPOSE });
  const lookup = (nationalId: unknown, token: string) => http('POST', `${base}/persons/lookups`, { token, body: { nationalId }, purpose: PURPOSE });
  const reviews = () => http('GET', `${base}/persons/identity-reviews`, { token: admin, purpose: 'data_quality' });
  const resolve = (personId: string, body: unknown, token = admin) => http('POST', `${base}/persons/identity-reviews/${personId}/resolutions`, { token, body });

  /** A person recorded in a Harju case, out of Tartu's reach. */
  async function harjuPerson(person: PersonInput = nationalPerson({ address: 'Pikk 1, Tallinn' })) {
    const response = await add(await harjuCase(), { person, role: 'suspect' }, harju);
    expect(response.status).toBe(201);
    return { person, personId: response.body.id as string };
  }

  describe('a record out of the caller’s reach answers exactly as one that does not exist', () => {
    it('when attached by id to a case of the caller’s region, writing nothing', async () => {
      const { personId } = await harjuPerson();
      const caseId = await tartuCase();
      const before = await writtenState(db);
      const hidden = await add(caseId, { personId, role: 'witness' }, tartu);
      const unknown = await add(caseId, { personId: UNKNOWN, role: 'witness' }, tartu);
      expect(hidden.status).toBe(404);
      expect(comparable(hidden.body)).toEqual(comparable(unknown.body));
      expect(await writtenState(db)).toEqual(before);
      // and so the full record never reaches Tartu
      expect((await read(personId, tartu)).status).toBe(404);
    });

    it('when its roles are removed from a case of the caller’s region', async () => {
      const { personId } = await harjuPerson();
      const caseId = await tartuCase();
      const removal = (id: string) => http('POST', `${base}/cases/${caseId}/persons/${id}/removals`, { token: tartu, body: { role: 'suspect', reason: 'Mistake' } });
      const [hidden, unknown] = [await removal(personId), await removal(UNKNOWN)];
      expect(hidden.status).toBe(404);
      expect(comparable(hidden.body)).toEqual(comparable(unknown.body));
    });

    it('when a merged record’s live record is out of reach: no 409 that would name it', async () => {
      const caseId = await harjuCase();
      const surviving = (await add(caseId, { person: foreignPerson(), role: 'suspect' }, harju)).body.id;
      const merged = (await add(caseId, { person: foreignPerson(), role: 'witness' }, harju)).body.id;
      expect((await http('POST', `${base}/persons/${surviving}/merges`, { token: harju, body: { mergedPersonId: merged, reason: 'Duplicate' } })).status).toBe(201);
      const tartuCaseId = await tartuCase();
      const [hidden, unknown] = [await add(tartuCaseId, { personId: merged, role: 'victim' }, tartu), await add(tartuCaseId, { personId: UNKNOWN, role: 'victim' }, tartu)];
      expect(hidden.status).toBe(404);
      expect(comparable(hidden.body)).toEqual(comparable(unknown.body));
      const cases = await http('GET', `${base}/persons/${merged}/cases`, { token: tartu, purpose: PURPOSE });
      expect(cases.status).toBe(404);
      expect(JSON.stringify(cases.body)).not.toContain(surviving);
    });
  });

  describe('attaching a described person whose national ID is held out of the caller’s reach', () => {
    it('answers a provisional record with the caller’s facts only, shaped as a new record, never a 409', async () => {
      const { person, personId } = await harjuPerson();
      const caseId = await tartuCase();
      const guess = { ...person, givenName: 'Guess', familyName: 'Name', address: undefined };
      const response = await add(caseId, { person: guess, role: 'witness' }, tartu);
      expect(response.status).toBe(201);
      // compared with a record that is really new: the same fields, the caller's facts
      const fresh = await add(caseId, { person: nationalPerson({ givenName: 'Guess', familyName: 'Name' }), role: 'victim' }, tartu);
      expect(Object.keys(response.body).sort()).toEqual(Object.keys(fresh.body).sort());
      expect(response.body).toMatchObject({ givenName: 'Guess', familyName: 'Name', nationalId: person.nationalId, address: null, mergedInto: null, restricted: false });
      expect(response.body.id).not.toBe(personId);
      expect(JSON.stringify(response.body)).not.toContain(person.givenName);
      expect(JSON.stringify(response.body)).not.toContain('Pikk');

      const { rows } = await db.query(`SELECT national_id, claimed_national_id FROM case_registry.persons WHERE id = $1`, [response.body.id]);
      expect(rows).toEqual([{ national_id: null, claimed_national_id: person.nationalId }]);
      // the holder's record is untouched, and still out of reach
      expect((await read(personId, tartu)).status).toBe(404);
    });

    it('treats the provisional record as the caller’s record of that ID from then on, as it would a new one', async () => {
      const { person } = await harjuPerson();
      const first = await add(await tartuCase(), { person: { ...person, givenName: 'Guess' }, role: 'witness' }, tartu);
      const again = await add(await tartuCase(), { person: { ...person, givenName: 'Guess' }, role: 'witness' }, tartu);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const differing = await add(await tartuCase(), { person: { ...person, givenName: 'Other' }, role: 'witness' }, tartu);
      expect(differing.status).toBe(409);
      expect(differing.body.detail).toContain(first.body.id);
      const found = await lookup(person.nationalId, tartu);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: first.body.id, givenName: 'Guess', nationalId: person.nationalId });
      // Harju still finds its own record
      expect((await lookup(person.nationalId, harju)).body.givenName).toBe(person.givenName);
    });

    it('makes one provisional record of concurrent adds of the ID in the region', async () => {
      const { person } = await harjuPerson();
      const caseIds = await Promise.all(Array.from({ length: 4 }, () => tartuCase()));
      const responses = await Promise.all(caseIds.map((caseId) => add(caseId, { person: { ...person, givenName: 'Guess' }, role: 'suspect' }, tartu)));
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    });

    it('keeps reusing the visible record for the region that holds it, and answers a differing fact with 409 there', async () => {
      const { person, personId } = await harjuPerson();
      const reused = await add(await harjuCase(), { person, role: 'witness' }, harju);
      expect(reused.body.id).toBe(personId);
      expect((await add(await harjuCase(), { person: { ...person, familyName: 'Mustikas' }, role: 'witness' }, harju)).status).toBe(409);
    });
  });

  describe('identity reviews', () => {
    async function provisional() {
      const { person, personId } = await harjuPerson();
      const caseId = await tartuCase();
      const response = await add(caseId, { person: { ...person, address: 'Rüütli 2, Tartu' }, role: 'witness' }, tartu);
      return { holderId: personId, provisionalId: response.body.id as string, caseId, nationalId: person.nationalId };
    }

    it('lists the pending ones for a national admin, with the holder of the ID, and records the persons consulted', async () => {
      const { holderId, provisionalId } = await provisional();
      const response = await reviews();
      expect(response.status).toBe(200);
      expect(response.body.items).toContainEqual({ personId: provisionalId, nationalIdHolderId: holderId, openedAt: expect.any(String), openedBy: 'tartu-prosecutor' });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list-identity-reviews', purpose: 'data_quality', personIds: expect.arrayContaining([provisionalId, holderId]) });
    });

    it('pages through the pending reviews, oldest first, without gaps or repeats', async () => {
      for (let made = 0; made < 3; made += 1) await provisional();
      const whole = (await http('GET', `${base}/persons/identity-reviews?limit=100`, { token: admin, purpose: 'data_quality' })).body;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { personId: string }[]; nextCursor: string | null } } = await http(
          'GET',
          `${base}/persons/identity-reviews?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: admin, purpose: 'data_quality' },
        );
        seen.push(...page.body.items.map((item) => item.personId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole.items.map((item: { personId: string }) => item.personId));
      expect(seen.length).toBeGreaterThanOrEqual(3);
    });

    it('merges the provisional record into the holder: the caller’s region then sees the holder’s record', async () => {
      const { holderId, provisionalId, caseId, nationalId } = await provisional();
      const response = await resolve(provisionalId, { resolution: 'merge', reason: 'Same person: ID card checked' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        personId: provisionalId,
        resolution: 'merged',
        resolvedBy: 'national-admin',
        merge: { survivingPersonId: holderId, mergedPersonId: provisionalId, caseIds: [caseId] },
      });
      expect(await outboxEvents(db, PersonMerged, caseId)).toEqual([{ caseId, region: 'KG-C', survivingPersonId: holderId, mergedPersonId: provisionalId }]);
      expect((await read(holderId, tartu)).status).toBe(200);
      expect((await lookup(nationalId, tartu)).body.id).toBe(holderId);
      expect((await reviews()).body.items.map((item: { personId: string }) => item.personId)).not.toContain(provisionalId);
      expect((await resolve(provisionalId, { resolution: 'dismiss', reason: 'again' })).status).toBe(409);
    });

    it('dismisses a review, keeping both records apart', async () => {
      const { holderId, provisionalId } = await provisional();
      const response = await resolve(provisionalId, { resolution: 'dismiss', reason: 'Another person using the ID' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ resolution: 'dismissed', merge: null });
      expect((await read(holderId, tartu)).status).toBe(404);
      expect((await read(provisionalId, tartu)).status).toBe(200);
    });

    it.each([
      ['a regional admin', () => services.tokenFor('admin', { region: 'KG-GB' }), 403],
      ['a prosecutor', async () => tartu, 403],
    ])('refuses %s', async (_scenario, token, status) => {
      const { provisionalId } = await provisional();
      expect((await http('GET', `${base}/persons/identity-reviews`, { token: await token(), purpose: PURPOSE })).status).toBe(status);
      expect((await resolve(provisionalId, { resolution: 'dismiss', reason: 'x' }, await token())).status).toBe(status);
    });

    it('answers a person without a review with 404 and bad input with 400 naming the field', async () => {
      expect((await resolve(UNKNOWN, { resolution: 'dismiss', reason: 'x' })).status).toBe(404);
      const { provisionalId } = await provisional();
      const bad = await resolve(provisionalId, { resolution: 'forget', reason: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['reason', 'resolution']);
    });
  });

  describe('purposes and the persons consulted', () => {
    it.each([
      ['a person', (personId: string) => http('GET', `${base}/persons/${personId}`, { token: harju })],
      ['a person’s cases', (personId: string) => http('GET', `${base}/persons/${personId}/cases`, { token: harju })],
      ['a lookup', () => http('POST', `${base}/persons/lookups`, { token: harju, body: { nationalId: '11303199400042' } })],
    ])('refuses a read of %s without X-Purpose with 400 naming it', async (_scenario, call) => {
      const { personId } = await harjuPerson();
      const response = await call(personId);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('X-Purpose');
    });

    it('records the purpose and the person in the access entry of a read, a lookup and an add', async () => {
      const { person, personId } = await harjuPerson();
      await read(personId, harju);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', purpose: PURPOSE, personIds: [personId] });
      await lookup(person.nationalId, harju);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'lookup', purpose: PURPOSE, personIds: [personId] });
      const caseId = await harjuCase();
      await add(caseId, { personId, role: 'witness' }, harju);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'add', personIds: [personId] });
    });

    it('records every person a case view and a case’s list show', async () => {
      const caseId = await harjuCase();
      const first = (await add(caseId, { person: foreignPerson(), role: 'suspect' }, harju)).body.id;
      const second = (await add(caseId, { person: foreignPerson(), role: 'victim' }, harju)).body.id;
      expect((await http('GET', `${base}/cases/${caseId}`, { token: harju })).status).toBe(400);
      await http('GET', `${base}/cases/${caseId}`, { token: harju, purpose: 'court_preparation' });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', resourceType: 'case', purpose: 'court_preparation', personIds: [first, second] });
      await http('GET', `${base}/cases/${caseId}/persons`, { token: harju, purpose: PURPOSE });
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list', personIds: [first, second] });
    });
  });
});
