import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';

describe('case registry over HTTP', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    base = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'EE-37' });
  });
  afterAll(() => services.stop());

  const validCase = { region: 'EE-37', offenceArticle: '199-1', registeredAt: '2026-11-20T10:00:00Z', description: 'Bicycle stolen' };

  it('registers a case and returns its national case number', async () => {
    const response = await http('POST', `${base}/cases`, { token: prosecutor, body: validCase });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ region: 'EE-37', caseNumber: expect.stringMatching(/^EE-37-2026-\d{6}$/), offence: { iccsCode: '0502' } });
    const read = await http('GET', `${base}/cases/${response.body.id}`, { token: prosecutor });
    expect(read.body.caseNumber).toBe(response.body.caseNumber);
  });

  it('refuses a missing token with 401 problem+json', async () => {
    const response = await http('POST', `${base}/cases`, { body: validCase });
    expect(response.status).toBe(401);
    expect(response.contentType).toContain('application/problem+json');
  });
});
