import { Role } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { eventually, http } from '@icjims/testing';
import { PACK_SAMPLES, PackSample } from './pack-samples';

export interface ThinPathTarget {
  /** Base URL of each service by name, e.g. http://127.0.0.1:3001 */
  urls: Record<string, string>;
  tokenFor: (role: Role, region?: string) => Promise<string>;
  /** How long asynchronous propagation may take on this transport. */
  propagationMs: number;
  /** The data of the pack the services run under; the default pack's (KG) when left out. */
  pack?: PackSample;
}

/**
 * The thin path through all five services: a prosecutor registers a case, adds a suspect
 * with a national ID, walks the journal through the legal order to a sentence probation supervises,
 * which opens a probation case, sees it in the timeline, analytics counts it all, and the
 * audit log shows every call.
 */
export async function walkThinPath({ urls, tokenFor, propagationMs, pack = PACK_SAMPLES.KG }: ThinPathTarget): Promise<void> {
  const api = (service: string) => `${urls[service]}/api/v1`;
  // The sample's codes are the pack's own, so a failure below is the services', not the data's.
  const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: pack.code });
  expect(jurisdiction.region(pack.region)?.districts.map((district) => district.code)).toContain(pack.district);
  expect(jurisdiction.region(pack.otherRegion)).toBeDefined();
  expect(jurisdiction.agency(pack.agency)).toBeDefined();
  expect(jurisdiction.offence(pack.offenceArticle)).toBeDefined();
  expect(jurisdiction.checkNationalId(pack.suspect.nationalId, pack.suspect).problems).toEqual([]);
  expect(jurisdiction.pack.probation.caseTypes.some((caseType) => caseType.opensOn.some((match) => match.stepType === 'sentence' && match.where?.sentenceType === pack.supervisedSentenceType))).toBe(true);
  const prosecutor = await tokenFor('prosecutor', pack.region);
  const probationOfficer = await tokenFor('probation_officer', pack.region);
  const analyst = await tokenFor('analyst');
  const auditor = await tokenFor('auditor');

  // 1. Register a case and get its national case number.
  const correlationId = `e2e-${Date.now()}`;
  const registered = await http('POST', `${api('case-registry')}/cases`, {
    token: prosecutor,
    headers: { 'x-correlation-id': correlationId },
    body: {
      source: 'complaint',
      receivedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      registeredAt: new Date(Date.now() - 3600_000).toISOString(),
      region: pack.region,
      district: pack.district,
      agency: pack.agency,
      offenceArticle: pack.offenceArticle,
      description: pack.description,
    },
  });
  expect({ status: registered.status, body: registered.body }).toMatchObject({ status: 201 });
  expect(registered.headers.get('x-correlation-id')).toBe(correlationId);
  // The number's year is the registration's year in the pack's time zone.
  const year = jurisdiction.localYear(new Date(registered.body.registeredAt));
  expect(registered.body.caseNumber).toMatch(new RegExp(`^${pack.region}-${year}-\\d{6}$`));
  const caseId: string = registered.body.id;

  // 2. The suspect is added in case-registry with a national ID of the pack's scheme; only a
  //    pseudonymous id leaves it. An ID of another country's scheme is refused, naming the field.
  const foreign = await http('POST', `${api('case-registry')}/cases/${caseId}/persons`, {
    token: prosecutor,
    purpose: 'investigation',
    body: { role: 'suspect', person: { ...pack.suspect, nationalId: pack.foreignNationalId } },
  });
  expect(foreign.status).toBe(400);
  expect(foreign.contentType).toContain('application/problem+json');
  expect(foreign.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/nationalId$/) })]));
  const added = await http('POST', `${api('case-registry')}/cases/${caseId}/persons`, {
    token: prosecutor,
    purpose: 'investigation',
    body: { role: 'suspect', person: pack.suspect },
  });
  expect({ status: added.status, body: added.body }).toMatchObject({ status: 201 });
  const personId: string = added.body.id;
  const found = await http('POST', `${api('case-registry')}/persons/lookups`, { token: prosecutor, purpose: 'investigation', body: { nationalId: pack.suspect.nationalId } });
  expect({ status: found.status, body: found.body }).toMatchObject({ status: 200, body: { id: personId, dateOfBirth: pack.suspect.dateOfBirth } });

  // 3. case.registered and person.added reach procedural-steps; the journal then walks the legal
  //    order to a probation sentence (each step a minute after the last, all in the past).
  await eventually(async () => ((await http('GET', `${api('procedural-steps')}/cases/${caseId}/steps`, { token: prosecutor })).status === 200 ? true : undefined), propagationMs, 'the case to reach procedural-steps');
  const journal: [string, Record<string, unknown>][] = [
    ['investigation_started', {}],
    ['suspicion_notified', { personId, details: { offenceArticle: pack.offenceArticle } }],
    ['indictment', {}],
    ['verdict', { personId, details: { outcome: 'conviction' } }],
    ['sentence', { personId, details: { sentenceType: pack.supervisedSentenceType, termMonths: 12 } }],
  ];
  const firstAt = Date.now() - 60 * 60_000;
  const stepIds: Record<string, string> = {};
  for (const [index, [stepType, fields]] of journal.entries()) {
    const body = { stepType, occurredAt: new Date(firstAt + index * 60_000).toISOString(), ...fields };
    // A person-level step is refused on personId until person.added has arrived.
    const recorded = await eventually(async () => {
      const response = await http('POST', `${api('procedural-steps')}/cases/${caseId}/steps`, { token: prosecutor, body });
      return response.status === 400 && 'personId' in fields ? undefined : response;
    }, propagationMs, `${stepType} to be accepted`);
    expect({ stepType, status: recorded.status, body: recorded.body }).toMatchObject({ stepType, status: 201 });
    stepIds[stepType] = recorded.body.id;
  }
  const occurredAt = new Date().toISOString();
  const unknown = await http('POST', `${api('procedural-steps')}/cases/00000000-0000-4000-8000-000000000000/steps`, { token: prosecutor, body: { stepType: 'investigation_started', occurredAt } });
  expect(unknown.status).toBe(404);
  expect(unknown.contentType).toContain('application/problem+json');

  // 4. The timeline shows the steps in order, in the language asked for among the pack's.
  const timeline = await http('GET', `${api('procedural-steps')}/cases/${caseId}/timeline`, { token: prosecutor, purpose: 'investigation', headers: { 'accept-language': pack.language } });
  expect({ status: timeline.status, caseNumber: timeline.body.caseNumber }).toEqual({ status: 200, caseNumber: registered.body.caseNumber });
  expect(timeline.headers.get('content-language')).toBe(pack.language);
  const entries: { step: { id: string; stepType: string }; title: string }[] = timeline.body.entries;
  expect(entries.map((entry) => entry.step.stepType)).toEqual(['registration', ...journal.map(([stepType]) => stepType)]);
  // Each title is the step type's label in that language, as the step-type catalogue gives it.
  const stepTypes = await http('GET', `${api('procedural-steps')}/step-types`, { token: prosecutor, headers: { 'accept-language': pack.language } });
  const titleOf = new Map((stepTypes.body as { code: string; title: string }[]).map((type) => [type.code, type.title]));
  expect(entries.find((entry) => entry.step.stepType === 'sentence')).toMatchObject({ step: { id: stepIds.sentence }, title: titleOf.get('sentence') });

  // 5. The probation sentence opens a probation case.
  const probationCase = await eventually(async () => {
    const list = await http('GET', `${api('probation')}/probation-cases?caseId=${caseId}`, { token: probationOfficer });
    return list.status === 200 && list.body.length === 1 ? list.body[0] : undefined;
  }, propagationMs, 'the probation case to open');
  expect(probationCase).toMatchObject({ caseId, personId, termMonths: 12, status: 'active' });

  // 6. A correction of the sentence's term reaches the probation case (the journal keeps both steps).
  const correction = await http('POST', `${api('procedural-steps')}/cases/${caseId}/steps`, {
    token: prosecutor,
    body: {
      stepType: 'correction',
      occurredAt,
      correction: { correctsStepId: stepIds.sentence, action: 'amend', reason: 'The judgment says 18 months', details: { sentenceType: pack.supervisedSentenceType, termMonths: 18 } },
    },
  });
  expect(correction.status).toBe(201);
  await eventually(async () => {
    const list = await http('GET', `${api('probation')}/probation-cases?caseId=${caseId}`, { token: probationOfficer });
    return list.body?.[0]?.termMonths === 18 ? true : undefined;
  }, propagationMs, 'the corrected term to reach the probation case');

  // 7. Analytics counts the registered case and the recorded steps by region, step type and
  //    month, the month being the pack's local one.
  const month = jurisdiction.localMonth(new Date(registered.body.registeredAt));
  await eventually(async () => {
    const cases = await http('GET', `${api('analytics')}/indicators/cases_registered?region=${pack.region}`, { token: analyst });
    return cases.body?.rows?.some((row: { period: string; value: number }) => row.period === month && row.value >= 1) ? true : undefined;
  }, propagationMs, 'analytics to count the case');
  await eventually(async () => {
    const steps = await http('GET', `${api('analytics')}/indicators/steps_recorded?region=${pack.region}&stepType=sentence`, { token: analyst });
    // A sentence concerns one person: a count under the minimum cell size is published as suppressed.
    return steps.body?.rows?.some((row: { category?: string; value: number | null; suppressed: boolean }) => row.category === 'sentence' && (row.suppressed || (row.value ?? 0) >= 1))
      ? true
      : undefined;
  }, propagationMs, 'analytics to count the sentence');

  // 8. The audit log shows the calls above (each service relays its access events on its own).
  type Entry = { service: string; action: string; resourceType: string; outcome: string; correlationId: string };
  // One query per service: the polling above leaves many probation reads of the case in the log.
  const logOf = async (service: string): Promise<Entry[]> =>
    (await http('GET', `${api('audit')}/access-logs?caseId=${caseId}&service=${service}&limit=100`, { token: auditor })).body?.items ?? [];
  await eventually(async () => {
    const [registry, steps, probation] = await Promise.all(['case-registry', 'procedural-steps', 'probation'].map(logOf));
    const complete =
      registry.some((entry) => entry.action === 'register' && entry.outcome === 'allowed' && entry.correlationId === correlationId) &&
      steps.filter((entry) => entry.action === 'record' && entry.outcome === 'allowed').length === journal.length + 1 &&
      steps.some((entry) => entry.resourceType === 'timeline' && entry.outcome === 'allowed') &&
      probation.some((entry) => entry.action === 'list');
    return complete ? true : undefined;
  }, propagationMs, 'access events of the case to reach the audit log');

  const denied = await http('GET', `${api('case-registry')}/cases/${caseId}`, { token: await tokenFor('prosecutor', pack.otherRegion), purpose: 'investigation' });
  expect(denied.status).toBe(403);
  await eventually(async () => {
    const log = await http('GET', `${api('audit')}/access-logs?caseId=${caseId}&outcome=denied`, { token: auditor });
    const items: Entry[] = log.body?.items ?? [];
    return items.some((item) => item.outcome === 'denied' && item.service === 'case-registry') ? true : undefined;
  }, propagationMs, 'the denied access to be logged');
}
