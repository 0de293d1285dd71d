import { Role } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { eventually, http } from '@icjims/testing';
import { PACK_SAMPLES } from './pack-samples';

export interface ProbationPathTarget {
  /** Base URL of each service by name, e.g. http://127.0.0.1:3001 */
  urls: Record<string, string>;
  tokenFor: (role: Role, region?: string, claims?: { office?: string; sub?: string }) => Promise<string>;
  /** How long asynchronous propagation may take on this transport. */
  propagationMs: number;
}

const DAY = 86_400_000;

/**
 * Probation from the court's decision to the end of supervision, under the KG pack, through all
 * five services: a sentence recorded in procedural-steps (400 days ago, 24 months with
 * obligations) → intake → allocation to the office suggested → plan → a contact scheduled and
 * attended → a violation → a submission to court for extension → the court's decision → a
 * correction of the sentence's term that makes the term run out → completion by probation's
 * round (the services run it every few seconds: PROBATION_ROUND_INTERVAL_SECONDS) → analytics'
 * probation indicators count the case started and completed.
 */
export async function walkProbationPath({ urls, tokenFor, propagationMs }: ProbationPathTarget): Promise<void> {
  const api = (service: string) => `${urls[service]}/api/v1`;
  const pack = PACK_SAMPLES.KG;
  const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: pack.code });
  const prosecutor = await tokenFor('prosecutor', pack.region);
  const supervisor = await tokenFor('probation_supervisor', pack.region, { sub: 'supervisor-e2e' });
  const analyst = await tokenFor('analyst');
  const expectCreated = (response: Awaited<ReturnType<typeof http>>, what: string) => {
    if (response.status !== 200 && response.status !== 201) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  };

  // 1. A case whose sentence was passed 400 days ago: registered, a suspect added, the journal walked to the sentence.
  const longAgo = Date.now() - 400 * DAY;
  const registered = await http('POST', `${api('case-registry')}/cases`, {
    token: prosecutor,
    body: {
      source: 'complaint',
      receivedAt: new Date(longAgo - 2 * 3600_000).toISOString(),
      registeredAt: new Date(longAgo - 3600_000).toISOString(),
      region: pack.region,
      district: pack.district,
      agency: pack.agency,
      offenceArticle: pack.offenceArticle,
      description: pack.description,
    },
  });
  expectCreated(registered, 'registration');
  const caseId: string = registered.body.id;
  // Another person than the thin path's suspect (another serial of the same birth date).
  const suspect = { ...pack.suspect, nationalId: `${pack.suspect.nationalId.slice(0, 9)}${String(10_000 + Math.floor(Math.random() * 89_999))}` };
  const added = await http('POST', `${api('case-registry')}/cases/${caseId}/persons`, { token: prosecutor, purpose: 'investigation', body: { role: 'suspect', person: suspect } });
  expectCreated(added, 'the suspect');
  const personId: string = added.body.id;
  await eventually(async () => ((await http('GET', `${api('procedural-steps')}/cases/${caseId}/steps`, { token: prosecutor })).status === 200 ? true : undefined), propagationMs, 'the case to reach procedural-steps');
  const obligations = ['report_regularly', 'curfew'];
  const journal: [string, Record<string, unknown>][] = [
    ['investigation_started', {}],
    ['suspicion_notified', { personId, details: { offenceArticle: pack.offenceArticle } }],
    ['indictment', {}],
    ['verdict', { personId, details: { outcome: 'conviction' } }],
    ['sentence', { personId, details: { sentenceType: 'probation', termMonths: 24, obligations } }],
  ];
  let sentenceStepId = '';
  for (const [index, [stepType, fields]] of journal.entries()) {
    const body = { stepType, occurredAt: new Date(longAgo + index * 60_000).toISOString(), ...fields };
    const recorded = await eventually(async () => {
      const response = await http('POST', `${api('procedural-steps')}/cases/${caseId}/steps`, { token: prosecutor, body });
      return response.status === 400 && 'personId' in fields ? undefined : response;
    }, propagationMs, `${stepType} to be accepted`);
    expectCreated(recorded, stepType);
    sentenceStepId = recorded.body.id;
  }

  // 2. Intake: the sentence opens a probation case of the pack's type, with the court's obligations as data.
  const opened = await eventually(async () => {
    const list = await http('GET', `${api('probation')}/probation-cases?caseId=${caseId}`, { token: supervisor });
    return list.status === 200 && list.body.length === 1 ? list.body[0] : undefined;
  }, propagationMs, 'the probation case to open');
  expect(opened).toMatchObject({ caseId, personId, sourceStepId: sentenceStepId, caseType: 'probation_supervision', termMonths: 24, obligations, status: 'active', office: null, version: 1 });
  const id: string = opened.id;
  const command = async (token: string, method: 'POST' | 'PUT', path: string, body: object) => {
    const response = await http(method, `${api('probation')}/probation-cases/${id}/${path}`, { token, body, headers: { 'idempotency-key': `${id}-${path}` } });
    expectCreated(response, path);
    return response.body;
  };

  // 3. Allocation to the office the suggestions put first (lightest caseload per officer), and its officer.
  const suggestions = await http('GET', `${api('probation')}/probation-cases/${id}/allocation-suggestions`, { token: supervisor });
  expect(suggestions.status).toBe(200);
  const office: string = suggestions.body[0].office;
  expect(jurisdiction.pack.probation.offices.find((candidate) => candidate.code === office)?.region).toBe(pack.region);
  const officer = await tokenFor('probation_officer', pack.region, { office, sub: 'officer-e2e' });
  const officeSupervisor = await tokenFor('probation_supervisor', pack.region, { office, sub: 'supervisor-e2e' });
  expect(await command(officeSupervisor, 'POST', 'allocations', { kind: 'initial', office, officerId: 'officer-e2e', expectedVersion: 1 })).toMatchObject({ office, officerId: 'officer-e2e', version: 2 });

  // 4. The plan, and a contact scheduled and attended.
  await command(officer, 'PUT', 'plan', { items: [{ obligation: 'report_regularly', everyDays: 14 }, { obligation: 'curfew' }] });
  const scheduled = await command(officer, 'POST', 'contacts', { contactKind: 'office_appointment', scheduledFor: new Date().toISOString() });
  const attended = await command(officer, 'POST', 'contact-records', { contactId: scheduled.contacts[0].contactId, contactKind: 'office_appointment', outcome: 'attended', note: 'First meeting' });
  expect(attended.firstMeetingAt).toEqual(expect.any(String));

  // 5. A violation, a submission to court for extension, and the court's decision: one more month.
  const violated = await command(officer, 'POST', 'violations', { obligation: 'curfew', violationType: 'obligation_breach', occurredOn: new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10) });
  const { violationId } = violated.violations[0];
  const submitted = await command(officer, 'POST', 'court-submissions', { request: 'extension', violationId });
  const decided = await command(officer, 'POST', `court-submissions/${submitted.submissions[0].submissionId}/decision`, { granted: true, extensionMonths: 1 });
  expect(decided.endsOn > opened.endsOn).toBe(true);

  // 6. The prosecutor corrects the sentence to 10 months: with the court's month the term ran out two months ago.
  const correction = await http('POST', `${api('procedural-steps')}/cases/${caseId}/steps`, {
    token: prosecutor,
    body: {
      stepType: 'correction',
      occurredAt: new Date().toISOString(),
      correction: { correctsStepId: sentenceStepId, action: 'amend', reason: 'The judgment says 10 months', details: { sentenceType: 'probation', termMonths: 10, obligations } },
    },
  });
  expectCreated(correction, 'the correction');

  // 7. Probation's round completes the case at the end of its term: nothing stays active past its end.
  const completed = await eventually(async () => {
    const read = await http('GET', `${api('probation')}/probation-cases/${id}`, { token: officer });
    return read.body?.status === 'completed' ? read.body : undefined;
  }, propagationMs, 'the probation case to complete');
  expect(completed).toMatchObject({ termMonths: 10, ended: { end: 'completed' } });
  expect(completed.endsOn < new Date().toISOString().slice(0, 10)).toBe(true);
  const journalEntries = await http('GET', `${api('probation')}/probation-cases/${id}/journal`, { token: officer });
  expect(journalEntries.body.map((entry: { entryType: string }) => entry.entryType)).toEqual([
    'opened', 'allocated', 'plan_set', 'contact_scheduled', 'contact_recorded', 'violation_recorded', 'violation_responded', 'court_submitted', 'court_decided', 'amended', 'ended',
  ]);
  expect((await http('GET', `${api('probation')}/probation-cases/${id}/journal/verify`, { token: officer })).body).toMatchObject({ valid: true, checked: journalEntries.body.length });

  // 8. Analytics counts the case started (in the sentence's month) and ended completed (in its term's last month).
  const months = `from=${jurisdiction.localMonth(new Date(longAgo))}&to=${jurisdiction.localMonth(new Date())}&region=${pack.region}`;
  const counted = (cell: { key: string[]; value?: number | null; suppression?: string }, key: string) => cell.key.includes(key) && ((cell.value ?? 0) >= 1 || cell.suppression !== undefined);
  await eventually(async () => {
    const started = await http('GET', `${api('analytics')}/indicators/probation_cases_started/table?${months}&by=caseType`, { token: analyst });
    const ended = await http('GET', `${api('analytics')}/indicators/probation_cases_ended/table?${months}&by=end`, { token: analyst });
    return started.body?.cells?.some((cell: never) => counted(cell, 'probation_supervision')) && ended.body?.cells?.some((cell: never) => counted(cell, 'completed')) ? true : undefined;
  }, propagationMs, 'analytics to count the probation case started and completed');
}

