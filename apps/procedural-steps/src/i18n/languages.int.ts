import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';

/** Step types, a refusal's title and the printable timeline follow Accept-Language among the pack's languages; codes and problem types do not. */
describe('procedural-steps in the request’s language', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;
  let caseId: string;

  beforeAll(async () => {
    services = await startProceduralSteps({ jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }) });
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    caseId = await announceCase(services.bus, { region: 'KG-GB' });
    const suspect = await addPerson(services.bus, caseId);
    await recordStep({ base, token: prosecutor }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    await recordStep({ base, token: prosecutor }, caseId, { stepType: 'detention', occurredAt: '2026-11-04T08:00:00Z', personId: suspect });
  });
  afterAll(() => services.stop());

  const stepTypes = async (language: string) =>
    (await http<{ code: string; title: string; fields: { name: string; description: string }[] }[]>('GET', `${base}/step-types`, { token: prosecutor, headers: { 'Accept-Language': language } }));

  it.each([
    ['ky', 'Кармоо', 'Кармоонун негизи'],
    ['ru', 'Задержание', 'Основание задержания'],
    ['en', 'Detention', 'Why the person was detained'],
    // Kazakh is not a KG language: English answers.
    ['kk', 'Detention', 'Why the person was detained'],
  ])('lists step types in %s', async (language, title, groundDescription) => {
    const response = await stepTypes(language);
    const detention = response.body.find((type) => type.code === 'detention')!;
    expect([detention.title, detention.fields.find((field) => field.name === 'ground')?.description]).toEqual([title, groundDescription]);
  });

  it('titles a legal-order refusal in the request’s language, with the same type', async () => {
    const refuse = (language: string) =>
      http<{ type: string; title: string; status: number }>('POST', `${base}/cases/${caseId}/steps`, {
        token: prosecutor,
        headers: { 'Accept-Language': language },
        body: { stepType: 'investigation_started', occurredAt: '2026-11-05T08:00:00Z' },
      });
    const [english, russian, kyrgyz] = [await refuse('en'), await refuse('ru'), await refuse('ky')];
    expect(english.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect(russian.body).toMatchObject({ status: 409, type: english.body.type, title: 'Конфликт' });
    expect(kyrgyz.body).toMatchObject({ status: 409, type: english.body.type, title: 'Карама-каршылык' });
    expect(russian.headers.get('content-language')).toBe('ru');
  });

  it('prints the timeline in the request’s language', async () => {
    const response = await fetch(`${base}/cases/${caseId}/timeline/document`, {
      headers: { authorization: `Bearer ${prosecutor}`, 'x-purpose': 'court_preparation', 'accept-language': 'ky' },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="ky">');
    expect(html).toContain('ишинин процесстик журналы');
    expect(html).toContain('<td>Кармоо</td>');
    const timeline = await http<{ entries: { title: string }[] }>('GET', `${base}/cases/${caseId}/timeline`, {
      token: prosecutor,
      headers: { 'Accept-Language': 'ru', 'X-Purpose': 'court_preparation' },
    });
    expect(timeline.body.entries.map((entry) => entry.title)).toEqual(['Регистрация сообщения о преступлении', 'Начало досудебного расследования', 'Задержание']);
  });

  it('titles a deadline in the request’s language, from the rule’s labels', async () => {
    const listed = (language: string) =>
      http<{ items: { caseId: string; rule: string; title: string }[] }>('GET', `${base}/deadlines?state=running&limit=100`, { token: prosecutor, headers: { 'Accept-Language': language } });
    const titleIn = async (language: string) => (await listed(language)).body.items.find((item) => item.caseId === caseId && item.rule === 'detention_court_decision')?.title;
    expect(await titleIn('ru')).toBe('Задержанный: решение суда о заключении под стражу или освобождение в течение 48 часов');
    expect(await titleIn('en')).toBe('Detained suspect: court decision on custody, or release, within 48 hours');
  });
});
