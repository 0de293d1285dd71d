import { loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { rulesOfPack } from '../../apps/procedural-steps/src/deadlines/pack-deadline-rules';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

const REGION = { code: 'KG-X', name: 'Test region', districts: [{ code: 'one', name: 'One' }] };
const AGENCY = { code: 'TEST-AGENCY', name: 'Test agency', kind: 'internal_affairs' };

/**
 * Issue 7, "500s from bad input": `null` where an admin's reference-data PUT expects a list or
 * an object is a 400 naming the field, and nothing is written.
 */
describe('null in admin reference-data PUTs', () => {
  let services: RunningServices;
  let admin: string;
  let reference: string;
  let deadlineRules: string;

  beforeAll(async () => {
    services = await startServices([caseRegistryService, proceduralStepsService]);
    admin = await services.tokenFor('admin');
    reference = `${services.urls['case-registry']}/api/v1/reference`;
    deadlineRules = `${services.urls['procedural-steps']}/api/v1/deadline-rules`;
  }, 60_000);
  afterAll(() => services?.stop());

  it.each<[string, string, Record<string, unknown>, string]>([
    ['the list', 'regions', { regions: null }, 'regions'],
    ['a list item', 'regions', { regions: [null] }, 'regions.0'],
    ['the districts of a region', 'regions', { regions: [{ ...REGION, districts: null }] }, 'regions.0.districts'],
    ['the removals', 'regions', { regions: [REGION], remove: null }, 'remove'],
    ['a removal', 'regions', { regions: [REGION], remove: [null] }, 'remove'],
    ['the agencies with removals', 'agencies', { agencies: [AGENCY], remove: null }, 'remove'],
    ['the offences', 'offences', { offences: null }, 'offences'],
  ])('refuses null for %s of PUT /reference/%s with 400 naming it, writing nothing', async (_scenario, list, body, field) => {
    const before = await http('GET', `${reference}/${list}`, { token: admin });
    const response = await http('PUT', `${reference}/${list}`, { token: admin, body });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await http('GET', `${reference}/${list}`, { token: admin })).body).toEqual(before.body);
  });

  // A rule of the pack the services run under (the environment's, KG by default), as the service holds it.
  const rule = rulesOfPack(loadJurisdiction(process.env).pack)[0];
  it.each<[string, Record<string, unknown>]>([
    ...['startsWith', 'term', 'extendedBy', 'stoppedBy', 'warnBefore'].map((key): [string, Record<string, unknown>] => [key, { ...rule, [key]: null }]),
    ['startsWith.0', { ...rule, startsWith: [null] }],
    ['startsWith.0.where', { ...rule, startsWith: [{ ...rule.startsWith[0], where: null }] }],
  ])('refuses null for %s of a deadline rule with 400, leaving the rule as it was', async (field, body) => {
    const before = await http('GET', deadlineRules, { token: admin });
    const response = await http('PUT', `${deadlineRules}/${rule.code}`, { token: admin, body });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining(field.split('.')[0]) })]));
    expect((await http('GET', deadlineRules, { token: admin })).body).toEqual(before.body);
  });
});
