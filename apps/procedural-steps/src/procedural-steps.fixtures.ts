import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CaseRegistered, CaseRegisteredV1, CaseResponsibilityAssigned, PersonAddedToCase, PersonRole, Responsibility } from '@icjims/contracts';
import { SignedTreeHead } from '@icjims/integrity';
import { Jurisdiction, loadJurisdiction } from '@icjims/jurisdiction';
import { EventBus } from '@icjims/messaging';
import { cloudEvent, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import type { DeadlineRule } from './deadlines/deadline-rules';
import { DEADLINE_SCAN_VARIABLE } from './deadlines/deadline-settings';
import { JournalSealer } from './journal-tree/journal-sealer';
import { proceduralStepsService } from './procedural-steps.service';
import { StepDto } from './steps/dto/step.dto';

/** Test fixtures: what case-registry would announce. The in-process bus delivers before publish resolves. */

export const RECEIVED_AT = '2026-11-02T10:00:00.000Z';

/** An instant in November 2026 (UTC, as the API writes it), after every fixture case's report was received. */
export const at = (day: number, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** Announces a newly registered case (KG-GB unless overridden) and returns its id. */
export async function announceCase(bus: EventBus, overrides: Partial<CaseRegisteredV1> = {}): Promise<string> {
  const caseId = overrides.caseId ?? randomUUID();
  await publishEvents(
    bus,
    cloudEvent(CaseRegistered, caseId, {
      caseId,
      caseNumber: `KG-GB-2026-${String(Math.floor(Math.random() * 999_999)).padStart(6, '0')}`,
      region: 'KG-GB',
      offence: { article: '209-1', iccsCode: '0701', severity: 'minor' },
      receivedAt: RECEIVED_AT,
      registeredAt: RECEIVED_AT,
      registeredBy: 'registering-officer',
      ...overrides,
    }),
  );
  return caseId;
}

/** Adds a person to a case in a role and returns the person's pseudonymous id. */
export async function addPerson(bus: EventBus, caseId: string, role: PersonRole = 'suspect', personId: string = randomUUID(), region = 'KG-GB'): Promise<string> {
  await publishEvents(
    bus,
    cloudEvent(PersonAddedToCase, caseId, {
      caseId, region, personId, role, sex: 'male', ageBand: '25_34', juvenile: false, citizenshipGroup: 'national',
    }),
  );
  return personId;
}

/** Makes `assignee` (a token subject) the case's responsible prosecutor or investigator, as case-registry announces it. */
export async function assignResponsibility(bus: EventBus, caseId: string, responsibility: Responsibility, assignee: string, region = 'KG-GB'): Promise<void> {
  await publishEvents(bus, cloudEvent(CaseResponsibilityAssigned, caseId, { caseId, region, responsibility, assignee }));
}

/**
 * procedural-steps on a database of its own, with its scheduler's and its sealer's timers held
 * off for an hour: the fixtures' clocks are long due, and a scan in the middle of a test would
 * add breaches between its before and after. Suites that test breaches drive the scheduler
 * themselves, and suites that need a checkpoint take one (`checkpointNow`). `again`: the database
 * and transparency folder of an earlier run, to start on them again.
 */
export async function startProceduralSteps(again: { databaseUrl?: string; transparencyDir?: string; jurisdiction?: Jurisdiction } = {}): Promise<RunningServices> {
  const held = [DEADLINE_SCAN_VARIABLE, CHECKPOINT_INTERVAL_VARIABLE];
  for (const name of held) process.env[name] = '3600';
  try {
    return await startServices([proceduralStepsService], { jurisdiction: FIXTURE_JURISDICTION, ...again });
  } finally {
    // Read once at start; other suites in this worker get the defaults again.
    for (const name of held) delete process.env[name];
  }
}

/** The pack the suites run under: the default, KG. */
export const FIXTURE_JURISDICTION = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

/**
 * The KG pack has no general investigation-term rule (its CCP articles on terms are not in the
 * pack yet), so suites about a case-level clock add one as an office would, over the API.
 */
export const OFFICE_INVESTIGATION_TERM: DeadlineRule = {
  code: 'investigation_term',
  title: 'Pre-trial investigation: end of the investigation term',
  legalReference: 'office-set term of 12 months from the start, extended by the prosecutor (test rule)',
  scope: 'case',
  startsWith: [{ stepType: 'investigation_started' }],
  term: { amount: 12, unit: 'months' },
  extendedBy: [{ stepType: 'investigation_term_extended', untilField: 'until' }],
  stoppedBy: [{ stepType: 'indictment' }, { stepType: 'proceedings_terminated' }, { stepType: 'case_closed' }, { stepType: 'case_joined' }],
  warnBefore: { amount: 14, unit: 'days' },
};

/** The start of time: a rule version applying from it governs every clock, as if it had always been the rule. */
export const ALWAYS = '1970-01-01T00:00:00Z';

/** Creates or replaces deadline rules as a national admin would; each new version applies from `appliesFrom` (ALWAYS, unless given). */
export async function putDeadlineRules(services: RunningServices, rules: readonly DeadlineRule[], appliesFrom = ALWAYS): Promise<void> {
  const token = await services.tokenFor('admin', { sub: 'fixture-admin' });
  for (const rule of rules) {
    const url = `${services.urls['procedural-steps']}/api/v1/deadline-rules/${rule.code}?appliesFrom=${encodeURIComponent(appliesFrom)}`;
    const response = await http('PUT', url, { token, body: rule });
    if (response.status !== 200) throw new Error(`${rule.code}: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

const CHECKPOINT_INTERVAL_VARIABLE = 'ICJIMS_CHECKPOINT_INTERVAL_SECONDS';

/** Seals every committed step into the journal tree and signs a checkpoint if it grew, as the sealer's timer would. */
export function checkpointNow(services: RunningServices): Promise<SignedTreeHead | undefined> {
  return services.apps[0].get(JournalSealer).checkpoint();
}

/**
 * Everything an append writes about a case: its steps, its head (version, status, last hash),
 * its events (access events aside) and its clocks. Equal before and after, nothing was written.
 */
export async function journalWrites(db: Client, caseId: string): Promise<unknown> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM procedural_steps.steps WHERE case_id = $1::uuid)::int AS steps,
            (SELECT count(*) FROM procedural_steps.outbox WHERE message_key = $1::text AND event_type NOT LIKE '%access.recorded%')::int AS events,
            (SELECT json_agg(d ORDER BY d.id) FROM procedural_steps.deadlines d WHERE d.case_id = $1::uuid) AS deadlines,
            k.version, k.status, k.last_hash
       FROM procedural_steps.known_cases k WHERE k.case_id = $1::uuid`,
    [caseId],
  );
  return rows[0];
}

/** Records a step that must be accepted (`base`: the service's /api/v1) and returns it; a refusal fails the test, saying what was sent and what came back. */
export async function recordStep(api: { base: string; token: string }, caseId: string, body: object): Promise<StepDto> {
  const response = await http<StepDto>('POST', `${api.base}/cases/${caseId}/steps`, { token: api.token, body });
  if (response.status !== 201) throw new Error(`${JSON.stringify(body)}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
