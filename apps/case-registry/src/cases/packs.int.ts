import { jurisdictionOf, loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { Body, registerCase, registration } from '../case-registry.fixtures';

/**
 * The thin path of case-registry on each shipped pack: a case registered with the pack's
 * region, district, agency and article, and a suspect with the pack's national ID. What the
 * pack decides shows in the answers: the case number's year in its zone, the ID's date of
 * birth, the citizenship group, the offence title in the pack's language.
 */
describe.each<[string, { place: Body; offence: string; title: [string, string]; nationalId: string; born: string; sex: string; foreignId: string; newYear: [string, string] }]>([
  [
    'KG',
    {
      place: { region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB' },
      offence: '209-1',
      title: ['ru', 'Мошенничество (часть 1)'],
      nationalId: '21503199012345',
      born: '1990-03-15',
      sex: 'male',
      foreignId: '850615300129',
      // 00:30 on 1 January in Bishkek (UTC+6)
      newYear: ['2025-12-31T18:00:00Z', '2025-12-31T18:30:00Z'],
    },
  ],
  [
    'KZ',
    {
      place: { region: 'KZ-75', district: 'almaly', agency: 'DP-75' },
      offence: '190-1',
      title: ['kk', 'Алаяқтық'],
      nationalId: '850615300129',
      born: '1985-06-15',
      sex: 'male',
      foreignId: '21503199012345',
      // 00:30 on 1 January in Almaty (UTC+5)
      newYear: ['2025-12-31T19:00:00Z', '2025-12-31T19:30:00Z'],
    },
  ],
  [
    'EE',
    {
      place: { region: 'EE-37', district: 'tallinn', agency: 'PPA-NORTH' },
      offence: '199-1',
      title: ['et', 'Vargus'],
      nationalId: '49403136515',
      born: '1994-03-13',
      sex: 'female',
      foreignId: '21503199012345',
      // 00:30 on 1 January in Tallinn (UTC+2 in winter)
      newYear: ['2025-12-31T22:00:00Z', '2025-12-31T22:30:00Z'],
    },
  ],
])('case-registry under the %s pack', (code, sample) => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService], { jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: code }) });
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: sample.place.region as string });
  });
  afterAll(() => services.stop());

  it('registers a case with the pack’s data and a suspect with the pack’s national ID', async () => {
    const [receivedAt, registeredAt] = sample.newYear;
    const registered = await registerCase(api, prosecutor, { ...sample.place, offenceArticle: sample.offence, receivedAt, registeredAt });
    expect(registered.caseNumber).toBe(`${sample.place.region}-2026-000001`);
    const [language, title] = sample.title;
    const offences = await http('GET', `${api}/reference/offences`, { token: prosecutor, headers: { 'Accept-Language': language } });
    expect(offences.body).toContainEqual(expect.objectContaining({ article: sample.offence, title }));

    const person = { givenName: 'Test', familyName: 'Person', nationalId: sample.nationalId, sex: sample.sex, citizenship: code };
    const added = await http('POST', `${api}/cases/${registered.id}/persons`, { token: prosecutor, body: { person, role: 'suspect' }, purpose: 'investigation' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ nationalId: sample.nationalId, dateOfBirth: sample.born, sex: sample.sex, citizenshipGroup: 'national' });
  });

  it('refuses another country’s national ID and an agency or article of another pack with 400 naming the field', async () => {
    const registered = await registerCase(api, prosecutor, { ...sample.place, offenceArticle: sample.offence });
    const person = { givenName: 'Test', familyName: 'Person', nationalId: sample.foreignId, sex: 'male' };
    const added = await http('POST', `${api}/cases/${registered.id}/persons`, { token: prosecutor, body: { person, role: 'suspect' }, purpose: 'investigation' });
    expect(added.status).toBe(400);
    expect(added.body.errors.map((error: { field: string }) => error.field)).toEqual(['person.nationalId']);

    const foreignAgency = code === 'KG' ? 'KNB-KZ' : 'GKNB-KG';
    const refused = await http('POST', `${api}/cases`, { token: prosecutor, body: registration({ ...sample.place, agency: foreignAgency, offenceArticle: '999-9' }) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['agency', 'offenceArticle']));
  });
});

/** The case number and the registration term are the pack's: other ones give other numbers and flags, in the API and in the event alike. */
describe('case-registry under a pack with its own case-number format and registration term', () => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;

  beforeAll(async () => {
    const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
    const pack = {
      ...structuredClone(kg.pack),
      caseNumber: { format: 'UD/{year}/{region}.{sequence}', sequenceDigits: 8 },
      recordingTerms: { ...kg.pack.recordingTerms, registration: { term: { amount: 2, unit: 'hours' as const } } },
    };
    services = await startServices([caseRegistryService], { jurisdiction: jurisdictionOf(pack, 'a test pack') });
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  it('numbers cases as the pack writes them, gapless per region and year', async () => {
    const place = { region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', registeredAt: '2026-03-10T10:00:00Z', receivedAt: '2026-03-10T09:00:00Z' };
    const first = await registerCase(api, prosecutor, place);
    const second = await registerCase(api, prosecutor, place);
    expect([first.caseNumber, second.caseNumber]).toEqual(['UD/2026/KG-GB.00000001', 'UD/2026/KG-GB.00000002']);
    expect((await http<{ caseNumber: string }>('GET', `${api}/cases/${first.id}`, { token: prosecutor, purpose: 'investigation' })).body.caseNumber).toBe('UD/2026/KG-GB.00000001');
    const { rows } = await services.db.query(`SELECT value FROM case_registry.outbox WHERE event_type LIKE '%case.registered%' AND value LIKE $1`, [`%${first.id}%`]);
    expect(rows.map((row: { value: string }) => JSON.parse(row.value).data.caseNumber)).toEqual(['UD/2026/KG-GB.00000001']);
  });

  it('flags a registration late past the pack’s registration term, not past a term of its own', async () => {
    const place = { region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', receivedAt: '2026-03-10T09:00:00Z' };
    const onTime = await registerCase(api, prosecutor, { ...place, registeredAt: '2026-03-10T11:00:00Z' });
    const late = await registerCase(api, prosecutor, { ...place, registeredAt: '2026-03-10T11:00:01Z' });
    expect([onTime.registeredLate, late.registeredLate]).toEqual([false, true]);
    const { rows } = await services.db.query(`SELECT value FROM case_registry.outbox WHERE event_type LIKE '%case.registered%' AND value LIKE $1`, [`%${late.id}%`]);
    expect(JSON.parse(rows[0].value).data.registeredLate).toBe(true);
  });
});
