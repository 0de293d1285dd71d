import { Client } from 'pg';
import { http, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { foreignPerson, nationalPerson, registerCase, writtenState } from './persons.fixtures';

/** Every read of personal data states why. */
const PURPOSE = 'investigation';
const UNTIL = '2099-01-01T00:00:00.000Z';

describe('restricted person records', () => {
  let services: RunningServices;
  let base: string;
  let db: Client;
  let prosecutor: string;
  let trusted: string;
  let investigator: string;
  let tartu: string;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'harju-prosecutor' });
    trusted = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'harju-trusted' });
    investigator = await services.tokenFor('investigator', { region: 'KG-GB', sub: 'harju-investigator' });
    tartu = await services.tokenFor('prosecutor', { region: 'KG-C', sub: 'tartu-prosecutor' });
    officer = await services.tokenFor('data_protection_officer', { sub: 'dpo' });
    admin = await services.tokenFor('admin', { sub: 'national-admin' });
  });
  afterAll(() => services.stop());

  const add = (caseId: string, body: unknown, token = prosecutor) => http('POST', `${base}/cases/${caseId}/persons`, { token, body, purpose: PURPOSE });
  const read = (personId: string, token = prosecutor) => http('GET', `${base}/persons/${personId}`, { token, purpose: PURPOSE });
  const restrict = (personId: string, body: unknown, token = officer) => http('PUT', `${base}/persons/${personId}/restriction`, { token, body });
  const lift = (personId: string, body: unknown, token = officer) => http('DELETE', `${base}/persons/${personId}/restriction`, { token, body });
  const history = (personId: string, token = officer) => http('GET', `${base}/persons/${personId}/restriction`, { token });

  /** A protected witness in a Harju case, restricted to harju-trusted (and whoever `roles` names). */
  async function protectedWitness(roles: string[] = []) {
    const caseId = await registerCase(base, prosecutor);
    const person = nationalPerson({ givenName: 'Salme', familyName: 'Varjatud', address: 'Salajane 1' });
    const personId = (await add(caseId, { person, role: 'witness' })).body.id as string;
    const response = await restrict(personId, { subs: ['harju-trusted'], roles, until: UNTIL, reason: 'Protected witness under a court order' });
    expect(response.status).toBe(200);
    return { caseId, person, personId, restriction: response.body };
  }

  it('is set by the data-protection officer, with who, when, what and why, in its own access entry', async () => {
    const { personId, restriction } = await protectedWitness();
    expect(restriction).toEqual({
      personId,
      change: 'set',
      subs: ['harju-trusted'],
      roles: [],
      until: UNTIL,
      reason: 'Protected witness under a court order',
      changedBy: 'dpo',
      changedAt: expect.any(String),
    });
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'restrict', resourceType: 'person', resourceId: personId, personIds: [personId], outcome: 'allowed' });
  });

  it('refuses everyone else who may see the record with 403 restricted-record, flagged in the access log', async () => {
    const { personId, person, caseId } = await protectedWitness();
    const before = await writtenState(db);
    const attempts = [
      ['read', () => read(personId)],
      ['list-cases', () => http('GET', `${base}/persons/${personId}/cases`, { token: prosecutor, purpose: PURPOSE })],
      ['lookup', () => http('POST', `${base}/persons/lookups`, { token: prosecutor, body: { nationalId: person.nationalId }, purpose: PURPOSE })],
      ['add', async () => add(await registerCase(base, prosecutor), { personId, role: 'victim' })],
      ['add', async () => add(await registerCase(base, prosecutor), { person, role: 'victim' })],
      ['remove', () => http('POST', `${base}/cases/${caseId}/persons/${personId}/removals`, { token: prosecutor, body: { role: 'witness', reason: 'x' } })],
    ] as const;
    for (const [action, attempt] of attempts) {
      const response = await attempt();
      expect([action, response.status, response.body.type, response.body.title]).toEqual([action, 403, 'urn:icjims:problem:restricted-record', 'Restricted record']);
      expect(JSON.stringify(response.body)).not.toContain('Varjatud');
      expect(await lastAccessEvent(db)).toMatchObject({ action, outcome: 'denied', status: 403, flags: ['restricted-record'] });
    }
    const other = (await add(caseId, { person: foreignPerson(), role: 'suspect' })).body.id;
    const merge = await http('POST', `${base}/persons/${personId}/merges`, { token: prosecutor, body: { mergedPersonId: other, reason: 'x' } });
    expect(merge.status).toBe(403);
    expect((await writtenState(db)).roles).toBe(before.roles + 1);
  });

  it('still answers a caller who may not see the record at all with the 404 of an unknown one', async () => {
    const { personId } = await protectedWitness();
    const response = await read(personId, tartu);
    expect(response.status).toBe(404);
    expect((await lastAccessEvent(db)).flags).toBeUndefined();
  });

  it('shows the person in their case to others as id and roles only, and flags the access', async () => {
    const { personId, caseId } = await protectedWitness();
    const suspect = (await add(caseId, { person: foreignPerson(), role: 'suspect' })).body.id;
    for (const url of [`${base}/cases/${caseId}/persons`, `${base}/cases/${caseId}`]) {
      const response = await http('GET', url, { token: prosecutor, purpose: PURPOSE });
      const items = response.body.items ?? response.body.persons;
      expect(items).toEqual([
        { id: personId, caseId, roles: [{ role: 'witness', addedAt: expect.any(String), addedBy: 'harju-prosecutor' }], restricted: true },
        expect.objectContaining({ id: suspect, familyName: 'Kovalenko', restricted: false }),
      ]);
      expect(JSON.stringify(response.body)).not.toContain('Varjatud');
      expect(await lastAccessEvent(db)).toMatchObject({ outcome: 'allowed', flags: ['restricted-record'], personIds: [personId, suspect] });
    }
  });

  it('lets the users and roles it names see the record, and no one else', async () => {
    const { personId, caseId } = await protectedWitness(['investigator']);
    expect((await read(personId, trusted)).body.familyName).toBe('Varjatud');
    expect((await read(personId, investigator)).body.familyName).toBe('Varjatud');
    expect((await read(personId, admin)).status).toBe(403);
    const list = await http('GET', `${base}/cases/${caseId}/persons`, { token: trusted, purpose: PURPOSE });
    expect(list.body.items[0]).toMatchObject({ familyName: 'Varjatud', restricted: false });
    expect((await lastAccessEvent(db)).flags).toBeUndefined();
  });

  it('lapses at its date on its own', async () => {
    const { personId } = await protectedWitness();
    await db.query(`UPDATE case_registry.persons SET restricted_until = now() - interval '1 second' WHERE id = $1`, [personId]);
    expect((await read(personId)).status).toBe(200);
  });

  it('is listed while in force, lifted with a reason, and keeps its history append-only', async () => {
    const { personId } = await protectedWitness();
    const listed = await http('GET', `${base}/persons/restrictions`, { token: officer });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ personId, change: 'set', subs: ['harju-trusted'], until: UNTIL }));

    const lifted = await lift(personId, { reason: 'Court order lifted' });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ personId, change: 'lifted', subs: [], roles: [], until: null, reason: 'Court order lifted', changedBy: 'dpo' });
    expect(await lastAccessEvent(db)).toMatchObject({ action: 'lift-restriction', personIds: [personId], outcome: 'allowed' });
    expect((await read(personId)).status).toBe(200);
    expect((await http('GET', `${base}/persons/restrictions`, { token: officer })).body.items.map((item: { personId: string }) => item.personId)).not.toContain(personId);
    expect((await lift(personId, { reason: 'again' })).status).toBe(404);

    const changes = await history(personId, admin);
    expect(changes.body).toEqual({
      current: null,
      changes: [
        expect.objectContaining({ change: 'set', reason: 'Protected witness under a court order', changedBy: 'dpo' }),
        expect.objectContaining({ change: 'lifted', reason: 'Court order lifted', changedBy: 'dpo' }),
      ],
    });
    await expect(db.query(`UPDATE case_registry.person_restriction_changes SET reason = 'rewritten' WHERE person_id = $1`, [personId])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM case_registry.person_restriction_changes WHERE person_id = $1`, [personId])).rejects.toThrow(/append-only/);
  });

  it('pages through the restrictions in force, soonest to lapse first, without gaps or repeats', async () => {
    for (const until of ['2098-01-01T00:00:00Z', '2097-01-01T00:00:00Z', '2097-01-01T00:00:00Z']) {
      const personId = (await add(await registerCase(base, prosecutor), { person: foreignPerson(), role: 'victim' })).body.id;
      await restrict(personId, { subs: ['harju-trusted'], until, reason: 'Paging' });
    }
    const whole = (await http('GET', `${base}/persons/restrictions?limit=100`, { token: officer })).body;
    expect(whole.nextCursor).toBeNull();
    const order = whole.items.map((item: { until: string; personId: string }) => `${item.until} ${item.personId}`);
    expect(order).toEqual([...order].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { personId: string }[]; nextCursor: string | null } } = await http('GET', `${base}/persons/restrictions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: officer });
      seen.push(...page.body.items.map((item) => item.personId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((item: { personId: string }) => item.personId));
    expect((await http('GET', `${base}/persons/restrictions?cursor=abc`, { token: officer })).status).toBe(400);
  });

  it('replaces the restriction in force when set again', async () => {
    const { personId } = await protectedWitness();
    await restrict(personId, { roles: ['prosecutor'], until: UNTIL, reason: 'Wider circle' }, admin);
    expect((await read(personId)).status).toBe(200);
    expect((await history(personId)).body.current).toMatchObject({ roles: ['prosecutor'], subs: [], changedBy: 'national-admin' });
  });

  it('refuses a split naming the person, and shows them redacted in the case a join takes them to', async () => {
    const { personId, caseId } = await protectedWitness();
    const before = await writtenState(db);
    const split = await http('POST', `${base}/cases/${caseId}/splits`, { token: prosecutor, body: { personIds: [personId], reason: 'apart' }, purpose: PURPOSE });
    expect([split.status, split.body.type]).toEqual([403, 'urn:icjims:problem:restricted-record']);
    expect(await writtenState(db)).toEqual(before);

    const into = await registerCase(base, prosecutor);
    expect((await http('POST', `${base}/cases/${caseId}/joins`, { token: prosecutor, body: { intoCaseId: into, reason: 'Same events' } })).status).toBe(201);
    const view = await http('GET', `${base}/cases/${into}`, { token: prosecutor, purpose: PURPOSE });
    expect(view.body.persons).toEqual([expect.objectContaining({ id: personId, restricted: true })]);
    expect(JSON.stringify(view.body)).not.toContain('Varjatud');
  });

  it('follows the person into the surviving record of a merge made by someone it names', async () => {
    const { personId, caseId } = await protectedWitness();
    const duplicate = (await add(caseId, { person: foreignPerson(), role: 'victim' })).body.id;
    // the restricted record has the national ID, so it survives; here it is merged into (the duplicate goes)
    expect((await http('POST', `${base}/persons/${personId}/merges`, { token: trusted, body: { mergedPersonId: duplicate, reason: 'Duplicate' } })).status).toBe(201);

    const other = await registerCase(base, prosecutor);
    const restrictedWithoutId = (await add(other, { person: foreignPerson({ familyName: 'Peidus' }), role: 'witness' })).body.id;
    await restrict(restrictedWithoutId, { subs: ['harju-trusted'], until: UNTIL, reason: 'Juvenile victim' });
    const survivor = (await add(other, { person: nationalPerson(), role: 'suspect' })).body.id;
    const merged = await http('POST', `${base}/persons/${survivor}/merges`, { token: trusted, body: { mergedPersonId: restrictedWithoutId, reason: 'Same person' } });
    expect(merged.status).toBe(201);
    expect((await read(survivor)).status).toBe(403);
    expect((await history(survivor)).body.current).toMatchObject({
      change: 'set',
      subs: ['harju-trusted'],
      reason: `carried over from person ${restrictedWithoutId}, merged into this record`,
      changedBy: 'harju-trusted',
    });
  });

  describe('refusals', () => {
    let personId: string;
    beforeAll(async () => {
      personId = (await add(await registerCase(base, prosecutor), { person: foreignPerson(), role: 'victim' })).body.id;
    });
    const valid = { subs: ['harju-trusted'], until: UNTIL, reason: 'Protected' };

    it.each([
      ['nobody named', { until: UNTIL, reason: 'x' }, 'subs'],
      ['a date in the past', { ...valid, until: '2020-01-01T00:00:00Z' }, 'until'],
      ['a date without an offset', { ...valid, until: '2099-01-01T00:00:00' }, 'until'],
      ['an unknown role', { ...valid, roles: ['judge'] }, 'roles'],
      ['a sub that is not text', { ...valid, subs: [42] }, 'subs'],
      ['a sub with a line break', { ...valid, subs: ['harju-trusted\nforged'] }, 'subs'],
      ['a blank reason', { ...valid, reason: ' ' }, 'reason'],
      ['an unknown field', { ...valid, everyone: true }, 'everyone'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_scenario, body, field) => {
      const response = await restrict(personId, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect((await history(personId)).body.changes).toEqual([]);
    });

    it.each([
      ['a prosecutor', () => Promise.resolve(prosecutor)],
      ['a regional admin', () => services.tokenFor('admin', { region: 'KG-GB' })],
      ['an auditor', () => services.tokenFor('auditor')],
    ])('refuses %s with 403', async (_scenario, token) => {
      expect((await restrict(personId, valid, await token())).status).toBe(403);
      expect((await lift(personId, { reason: 'x' }, await token())).status).toBe(403);
      expect((await http('GET', `${base}/persons/restrictions`, { token: await token() })).status).toBe(403);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'list-restrictions', outcome: 'denied' });
    });

    it('answers an unknown record with 404 and a merged one with 409 naming the live record', async () => {
      expect((await restrict('7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01', valid)).status).toBe(404);
      const caseId = await registerCase(base, prosecutor);
      const [surviving, merged] = [(await add(caseId, { person: foreignPerson(), role: 'suspect' })).body.id, (await add(caseId, { person: foreignPerson(), role: 'witness' })).body.id];
      await http('POST', `${base}/persons/${surviving}/merges`, { token: prosecutor, body: { mergedPersonId: merged, reason: 'Duplicate' } });
      const response = await restrict(merged, valid);
      expect(response.status).toBe(409);
      expect(response.body.detail).toContain(surviving);
    });
  });
});
