import { Client } from 'pg';
import { CaseJoined, CaseRegistered, PersonAddedToCase, PersonRemovedFromCase } from '@icjims/contracts';
import { http, outboxEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { Body, domainEvents, lastAccessEvent, registerCase, rowCount, statusChanged } from '../case-registry.fixtures';
import { foreignPerson, nationalPerson, writtenState } from '../persons/persons.fixtures';

const UNKNOWN = '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01';

describe('joining cases and splitting a case over HTTP', () => {
  let services: RunningServices;
  let api: string;
  let db: Client;
  let harju: string;
  let tartu: string;
  let admin: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    harju = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'prosecutor-37' });
    tartu = await services.tokenFor('prosecutor', { region: 'KG-C', sub: 'prosecutor-78' });
    admin = await services.tokenFor('admin', { sub: 'admin-1' });
  });
  afterAll(() => services.stop());

  const newCase = async (token = harju, overrides: Body = {}): Promise<{ id: string; caseNumber: string }> => registerCase(api, token, overrides);
  const tartuCase = () => newCase(tartu, { region: 'KG-C', district: 'alamudun', agency: 'MVD-KG' });
  /** Adds a person (a new record unless `personId` is given) in a role and returns the person id. */
  const addPerson = async (caseId: string, role: string, person: Body = { person: foreignPerson() }, token = harju): Promise<string> => {
    const response = await http('POST', `${api}/cases/${caseId}/persons`, { token, body: { ...person, role }, purpose: 'investigation' });
    if (response.status !== 201) throw new Error(`adding a person: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  };
  const join = (caseId: string, body: unknown, token = harju) => http('POST', `${api}/cases/${caseId}/joins`, { token, body });
  const split = (caseId: string, body: unknown, token = harju, headers: Record<string, string> = {}) =>
    http('POST', `${api}/cases/${caseId}/splits`, { token, body, headers, purpose: 'investigation' });
  const read = (caseId: string, token = harju) => http('GET', `${api}/cases/${caseId}`, { token, purpose: 'investigation' });
  const links = (caseId: string, token = harju) => http('GET', `${api}/cases/${caseId}/links`, { token });
  /** The roles held in a case, by person; roles added in one transaction share their time, so their order is not compared. */
  const rolesIn = async (caseId: string): Promise<Record<string, string[]>> => {
    const { items } = (await http('GET', `${api}/cases/${caseId}/persons`, { token: harju, purpose: 'investigation' })).body;
    return Object.fromEntries(items.map((item: { id: string; roles: { role: string }[] }) => [item.id, item.roles.map((held) => held.role).sort()]));
  };
  /** Everything a join or split writes; compared before and after a refused request. */
  const written = async () => ({
    ...(await writtenState(db)),
    cases: await rowCount(db, 'cases'),
    links: await rowCount(db, 'case_links'),
    numbers: Number((await db.query('SELECT coalesce(sum(last_sequence), 0) AS n FROM case_registry.case_number_counters')).rows[0].n),
    joined: Number((await db.query(`SELECT count(*) FROM case_registry.cases WHERE status = 'joined'`)).rows[0].count),
  });
  const sequenceOf = (caseNumber: string) => Number(caseNumber.split('-').pop());

  describe('joining', () => {
    it('joins a case into another: joined at once, the receiving case gains the roles it lacked, the joined one keeps its own', async () => {
      const [joined, into] = [await newCase(), await newCase()];
      const suspect = await addPerson(joined.id, 'suspect', { person: nationalPerson({ dateOfBirth: '2009-01-15', sex: 'male' }) });
      const victim = await addPerson(joined.id, 'victim');
      await addPerson(into.id, 'victim', { personId: victim });
      const witness = await addPerson(into.id, 'witness');

      const response = await join(joined.id, { intoCaseId: into.id, reason: 'Same suspect, same series of thefts' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: 'join',
        fromCase: { id: joined.id, caseNumber: joined.caseNumber },
        toCase: { id: into.id, caseNumber: into.caseNumber },
        personIds: [suspect],
        reason: 'Same suspect, same series of thefts',
        linkedBy: 'prosecutor-37',
        linkedAt: expect.any(String),
      });

      expect((await read(joined.id)).body).toMatchObject({ status: 'joined', joinedInto: { id: into.id, caseNumber: into.caseNumber }, splitFrom: null });
      expect((await read(into.id)).body).toMatchObject({ status: 'registered', joinedInto: null, splitFrom: null });
      expect(await rolesIn(into.id)).toEqual({ [victim]: ['victim'], [witness]: ['witness'], [suspect]: ['suspect'] });
      expect(await rolesIn(joined.id)).toEqual({ [suspect]: ['suspect'], [victim]: ['victim'] });
      expect((await links(joined.id)).body).toEqual([response.body]);
      expect((await links(into.id)).body).toEqual([response.body]);
    });

    it('announces the join and each role gained, categories only and without the reason, and logs the access', async () => {
      const [joined, into] = [await newCase(), await newCase()];
      const suspect = await addPerson(joined.id, 'suspect', { person: nationalPerson({ dateOfBirth: '2009-01-15', sex: 'male', givenName: 'Rasmus' }) });
      await join(joined.id, { intoCaseId: into.id, reason: 'Rasmus confessed to both' });
      expect(await outboxEvents(db, CaseJoined, joined.id)).toEqual([{ caseId: joined.id, region: 'KG-GB', intoCaseId: into.id }]);
      expect(await outboxEvents(db, PersonAddedToCase, into.id)).toEqual([
        { caseId: into.id, region: 'KG-GB', personId: suspect, role: 'suspect', sex: 'male', ageBand: '14_17', juvenile: true, citizenshipGroup: 'national' },
      ]);
      expect(JSON.stringify(await domainEvents(db))).not.toContain('Rasmus');
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'join', resourceType: 'case', resourceId: joined.id, caseId: joined.id, outcome: 'allowed', status: 201 });
    });

    it('refuses at once, without waiting for procedural-steps, anything more on the joined case and joining into it', async () => {
      const [joined, into, other] = [await newCase(), await newCase(), await newCase()];
      const person = await addPerson(joined.id, 'suspect');
      expect((await join(joined.id, { intoCaseId: into.id, reason: 'one proceeding' })).status).toBe(201);
      const before = await written();
      const refusals = [
        await join(joined.id, { intoCaseId: other.id, reason: 'again' }),
        await split(joined.id, { personIds: [person], reason: 'apart' }),
        await http('PUT', `${api}/cases/${joined.id}/responsible/prosecutor`, { token: harju, body: { assignee: 'prosecutor-9' } }),
        await http('POST', `${api}/cases/${joined.id}/transfers`, { token: harju, body: { toRegion: 'KG-C', reason: 'moved' } }),
      ];
      expect(refusals.map((refused) => refused.status)).toEqual([422, 422, 422, 422]);
      const intoJoined = await join(other.id, { intoCaseId: joined.id, reason: 'into the joined one' });
      expect(intoJoined.status).toBe(422);
      expect(intoJoined.body.errors).toEqual([{ field: 'intoCaseId', reason: `case ${joined.caseNumber} is joined: nothing can be joined into it` }]);
      expect(await written()).toEqual(before);
    });

    it('keeps the case joined when a status change procedural-steps recorded before the join arrives, and takes its own joined status', async () => {
      const [joined, into] = [await newCase(), await newCase()];
      await join(joined.id, { intoCaseId: into.id, reason: 'one proceeding' });
      const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
      await publishEvents(services.bus, statusChanged(joined.id, 'under_investigation', { envelope: { time: later(1) } }));
      expect((await read(joined.id)).body.status).toBe('joined');
      await publishEvents(services.bus, statusChanged(joined.id, 'joined', { envelope: { time: later(2) }, data: { occurredAt: '2026-11-25T12:00:00.000Z' } }));
      expect((await read(joined.id)).body).toMatchObject({ status: 'joined', statusChangedAt: '2026-11-25T12:00:00.000Z' });
    });

    it('lets a national admin join cases of another region', async () => {
      const [joined, into] = [await tartuCase(), await tartuCase()];
      const response = await join(joined.id, { intoCaseId: into.id, reason: 'one proceeding' }, admin);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ linkedBy: 'admin-1' });
      expect((await read(joined.id, tartu)).body.status).toBe('joined');
    });

    it('of two concurrent joins of one case, lets one through and refuses the other', async () => {
      const [joined, first, second] = [await newCase(), await newCase(), await newCase()];
      const responses = await Promise.all([first, second].map((into) => join(joined.id, { intoCaseId: into.id, reason: 'race' })));
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      expect(await outboxEvents(db, CaseJoined, joined.id)).toHaveLength(1);
      expect((await links(joined.id)).body).toHaveLength(1);
    });

    it('joins of A into B and of B into A at the same time queue instead of deadlocking: one through, the other refused', async () => {
      for (let round = 0; round < 5; round += 1) {
        const [a, b] = [await newCase(), await newCase()];
        const responses = await Promise.all([join(a.id, { intoCaseId: b.id, reason: 'race' }), join(b.id, { intoCaseId: a.id, reason: 'race' })]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
        expect(responses.find((response) => response.status === 422)?.body.type).toBe('urn:icjims:problem:rule-violation');
      }
    });
  });

  describe('splitting', () => {
    const now = () => new Date().toISOString();
    const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();

    it('registers a new case for some persons under the next number, in the same place, and moves all their roles', async () => {
      const source = await newCase(harju, { offenceCommittedAt: '2026-11-19T22:00:00Z' });
      const kept = await addPerson(source.id, 'victim');
      const moving = await addPerson(source.id, 'suspect', { person: nationalPerson({ dateOfBirth: '1990-03-03', sex: 'male' }) });
      await addPerson(source.id, 'witness', { personId: moving });
      const accomplice = await addPerson(source.id, 'suspect');
      const before = await newCase(harju, { receivedAt: hourAgo(), registeredAt: now() });

      const response = await split(source.id, { personIds: [moving, accomplice.toUpperCase()], reason: 'The accomplices are tried separately' });
      expect(response.status).toBe(201);
      const after = await newCase(harju, { receivedAt: hourAgo(), registeredAt: now() });
      const year = new Date().getUTCFullYear();
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        caseNumber: `KG-GB-${year}-${String(sequenceOf(before.caseNumber) + 1).padStart(6, '0')}`,
        region: 'KG-GB',
        district: 'leninsky',
        agency: 'GUVD-GB',
        source: 'complaint',
        offence: { article: '209-1', title: 'Fraud (part 1)', severity: 'minor', iccsCode: '0701', iccsSection: '07 Acts involving fraud, deception or corruption' },
        offenceCommittedAt: '2026-11-19T22:00:00.000Z',
        receivedAt: '2026-11-20T08:00:00.000Z',
        registeredAt: expect.any(String),
        registeredLate: false,
        registeredBy: 'prosecutor-37',
        status: 'registered',
        statusChangedAt: response.body.registeredAt,
        responsible: { prosecutor: null, investigator: null },
        description: `Split off case ${source.caseNumber}`,
        joinedInto: null,
        splitFrom: { id: source.id, caseNumber: source.caseNumber },
        // Both roles start in one transaction, at one time: their order is not defined.
        persons: expect.arrayContaining([expect.objectContaining({ id: moving }), expect.objectContaining({ id: accomplice })]),
      });
      expect(response.body.persons).toHaveLength(2);
      expect(sequenceOf(after.caseNumber)).toBe(sequenceOf(before.caseNumber) + 2);
      expect(Date.now() - Date.parse(response.body.registeredAt)).toBeLessThan(60_000);
      const created = response.body.id;

      expect((await read(created)).body).toEqual(response.body);
      expect((await read(source.id)).body).toMatchObject({ status: 'registered', joinedInto: null, splitFrom: null });
      expect(await rolesIn(source.id)).toEqual({ [kept]: ['victim'] });
      expect(await rolesIn(created)).toEqual({ [moving]: ['suspect', 'witness'], [accomplice]: ['suspect'] });
      const { rows } = await db.query(
        `SELECT person_id, role, removed_by, removal_reason FROM case_registry.case_person_roles WHERE case_id = $1 AND removed_at IS NOT NULL ORDER BY added_at`,
        [source.id],
      );
      const removal = { removed_by: 'prosecutor-37', removal_reason: `split off into case ${response.body.caseNumber}` };
      expect(rows).toEqual([
        { person_id: moving, role: 'suspect', ...removal },
        { person_id: moving, role: 'witness', ...removal },
        { person_id: accomplice, role: 'suspect', ...removal },
      ]);
      const [link] = (await links(created)).body;
      expect(link).toMatchObject({
        kind: 'split',
        fromCase: { id: source.id, caseNumber: source.caseNumber },
        toCase: { id: created, caseNumber: response.body.caseNumber },
        personIds: [moving, accomplice],
        reason: 'The accomplices are tried separately',
        linkedBy: 'prosecutor-37',
      });
      expect((await links(source.id)).body).toEqual([link]);
    });

    it('announces the new case with splitFromCaseId, each moved role leaving with reason split and arriving with its categories', async () => {
      const source = await newCase();
      const moving = await addPerson(source.id, 'suspect', { person: nationalPerson({ dateOfBirth: '2000-05-05', sex: 'female' }) });
      const response = await split(source.id, { personIds: [moving], reason: 'Tried separately, says Aigerim' });
      const created = response.body;
      expect(await outboxEvents(db, CaseRegistered, created.id)).toEqual([
        {
          caseId: created.id,
          caseNumber: created.caseNumber,
          region: 'KG-GB',
          district: 'leninsky',
          agency: 'GUVD-GB',
          source: 'complaint',
          offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
          receivedAt: '2026-11-20T08:00:00.000Z',
          registeredAt: created.registeredAt,
          registeredLate: false,
          registeredBy: 'prosecutor-37',
          splitFromCaseId: source.id,
        },
      ]);
      // Each side names the other, so that procedural-steps can carry the person's standing across.
      expect(await outboxEvents(db, PersonRemovedFromCase, source.id)).toEqual([
        { caseId: source.id, region: 'KG-GB', personId: moving, role: 'suspect', reason: 'split', toCaseId: created.id },
      ]);
      expect(await outboxEvents(db, PersonAddedToCase, created.id)).toEqual([
        { caseId: created.id, region: 'KG-GB', personId: moving, role: 'suspect', sex: 'female', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national', splitFromCaseId: source.id },
      ]);
      // The registration comes first on the new case's key, so consumers know the case before its persons.
      const { rows } = await db.query(`SELECT event_type FROM case_registry.outbox WHERE message_key = $1 AND event_type NOT LIKE '%.access.recorded.v1' ORDER BY position`, [created.id]);
      expect(rows.map((row: { event_type: string }) => row.event_type)).toEqual([CaseRegistered.type, PersonAddedToCase.type]);
      expect(JSON.stringify(await domainEvents(db))).not.toContain('Aigerim');
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'split', resourceType: 'case', resourceId: created.id, caseId: source.id, outcome: 'allowed', status: 201 });
    });

    it('gives the new case the description and offence asked for, and keeps a late registration late', async () => {
      const source = await newCase(harju, { receivedAt: '2026-11-10T08:00:00Z' });
      const moving = await addPerson(source.id, 'suspect');
      const response = await split(source.id, { personIds: [moving], reason: 'A separate fraud', description: 'Fraud with the stolen card', offenceArticle: '130' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        description: 'Fraud with the stolen card',
        offence: { article: '130', title: 'Intentional infliction of serious harm to health', severity: 'grave', iccsCode: '0201' },
        receivedAt: '2026-11-10T08:00:00.000Z',
        registeredLate: true,
      });
    });

    it('answers a split repeated with the same Idempotency-Key with the first new case, and registers no second one', async () => {
      const source = await newCase();
      const moving = await addPerson(source.id, 'suspect');
      const body = { personIds: [moving], reason: 'Tried separately' };
      const first = await split(source.id, body, harju, { 'idempotency-key': `split-${source.id}` });
      const cases = await rowCount(db, 'cases');
      const repeated = await split(source.id, body, harju, { 'idempotency-key': `split-${source.id}` });
      expect([first.status, repeated.status]).toEqual([201, 201]);
      expect(repeated.headers.get('idempotent-replayed')).toBe('true');
      expect(repeated.body).toEqual(first.body);
      expect(await rowCount(db, 'cases')).toBe(cases);
    });

    it('lets a national admin split a case of another region', async () => {
      const source = await tartuCase();
      const moving = await addPerson(source.id, 'suspect', undefined, tartu);
      const response = await split(source.id, { personIds: [moving], reason: 'apart' }, admin);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ region: 'KG-C', district: 'alamudun', agency: 'MVD-KG', caseNumber: expect.stringMatching(/^KG-C-/), registeredBy: 'admin-1' });
    });
  });

  describe('refusing', () => {
    let harjuCase: { id: string; caseNumber: string };
    let otherHarjuCase: { id: string; caseNumber: string };
    let tartuCaseId: string;
    let person: string;
    beforeAll(async () => {
      harjuCase = await newCase();
      otherHarjuCase = await newCase();
      tartuCaseId = (await tartuCase()).id;
      person = await addPerson(harjuCase.id, 'suspect');
    });
    const joinBody = (overrides: Body = {}) => ({ intoCaseId: otherHarjuCase.id, reason: 'one proceeding', ...overrides });
    const splitBody = (overrides: Body = {}) => ({ personIds: [person], reason: 'apart', ...overrides });

    /** Sends a refused request and checks its status, its problem document, that nothing was written, and the access trail. */
    async function refused(send: () => Promise<{ status: number; contentType: string; body: { errors?: { field: string }[] } }>, status: number, field?: string) {
      const before = await written();
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      if (field) expect(response.body.errors?.map((error) => error.field)).toContain(field);
      expect(await written()).toEqual(before);
      return response;
    }

    it.each<[string, () => Body, string]>([
      ['a missing intoCaseId', () => joinBody({ intoCaseId: undefined }), 'intoCaseId'],
      ['a malformed intoCaseId', () => joinBody({ intoCaseId: 'case-2' }), 'intoCaseId'],
      ['a missing reason', () => joinBody({ reason: undefined }), 'reason'],
      ['an empty reason', () => joinBody({ reason: '' }), 'reason'],
      ['a blank reason', () => joinBody({ reason: '   ' }), 'reason'],
      ['a reason over 500 characters', () => joinBody({ reason: 'x'.repeat(501) }), 'reason'],
      ['a wrongly typed reason', () => joinBody({ reason: ['x'] }), 'reason'],
      ['an extra field', () => joinBody({ suspectName: 'Jaan Tamm' }), 'suspectName'],
      ['a join into itself', () => joinBody({ intoCaseId: harjuCase.id.toUpperCase() }), 'intoCaseId'],
    ])('a join with %s with 400 naming the field, writing nothing and logging it', async (_label, body, field) => {
      await refused(() => join(harjuCase.id, body()), 400, field);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'join', caseId: harjuCase.id, outcome: 'rejected', status: 400 });
    });

    it.each<[string, () => Body, string]>([
      ['missing personIds', () => splitBody({ personIds: undefined }), 'personIds'],
      ['personIds that are not an array', () => splitBody({ personIds: person }), 'personIds'],
      ['no personIds', () => splitBody({ personIds: [] }), 'personIds'],
      ['a person named twice', () => splitBody({ personIds: [person, person.toUpperCase()] }), 'personIds'],
      ['51 persons', () => splitBody({ personIds: Array.from({ length: 51 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`) }), 'personIds'],
      ['a malformed person id', () => splitBody({ personIds: ['person-1'] }), 'personIds'],
      ['a missing reason', () => splitBody({ reason: undefined }), 'reason'],
      ['a reason over 500 characters', () => splitBody({ reason: 'x'.repeat(501) }), 'reason'],
      ['an empty description', () => splitBody({ description: '' }), 'description'],
      ['a description over 2000 characters', () => splitBody({ description: 'x'.repeat(2001) }), 'description'],
      ['an offence article over 32 characters', () => splitBody({ offenceArticle: 'x'.repeat(33) }), 'offenceArticle'],
      ['an unknown offence article', () => splitBody({ offenceArticle: '999-9' }), 'offenceArticle'],
      ['an extra field', () => splitBody({ region: 'KG-C' }), 'region'],
    ])('a split with %s with 400 naming the field, writing nothing and logging it', async (_label, body, field) => {
      await refused(() => split(harjuCase.id, body()), 400, field);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'split', caseId: harjuCase.id, outcome: 'rejected', status: 400 });
    });

    it.each<[string, () => Promise<string>, number]>([
      ['no token', async () => '', 401],
      ['an investigator', () => services.tokenFor('investigator', { region: 'KG-GB' }), 403],
      ['a probation officer', () => services.tokenFor('probation_officer', { region: 'KG-GB' }), 403],
      ['another region’s prosecutor', () => services.tokenFor('prosecutor', { region: 'KG-C' }), 403],
      ['a regional admin of another region', () => services.tokenFor('admin', { region: 'KG-C' }), 403],
    ])('%s, writing nothing and logging the denial', async (_label, token, status) => {
      await refused(async () => join(harjuCase.id, joinBody(), await token()), status);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'join', caseId: harjuCase.id, outcome: 'denied', status });
      await refused(async () => split(harjuCase.id, splitBody(), await token()), status);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'split', caseId: harjuCase.id, outcome: 'denied', status });
    });

    it('a join into a case of another region with 403, and of another region’s case into one of the caller’s with 403', async () => {
      await refused(() => join(harjuCase.id, joinBody({ intoCaseId: tartuCaseId })), 403);
      await refused(() => join(tartuCaseId, joinBody()), 403);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'join', caseId: tartuCaseId, outcome: 'denied', status: 403 });
    });

    it('an unknown case with 404, an unknown intoCaseId with 404 naming it, and a malformed case id with 400', async () => {
      await refused(() => join(UNKNOWN, joinBody()), 404);
      await refused(() => split(UNKNOWN, splitBody()), 404);
      const unknownInto = await refused(() => join(harjuCase.id, joinBody({ intoCaseId: UNKNOWN })), 404, 'intoCaseId');
      expect(unknownInto.body.errors).toEqual([{ field: 'intoCaseId', reason: 'intoCaseId must be a registered case' }]);
      for (const send of [() => join('nope', joinBody()), () => split('nope', splitBody())]) {
        expect((await refused(send, 400)).body.errors).toEqual([{ field: 'caseId', reason: 'caseId must be a UUID' }]);
      }
    });

    it('a split naming persons who hold no role in the case with 422 naming personIds', async () => {
      const elsewhere = await addPerson(otherHarjuCase.id, 'witness');
      const response = await refused(() => split(harjuCase.id, splitBody({ personIds: [person, elsewhere, UNKNOWN] })), 422, 'personIds');
      expect(response.body.errors).toEqual([
        { field: 'personIds', reason: `person ${elsewhere} holds no role in case ${harjuCase.caseNumber}` },
        { field: 'personIds', reason: `person ${UNKNOWN} holds no role in case ${harjuCase.caseNumber}` },
      ]);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'split', outcome: 'rejected', status: 422 });
    });

    it('a split of a person whose role was removed with 422', async () => {
      const gone = await addPerson(harjuCase.id, 'witness');
      await http('POST', `${api}/cases/${harjuCase.id}/persons/${gone}/removals`, { token: harju, body: { role: 'witness', reason: 'Added to the wrong case' } });
      await refused(() => split(harjuCase.id, splitBody({ personIds: [gone] })), 422, 'personIds');
    });

    it('joining or splitting a closed case, and joining into one, with 422', async () => {
      const closed = await newCase();
      const closedPerson = await addPerson(closed.id, 'suspect');
      await publishEvents(services.bus, statusChanged(closed.id, 'closed'));
      await refused(() => join(closed.id, joinBody()), 422);
      await refused(() => split(closed.id, splitBody({ personIds: [closedPerson] })), 422);
      await refused(() => join(harjuCase.id, joinBody({ intoCaseId: closed.id })), 422, 'intoCaseId');
    });

    it('reading another region’s links with 403 and an unknown case’s with 404', async () => {
      expect((await links(harjuCase.id, tartu)).status).toBe(403);
      expect(await lastAccessEvent(db)).toMatchObject({ action: 'read', resourceType: 'case-link', caseId: harjuCase.id, outcome: 'denied' });
      expect((await links(UNKNOWN)).status).toBe(404);
      expect((await links(harjuCase.id)).body).toEqual([]);
    });
  });
});
