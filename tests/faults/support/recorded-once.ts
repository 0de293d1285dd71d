import { Client } from 'pg';
import { eventually, http } from '@icjims/testing';
import { PACK_SAMPLES } from '../../e2e/support/pack-samples';
import { CaseWalks } from './case-walks';
import { Target } from './target';

/** How many rows each id has in a table, for the given ids (absent ones left out). */
async function countsBy(client: Client, sql: string, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await client.query<{ id: string; count: number }>(sql, [ids]);
  return new Map(rows.map((row) => [row.id, row.count]));
}

/**
 * After the load (and whatever was done to the installation during it): every accepted step is
 * in the journal once, in the order asked, with the id its 201 gave; analytics holds each step
 * once; each sentence opened one probation case; and every answered request has exactly one
 * access entry in the audit log (a request that got no answer, at most one). Waits up to
 * `timeoutMs` for the events to arrive.
 */
export async function expectRecordedOnce(installation: Target, walks: CaseWalks, timeoutMs = 120_000): Promise<void> {
  const prosecutor = await installation.tokenFor('prosecutor', PACK_SAMPLES.KG.region);
  const caseIds = walks.walked.map((walked) => walked.caseId);
  const stepIds = walks.walked.flatMap((walked) => walked.steps.map((step) => step.id));

  // The journal, as a client reads it.
  for (const walked of walks.walked) {
    const journal = await http('GET', `${installation.api('procedural-steps')}/cases/${walked.caseId}/steps`, { token: prosecutor });
    expect(journal.status).toBe(200);
    const recorded = (journal.body as { id: string; stepType: string }[]).filter((step) => step.stepType !== 'registration');
    expect(recorded.map(({ id, stepType }) => ({ id, stepType }))).toEqual(walked.steps);
  }

  const [analytics, probation, audit] = await Promise.all(['analytics', 'probation', 'audit'].map((schema) => installation.sql(schema)));
  try {
    const facts = await eventually(async () => {
      const counts = await countsBy(analytics, `SELECT step_id::text AS id, count(*)::int AS count FROM fact_steps WHERE step_id = ANY($1::uuid[]) AND known_until IS NULL GROUP BY step_id`, stepIds);
      return counts.size === stepIds.length ? counts : undefined;
    }, timeoutMs, 'every step in analytics');
    expect([...facts.values()].filter((count) => count !== 1)).toEqual([]);
    const cases = await countsBy(analytics, `SELECT case_id::text AS id, count(*)::int AS count FROM fact_cases WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`, caseIds);
    expect({ cases: cases.size, doubled: [...cases.values()].filter((count) => count !== 1) }).toEqual({ cases: caseIds.length, doubled: [] });

    const opened = await eventually(async () => {
      const counts = await countsBy(probation, `SELECT case_id::text AS id, count(*)::int AS count FROM probation_streams WHERE stream = 'probation_case' AND case_id = ANY($1::uuid[]) GROUP BY case_id`, caseIds);
      return counts.size === caseIds.length ? counts : undefined;
    }, timeoutMs, 'a probation case for every sentence');
    expect([...opened.values()].filter((count) => count !== 1)).toEqual([]);

    const answered = walks.attempts.filter((attempt) => attempt.status !== null).map((attempt) => attempt.correlationId);
    const unanswered = walks.attempts.filter((attempt) => attempt.status === null).map((attempt) => attempt.correlationId);
    const entries = await eventually(async () => {
      const counts = await countsBy(audit, `SELECT correlation_id AS id, count(*)::int AS count FROM access_log WHERE correlation_id = ANY($1::text[]) GROUP BY correlation_id`, answered);
      return counts.size === answered.length ? counts : undefined;
    }, timeoutMs, 'an access entry for every answered request');
    expect([...entries.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    const unansweredEntries = await countsBy(audit, `SELECT correlation_id AS id, count(*)::int AS count FROM access_log WHERE correlation_id = ANY($1::text[]) GROUP BY correlation_id`, unanswered);
    expect([...unansweredEntries.entries()].filter(([, count]) => count > 1)).toEqual([]);
  } finally {
    await Promise.all([analytics, probation, audit].map((client) => client.end()));
  }
}
