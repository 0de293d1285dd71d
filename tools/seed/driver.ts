/**
 * Posts a synthetic caseload through the services' HTTP APIs, as officers would: registration
 * and persons in case-registry, steps in procedural-steps, joins and splits in case-registry.
 * Every POST carries an Idempotency-Key derived from the caseload, so a rerun after an
 * interruption repeats nothing: the services answer the first response again.
 */
import type { Caseload, SeedCase, SeedStep, SeedUnit } from './generate';

export interface SeedTarget {
  /** Base URLs, e.g. http://127.0.0.1:3001 */
  caseRegistryUrl: string;
  proceduralStepsUrl: string;
  /** A prosecutor's bearer token for the region (prosecutors may do everything the seed does). */
  tokenFor(region: string): Promise<string>;
}

export interface SeedProgress {
  units: number;
  unitsDone: number;
  casesDone: number;
  steps: number;
  refusals: number;
  elapsedMs: number;
}

export interface DriveOptions {
  /** Units worked on at once (default 8). */
  concurrency?: number;
  /** Called every `progressEveryMs` (default 5 s) while running, and once at the end. */
  onProgress?: (progress: SeedProgress) => void;
  progressEveryMs?: number;
  /** How long a case or person may take to reach procedural-steps (default 60 s). */
  propagationMs?: number;
}

/** A request the services refused: a bug of the generator (or of a service). No personal data. */
export interface SeedRefusal {
  caseKey: string;
  /** The step's key, or what was asked: register, person, join, split. */
  what: string;
  stepType?: string;
  status: number;
  type?: string;
  /** procedural-steps' detail (pseudonymous ids only); for case-registry only the fields named. */
  detail?: string;
}

export interface Counted {
  created: number;
  replayed: number;
}

export interface SeedSummary {
  cases: Counted;
  roles: Counted;
  steps: Counted;
  links: Counted;
  /** Distinct person records the roles were added with. */
  persons: number;
  refusals: number;
  /** The first refusals, in the order met. */
  firstRefusals: SeedRefusal[];
  /** Failures that are not refusals: a service down, a case that never reached procedural-steps. */
  failures: string[];
  elapsedMs: number;
  /** The services' ids by the caseload's keys, for tests that compare per case, person or step. */
  ids: { cases: ReadonlyMap<string, string>; persons: ReadonlyMap<string, string>; steps: ReadonlyMap<string, string> };
}

const FIRST_REFUSALS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- service answers, read field by field
  body: any;
  replayed: boolean;
}

class RefusedError extends Error {
  constructor(readonly refusal: SeedRefusal) {
    super(`${refusal.what}: ${refusal.status}`);
  }
}

/** One HTTP exchange with retries for what is worth retrying: the rate limit, a busy or restarting service. */
async function exchange(method: 'GET' | 'POST', url: string, token: string, options: { body?: unknown; key?: string; purpose?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.purpose) headers['x-purpose'] = options.purpose;
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (error) {
      if (attempt >= 6) throw new Error(`${method} ${new URL(url).pathname}: ${(error as Error).message}`);
      await sleep(250 * 2 ** attempt);
      continue;
    }
    const text = await response.text();
    const body = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    const unsettled = response.status === 409 && body?.type === 'urn:icjims:problem:idempotency-key-unsettled';
    // The rate limit paces the seed; anything else is retried a few times, then reported.
    if (response.status === 429 || ((unsettled || response.status >= 500) && attempt < 6)) {
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(response.status === 429 && retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 250 * 2 ** Math.min(attempt, 5));
      continue;
    }
    return { status: response.status, body, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }
}

function fieldsNamed(body: { errors?: { field?: string }[] } | undefined): string | undefined {
  const fields = body?.errors?.map((error) => error.field).filter(Boolean);
  return fields?.length ? `fields: ${fields.join(', ')}` : undefined;
}

/** Works a caseload through the APIs; resolves with what was created, replayed and refused. */
export async function driveCaseload(caseload: Caseload, target: SeedTarget, options: DriveOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const propagationMs = options.propagationMs ?? 60_000;
  const registry = `${target.caseRegistryUrl}/api/v1`;
  const journal = `${target.proceduralStepsUrl}/api/v1`;
  const cases = new Map(caseload.cases.map((seedCase) => [seedCase.key, seedCase]));
  const persons = new Map(caseload.persons.map((person) => [person.key, person.facts]));
  const caseIds = new Map<string, string>();
  const personIds = new Map<string, string>();
  const stepIds = new Map<string, string>();
  const summary: SeedSummary = {
    cases: { created: 0, replayed: 0 },
    roles: { created: 0, replayed: 0 },
    steps: { created: 0, replayed: 0 },
    links: { created: 0, replayed: 0 },
    persons: 0,
    refusals: 0,
    firstRefusals: [],
    failures: [],
    elapsedMs: 0,
    ids: { cases: caseIds, persons: personIds, steps: stepIds },
  };
  let unitsDone = 0;
  let casesDone = 0;
  const key = (suffix: string) => `${caseload.keyPrefix}/${suffix}`;
  const count = (counted: Counted, answer: Answer) => (answer.replayed ? (counted.replayed += 1) : (counted.created += 1));
  const refuse = (refusal: SeedRefusal): never => {
    summary.refusals += 1;
    if (summary.firstRefusals.length < FIRST_REFUSALS) summary.firstRefusals.push(refusal);
    throw new RefusedError(refusal);
  };

  async function register(seedCase: SeedCase): Promise<void> {
    const token = await target.tokenFor(seedCase.region);
    const { key: caseKey, region, district, agency, source, offenceArticle, receivedAt, registeredAt, offenceCommittedAt, description } = seedCase;
    const body = { source, receivedAt, registeredAt, region, district, agency, offenceArticle, ...(offenceCommittedAt ? { offenceCommittedAt } : {}), description };
    const answer = await exchange('POST', `${registry}/cases`, token, { body, key: key(`${caseKey}/register`) });
    if (answer.status !== 201) refuse({ caseKey, what: 'register', status: answer.status, type: answer.body?.type, detail: fieldsNamed(answer.body) });
    count(summary.cases, answer);
    caseIds.set(caseKey, answer.body.id);
    for (const [index, role] of seedCase.roles.entries()) {
      if (role.via !== 'added') continue;
      const added = await exchange('POST', `${registry}/cases/${answer.body.id}/persons`, token, {
        body: { role: role.role, person: persons.get(role.personKey) },
        key: key(`${caseKey}/role${index + 1}`),
        purpose: 'investigation',
      });
      if (added.status !== 201) refuse({ caseKey, what: `person ${index + 1}`, status: added.status, type: added.body?.type, detail: fieldsNamed(added.body) });
      count(summary.roles, added);
      personIds.set(role.personKey, added.body.id);
    }
  }

  /**
   * A case becomes known to procedural-steps when its case.registered event arrives. Polled
   * gently: every poll is a request with its own access-log entry.
   */
  async function known(seedCase: SeedCase): Promise<void> {
    const token = await target.tokenFor(seedCase.region);
    const deadline = Date.now() + propagationMs;
    while ((await exchange('GET', `${journal}/cases/${caseIds.get(seedCase.key)}/steps`, token)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`case ${seedCase.key} did not reach procedural-steps within ${propagationMs} ms`);
      await sleep(250);
    }
  }

  function stepBody(step: SeedStep): Record<string, unknown> {
    const body: Record<string, unknown> = { stepType: step.stepType, occurredAt: step.occurredAt };
    if (step.personKey) body.personId = personIds.get(step.personKey);
    if (step.details) body.details = step.details;
    if (step.correction) {
      const { correctsStepKey, ...rest } = step.correction;
      body.correction = { correctsStepId: stepIds.get(correctsStepKey), ...rest };
    }
    return body;
  }

  async function record(seedCase: SeedCase): Promise<void> {
    const token = await target.tokenFor(seedCase.region);
    const url = `${journal}/cases/${caseIds.get(seedCase.key)}/steps`;
    for (const step of seedCase.steps) {
      if (step.system) continue;
      const deadline = Date.now() + propagationMs;
      let answer = await exchange('POST', url, token, { body: stepBody(step), key: key(step.key) });
      // A person just added (or gained by a join) is refused on personId until person.added arrives.
      while (answer.status === 400 && step.personKey && answer.body?.errors?.some((error: { field?: string }) => error.field === 'personId') && Date.now() < deadline) {
        await sleep(200);
        answer = await exchange('POST', url, token, { body: stepBody(step), key: key(step.key) });
      }
      if (answer.status !== 201) {
        refuse({ caseKey: seedCase.key, what: step.key, stepType: step.stepType, status: answer.status, type: answer.body?.type, detail: typeof answer.body?.detail === 'string' ? answer.body.detail : undefined });
      }
      count(summary.steps, answer);
      stepIds.set(step.key, answer.body.id);
    }
    casesDone += 1;
  }

  async function link(seedCase: SeedCase, what: 'join' | 'split', body: Record<string, unknown>): Promise<Answer> {
    const token = await target.tokenFor(seedCase.region);
    const answer = await exchange('POST', `${registry}/cases/${caseIds.get(seedCase.key)}/${what}s`, token, { body, key: key(`${seedCase.key}/${what}`), purpose: 'investigation' });
    if (answer.status !== 201) refuse({ caseKey: seedCase.key, what, status: answer.status, type: answer.body?.type, detail: fieldsNamed(answer.body) });
    count(summary.links, answer);
    return answer;
  }

  const caseOf = (caseKey: string) => cases.get(caseKey) as SeedCase;

  async function work(unit: SeedUnit): Promise<void> {
    if (unit.kind === 'case') {
      const seedCase = caseOf(unit.caseKey);
      await register(seedCase);
      await known(seedCase);
      await record(seedCase);
    } else if (unit.kind === 'join') {
      const [joined, into] = [caseOf(unit.joinedKey), caseOf(unit.intoKey)];
      await register(joined);
      await register(into);
      await known(joined);
      await record(joined);
      await link(joined, 'join', { intoCaseId: caseIds.get(into.key), reason: 'Same suspects, same series of offences' });
      await known(into);
      await record(into);
    } else {
      const [source, split] = [caseOf(unit.sourceKey), caseOf(unit.splitKey)];
      await register(source);
      const answer = await link(source, 'split', { personIds: unit.personKeys.map((personKey) => personIds.get(personKey)), reason: 'The accomplice is tried separately' });
      caseIds.set(split.key, answer.body.id);
      await known(source);
      await record(source);
      await known(split);
      await record(split);
    }
  }

  const report = () =>
    options.onProgress?.({ units: caseload.units.length, unitsDone, casesDone, steps: summary.steps.created + summary.steps.replayed, refusals: summary.refusals, elapsedMs: Date.now() - started });
  const ticker = setInterval(report, options.progressEveryMs ?? 5000);
  let next = 0;
  const worker = async () => {
    while (next < caseload.units.length) {
      const unit = caseload.units[next];
      next += 1;
      try {
        await work(unit);
      } catch (error) {
        // A refusal ends its unit (the rest of the journal would only be refused after it); the others go on.
        if (!(error instanceof RefusedError)) summary.failures.push((error as Error).message);
      }
      unitsDone += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  } finally {
    clearInterval(ticker);
  }
  summary.persons = new Set(personIds.values()).size;
  summary.elapsedMs = Date.now() - started;
  report();
  return summary;
}
