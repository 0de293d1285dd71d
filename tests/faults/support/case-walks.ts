import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { http, HttpResult } from '@icjims/testing';
import { PACK_SAMPLES } from '../../e2e/support/pack-samples';
import { Target } from './target';

const PACK = PACK_SAMPLES.KG;

/** One HTTP attempt of a request: the correlation id it carried and what came back (`null`: no answer — refused, reset or timed out). */
export interface Attempt {
  correlationId: string;
  status: number | null;
}

/** A case walked from registration to a probation sentence, with the ids the API answered. */
export interface WalkedCase {
  caseId: string;
  personId: string;
  /** Step types recorded, in order, and the id each 201 answered. */
  steps: { stepType: string; id: string }[];
}

export interface WalkPlan {
  cases: number;
  /** Court hearings between the indictment and the verdict. */
  hearingsPerCase: number;
  concurrency: number;
  /** How long one request may keep failing for want of an answer (a restart in between) before the walk gives up. */
  outageMs?: number;
  /** How long a new case or person may take to reach procedural-steps, counted from the last request that got no answer (default 30 s). */
  propagationMs?: number;
}

/** Steps each case records: investigation, suspicion, indictment, the hearings, verdict, sentence. */
export const stepsPerCase = (plan: WalkPlan) => 5 + plan.hearingsPerCase;

/**
 * Load as clients that do the right thing walk it: each case registered, given a suspect and
 * walked through the legal order to a probation sentence, several cases at a time. Every POST
 * carries an Idempotency-Key and each attempt a correlation id of its own; a request that gets
 * no answer (the installation killed under it) or a 503 is sent again with the same key until
 * it is answered, so each intended write is asked for until it is accepted — and must be
 * recorded once. Anything else but the expected answer stops the walk with what came back.
 */
export class CaseWalks {
  readonly attempts: Attempt[] = [];
  readonly walked: WalkedCase[] = [];
  stepsAccepted = 0;
  /** Called after each accepted step (a test kills the installation from here). */
  onStep: (accepted: number) => void = () => undefined;

  constructor(
    private readonly installation: Target,
    private readonly plan: WalkPlan,
  ) {}

  async run(): Promise<void> {
    const prosecutor = await this.installation.tokenFor('prosecutor', PACK.region);
    let next = 0;
    const worker = async () => {
      while (next < this.plan.cases) {
        const index = next++;
        this.walked[index] = await this.walk(prosecutor, index);
      }
    };
    await Promise.all(Array.from({ length: this.plan.concurrency }, worker));
  }

  private async walk(token: string, index: number): Promise<WalkedCase> {
    // All in the past, a minute apart, each case a day after the previous one.
    const start = Date.now() - (this.plan.cases - index + 30) * 86_400_000;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const registered = await this.post(`${this.installation.api('case-registry')}/cases`, token, {
      source: 'complaint',
      receivedAt: at(0),
      registeredAt: at(1),
      region: PACK.region,
      district: PACK.district,
      agency: PACK.agency,
      offenceArticle: PACK.offenceArticle,
      description: 'Fault test case',
    });
    const caseId: string = registered.body.id;
    const added = await this.post(`${this.installation.api('case-registry')}/cases/${caseId}/persons`, token, {
      role: 'suspect',
      person: { givenName: 'Fault', familyName: `Suspect ${index}`, dateOfBirth: '1990-01-01', sex: 'male' },
    });
    const personId: string = added.body.id;
    const plan: [string, Record<string, unknown>][] = [
      ['investigation_started', {}],
      ['suspicion_notified', { personId, details: { offenceArticle: PACK.offenceArticle } }],
      ['indictment', {}],
      ...Array.from({ length: this.plan.hearingsPerCase }, (): [string, Record<string, unknown>] => ['court_hearing', {}]),
      ['verdict', { personId, details: { outcome: 'conviction' } }],
      ['sentence', { personId, details: { sentenceType: PACK.supervisedSentenceType, termMonths: 12 } }],
    ];
    const steps: WalkedCase['steps'] = [];
    for (const [position, [stepType, fields]] of plan.entries()) {
      // The case and its person reach procedural-steps by event: 404, then 400 on personId, until they have.
      const propagating = position < 2;
      const answer = await this.post(`${this.installation.api('procedural-steps')}/cases/${caseId}/steps`, token, { stepType, occurredAt: at(2 + position), ...fields }, propagating);
      steps.push({ stepType, id: answer.body.id });
      this.stepsAccepted++;
      this.onStep(this.stepsAccepted);
    }
    return { caseId, personId, steps };
  }

  /** POSTs until answered 201, with one Idempotency-Key for every attempt. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience: bodies are read field by field
  private async post(url: string, token: string, body: unknown, propagating = false): Promise<HttpResult<any>> {
    const key = randomUUID();
    const outageMs = this.plan.outageMs ?? 180_000;
    let unansweredSince: number | undefined;
    // Events wait in the outbox while the installation is down: the wait runs from the last answer that was not.
    const propagationMs = this.plan.propagationMs ?? 30_000;
    let propagationDeadline = Date.now() + propagationMs;
    for (;;) {
      const correlationId = randomUUID();
      let answer: HttpResult | undefined;
      try {
        answer = await http('POST', url, { token, body, purpose: 'investigation', headers: { 'idempotency-key': key, 'x-correlation-id': correlationId } });
      } catch {
        this.attempts.push({ correlationId, status: null });
        unansweredSince ??= Date.now();
        propagationDeadline = Date.now() + propagationMs;
        if (Date.now() - unansweredSince > outageMs) throw new Error(`POST ${url}: no answer for ${outageMs} ms`);
        await sleep(250);
        continue;
      }
      unansweredSince = undefined;
      this.attempts.push({ correlationId, status: answer.status });
      if (answer.status === 201) return answer;
      if (answer.status === 503) propagationDeadline = Date.now() + propagationMs;
      const waiting = answer.status === 503 || (propagating && [400, 404].includes(answer.status) && Date.now() < propagationDeadline);
      if (!waiting) throw new Error(`POST ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
      await sleep(100);
    }
  }
}
