import { Client } from 'pg';
import { CloudEvent } from '@icjims/contracts';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { lastAccessEvent } from '../case-registry.fixtures';
import { caseRegistryService } from '../case-registry.service';
import { foreignPerson, nationalPerson, registerCase } from '../persons/persons.fixtures';
import { probationCase } from './supervision.fixtures';

/** The purpose a probation officer states for reading the person they supervise. */
const PURPOSE = 'supervision';
const LENINSKY = 'PR-KG-GB-LENINSKY';
const OKTYABRSKY = 'PR-KG-GB-OKTYABRSKY';
const ALAMUDUN = 'PR-KG-C-ALAMUDUN';
const UNKNOWN = '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01';

/** A problem without what differs from one request to the next (the path asked for, the correlation id). */
const comparable = (problem: Record<string, unknown>) => ({ ...problem, instance: undefined, correlationId: undefined });

describe('the persons a probation office supervises (person visibility for probation)', () => {
  let services: RunningServices;
  let base: string;
  let db: Client;
  let prosecutor: string;
  let officerA: string;
  let officerB: string;
  let supervisorA: string;
  let supervisorB: string;
  let officerKgC: string;
  let officerWithoutOffice: string;
  let dpo: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    db = services.db;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB', sub: 'gb-prosecutor' });
    officerA = await services.tokenFor('probation_officer', { region: 'KG-GB', office: LENINSKY, sub: 'officer-a' });
    officerB = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OKTYABRSKY, sub: 'officer-b' });
    supervisorA = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: LENINSKY, sub: 'supervisor-a' });
    supervisorB = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OKTYABRSKY, sub: 'supervisor-b' });
    officerKgC = await services.tokenFor('probation_officer', { region: 'KG-C', office: ALAMUDUN, sub: 'officer-c' });
    officerWithoutOffice = await services.tokenFor('probation_officer', { region: 'KG-GB', sub: 'officer-nowhere' });
    dpo = await services.tokenFor('data_protection_officer', { sub: 'dpo' });
  });
  afterAll(() => services.stop());

  // The in-process bus hands a message to the consumer before publish resolves.
  const publish = (...events: CloudEvent<unknown>[]) => publishEvents(services.bus, ...events);
  /** `purpose` null sends no X-Purpose. */
  const read = (personId: string, token: string, purpose: string | null = PURPOSE) => http('GET', `${base}/persons/${personId}`, { token, purpose: purpose ?? undefined });
  const add = async (caseId: string, body: unknown) => {
    const response = await http('POST', `${base}/cases/${caseId}/persons`, { token: prosecutor, body, purpose: 'prosecution' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const supervision = async (probationCaseId: string) =>
    (await db.query(`SELECT person_id, office, officer_id, region, ended_at IS NOT NULL AS ended, sequence FROM case_registry.probation_supervisions WHERE probation_case_id = $1`, [probationCaseId]))
      .rows[0];

  /** A sentenced person (with an address) and a victim in one KG-GB case, and the probation case of the sentenced one, opened. */
  async function sentenced() {
    const caseId = await registerCase(base, prosecutor);
    const personId = await add(caseId, { person: nationalPerson({ address: 'Chui 120, Bishkek' }), role: 'accused' });
    const victimId = await add(caseId, { person: foreignPerson({ address: 'Manas 5, Bishkek' }), role: 'victim' });
    const order = probationCase(caseId, personId);
    await publish(order.opened());
    return { caseId, personId, victimId, order };
  }

  /** Exactly the answer for a record that does not exist. */
  async function expectUnseen(personId: string, token: string) {
    const [hidden, unknown] = [await read(personId, token), await read(UNKNOWN, token)];
    expect(hidden.status).toBe(404);
    expect(comparable(hidden.body)).toEqual(comparable(unknown.body));
  }

  it('shows an officer of the office the case is allocated to the identity and contact details, with the purpose in the access entry', async () => {
    const { caseId, personId, order } = await sentenced();
    await expectUnseen(personId, officerA); // opened, not allocated yet: no office sees them
    await publish(order.allocated(LENINSKY, { officerId: 'officer-a' }));

    const response = await read(personId, officerA);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: personId, givenName: 'Aigerim', familyName: 'Asanova', address: 'Chui 120, Bishkek', mergedInto: null });
    expect(response.body.nationalId).toMatch(/^\d{14}$/);
    expect(response.body.cases.map((found: { caseId: string }) => found.caseId)).toEqual([caseId]);
    expect(await lastAccessEvent(db)).toMatchObject({
      actor: { sub: 'officer-a' },
      action: 'read',
      resourceType: 'person',
      resourceId: personId,
      purpose: PURPOSE,
      personIds: [personId],
      outcome: 'allowed',
    });
    // the supervisor of the office too
    expect((await read(personId, supervisorA)).status).toBe(200);
    expect(await supervision(order.probationCaseId)).toEqual({ person_id: personId, office: LENINSKY, officer_id: 'officer-a', region: 'KG-GB', ended: false, sequence: 2 });
  });

  it('answers an officer or supervisor of another office, or one without an office, exactly as for a record that does not exist', async () => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY));
    await expectUnseen(personId, officerB);
    await expectUnseen(personId, supervisorB);
    await expectUnseen(personId, officerWithoutOffice);
    await expectUnseen(personId, officerKgC);
  });

  it('shows nobody else of the criminal case, and none of the person’s other cases', async () => {
    const { caseId, personId, victimId, order } = await sentenced();
    await publish(order.allocated(LENINSKY));
    await expectUnseen(victimId, officerA);
    // the person in another case of the region, as a witness: still only the case of the order is shown
    const otherCaseId = await registerCase(base, prosecutor);
    await add(otherCaseId, { personId, role: 'witness' });
    expect((await read(personId, prosecutor, 'prosecution')).body.cases).toHaveLength(2);
    expect((await read(personId, officerA)).body.cases.map((found: { caseId: string }) => found.caseId)).toEqual([caseId]);
    // and the case's list of persons, a person's cases and lookups stay closed to the role
    expect((await http('GET', `${base}/cases/${caseId}/persons`, { token: officerA, purpose: PURPOSE })).status).toBe(403);
    expect((await http('GET', `${base}/persons/${personId}/cases`, { token: officerA, purpose: PURPOSE })).status).toBe(403);
    expect((await http('POST', `${base}/persons/lookups`, { token: officerA, purpose: PURPOSE, body: { nationalId: '11303199400042' } })).status).toBe(403);
  });

  it('moves the sight of the person with a transfer, and keeps it in the office through a reallocation', async () => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY, { officerId: 'officer-a' }), order.allocated(LENINSKY, { officerId: 'officer-a2', kind: 'reallocation' }));
    expect((await read(personId, officerA)).status).toBe(200);
    await publish(order.allocated(OKTYABRSKY, { officerId: 'officer-b', kind: 'transfer' }));
    await expectUnseen(personId, officerA);
    expect((await read(personId, officerB)).status).toBe(200);
    // to an office of another region: its officers see the person, with the case of the order though it stays in KG-GB
    await publish(order.allocated(ALAMUDUN, { officerId: 'officer-c', kind: 'transfer', region: 'KG-C' }));
    await expectUnseen(personId, officerB);
    const seen = await read(personId, officerKgC);
    expect(seen.status).toBe(200);
    expect(seen.body.cases).toHaveLength(1);
    expect(seen.body.cases[0].region).toBe('KG-GB');
  });

  it.each([
    ['ended', (order: ReturnType<typeof probationCase>) => order.ended()],
    ['annulled', (order: ReturnType<typeof probationCase>) => order.annulled()],
  ])('ends the sight of the person once supervision is %s', async (_end, end) => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY));
    expect((await read(personId, officerA)).status).toBe(200);
    await publish(end(order));
    await expectUnseen(personId, officerA);
    await expectUnseen(personId, supervisorA);
    // a correction after the end does not bring it back
    await publish(order.entry('amended', { sourceStepId: UNKNOWN, correctionStepId: UNKNOWN, termMonths: 6, startsOn: '2026-11-20', endsOn: '2027-05-19' }));
    await expectUnseen(personId, officerA);
  });

  it('keeps the sight of the person while they are wanted: absconding does not end supervision', async () => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY), order.entry('absconded', { since: '2026-11-25' }, { status: 'absconded' }));
    expect((await read(personId, officerA)).status).toBe(200);
  });

  it('gives a caller with a case-working and a probation role what either reaches', async () => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(ALAMUDUN, { region: 'KG-C' }));
    const both = await services.tokenFor(['investigator', 'probation_officer'], { region: 'KG-C', office: ALAMUDUN, sub: 'investigator-and-officer' });
    const kgcCase = await registerCase(base, await services.tokenFor('prosecutor', { region: 'KG-C' }), { region: 'KG-C' });
    const local = await http('POST', `${base}/cases/${kgcCase}/persons`, { token: both, body: { person: foreignPerson(), role: 'witness' }, purpose: 'investigation' });
    expect(local.status).toBe(201);
    expect((await read(personId, both)).status).toBe(200);
    expect((await read(local.body.id, both, 'investigation')).status).toBe(200);
    // the probation role alone reaches only the supervised person
    await expectUnseen(local.body.id, officerKgC);
  });

  it('follows a correction of the person supervised', async () => {
    const { caseId, personId, order } = await sentenced();
    const corrected = await add(caseId, { person: nationalPerson({ givenName: 'Nurlan', sex: 'male' }), role: 'accused' });
    await publish(order.allocated(LENINSKY));
    await publish(order.entry('amended', { sourceStepId: UNKNOWN, correctionStepId: UNKNOWN, termMonths: 12, startsOn: '2026-11-20', endsOn: '2027-11-19', personId: corrected }, { personId: corrected }));
    await expectUnseen(personId, officerA);
    expect((await read(corrected, officerA)).body.givenName).toBe('Nurlan');
  });

  it('sees the live record of a supervised record merged since', async () => {
    const caseId = await registerCase(base, prosecutor);
    const surviving = await add(caseId, { person: nationalPerson(), role: 'accused' });
    const duplicate = await add(caseId, { person: foreignPerson({ givenName: 'Aigerim', familyName: 'Asanova' }), role: 'witness' });
    const order = probationCase(caseId, duplicate);
    await publish(order.opened(), order.allocated(LENINSKY));
    const merge = await http('POST', `${base}/persons/${surviving}/merges`, { token: prosecutor, body: { mergedPersonId: duplicate, reason: 'Duplicate record' } });
    expect(merge.status).toBe(201);
    expect((await read(surviving, officerA)).status).toBe(200);
    expect((await read(duplicate, officerA)).body.mergedInto).toBe(surviving);
  });

  it('applies an entry once, however often it comes and under whatever event id', async () => {
    const { personId, order } = await sentenced();
    const toA = order.allocated(LENINSKY, { officerId: 'officer-a' });
    await publish(toA, order.allocated(OKTYABRSKY, { officerId: 'officer-b', kind: 'transfer' }));
    const before = await supervision(order.probationCaseId);
    await publish(toA); // the same event again
    await publish({ ...toA, id: '0b6c7a1e-2d3f-4a5b-8c6d-7e8f9a0b1c2d' }); // the same entry under another event id
    expect(await supervision(order.probationCaseId)).toEqual(before);
    expect(before).toMatchObject({ office: OKTYABRSKY, sequence: 3 });
    await expectUnseen(personId, officerA);
    expect((await read(personId, officerB)).status).toBe(200);
  });

  it('keeps the restriction first: an officer of the office is refused with 403 restricted-record, flagged', async () => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY));
    const restriction = await http('PUT', `${base}/persons/${personId}/restriction`, {
      token: dpo,
      body: { roles: ['prosecutor'], until: '2099-01-01T00:00:00.000Z', reason: 'Protected under a court order' },
    });
    expect(restriction.status).toBe(200);
    const refused = await read(personId, officerA);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toContain('restricted-record');
    expect(JSON.stringify(refused.body)).not.toContain('Chui');
    expect(await lastAccessEvent(db)).toMatchObject({ outcome: 'denied', flags: ['restricted-record'], purpose: PURPOSE });
    // a restriction naming the role lets the office read again
    await http('PUT', `${base}/persons/${personId}/restriction`, { token: dpo, body: { roles: ['probation_officer'], until: '2099-01-01T00:00:00.000Z', reason: 'Supervision only' } });
    expect((await read(personId, officerA)).status).toBe(200);
  });

  it.each([
    ['without X-Purpose', null],
    ['with a purpose not on the list', 'curiosity'],
  ])('refuses a read %s with 400 naming X-Purpose, as for other roles', async (_scenario, purpose) => {
    const { personId, order } = await sentenced();
    await publish(order.allocated(LENINSKY));
    const response = await read(personId, officerA, purpose);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'X-Purpose' })]);
  });

  it('dead-letters an allocation it cannot apply, with the reason, changes nothing and goes on', async () => {
    const deadLetters = async () => (await db.query(`SELECT headers->>'x-dead-letter-reason' AS reason FROM case_registry.outbox WHERE event_type = 'dead-letter' ORDER BY position`)).rows;
    const { personId, order } = await sentenced();
    const before = [(await deadLetters()).length, await supervision(order.probationCaseId)];
    await publish(order.entry('allocated', { office: 'not an office', officerId: 'officer-a', kind: 'initial' }));
    const after = await deadLetters();
    expect([after.length, await supervision(order.probationCaseId)]).toEqual([(before[0] as number) + 1, before[1]]);
    expect(after[after.length - 1].reason).toContain('details.office');
    await expectUnseen(personId, officerA);
    await publish(order.allocated(LENINSKY));
    expect((await read(personId, officerA)).status).toBe(200);
  });

  it('keeps nothing of a pre-sentence report’s stream', async () => {
    const { caseId, personId } = await sentenced();
    const report = probationCase(caseId, personId);
    await publish(report.entry('report_requested', { sourceStepId: UNKNOWN, requestedBy: 'court', dueOn: '2026-12-20' }, { stream: 'pre_sentence_report' }));
    await publish(report.entry('allocated', { office: LENINSKY, officerId: 'officer-a', kind: 'initial' }, { stream: 'pre_sentence_report', office: LENINSKY }));
    expect(await supervision(report.probationCaseId)).toBeUndefined();
    await expectUnseen(personId, officerA);
  });
});
