/** Factories and probes shared by the case-registry suites. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CaseStatus, CaseStatusChanged, CaseStatusChangedV1, CloudEvent } from '@icjims/contracts';
import { cloudEvent, http } from '@icjims/testing';

export type Body = Record<string, unknown>;

/** A valid registration in Bishkek (KG-GB), Leninsky district, received two hours before it was registered. */
export function registration(overrides: Body = {}): Body {
  return {
    source: 'complaint',
    receivedAt: '2026-11-20T08:00:00Z',
    registeredAt: '2026-11-20T10:00:00Z',
    region: 'KG-GB',
    district: 'leninsky',
    agency: 'GUVD-GB',
    offenceArticle: '209-1',
    description: 'Money taken by deception',
    ...overrides,
  };
}

/** Registers a case through the API and returns it; fails the test if registration fails. */
export async function registerCase(api: string, token: string, overrides: Body = {}) {
  const response = await http('POST', `${api}/cases`, { token, body: registration(overrides) });
  if (response.status !== 201) throw new Error(`registration failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function rowCount(db: Client, table: string): Promise<number> {
  return Number((await db.query(`SELECT count(*) FROM case_registry.${table}`)).rows[0].count);
}

/** Events the service announced about its data, i.e. everything in the outbox but access events. */
export async function domainEvents(db: Client, type?: string) {
  const rows = await db.query(
    `SELECT value FROM case_registry.outbox WHERE event_type NOT LIKE '%.access.recorded.v1' AND ($1::text IS NULL OR event_type = $1) ORDER BY position`,
    [type ?? null],
  );
  return rows.rows.map((row) => JSON.parse(row.value));
}

export async function lastAccessEvent(db: Client) {
  const rows = await db.query(`SELECT value FROM case_registry.outbox WHERE event_type LIKE '%.access.recorded.v1' ORDER BY position DESC LIMIT 1`);
  return JSON.parse(rows.rows[0].value).data;
}

/** procedural-steps announcing that a case (of KG-GB unless overridden) moved to `status`. */
export function statusChanged(
  caseId: string,
  status: CaseStatus,
  { data, envelope }: { data?: Partial<CaseStatusChangedV1>; envelope?: Partial<CloudEvent<CaseStatusChangedV1>> } = {},
): CloudEvent<CaseStatusChangedV1> {
  const changed = { caseId, region: 'KG-GB', status, previousStatus: 'registered' as const, stepId: randomUUID(), occurredAt: '2026-11-21T09:00:00.000Z', ...data };
  return cloudEvent(CaseStatusChanged, caseId, changed, envelope);
}
