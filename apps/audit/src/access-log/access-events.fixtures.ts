import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AccessRecorded, AccessRecordedV1, CloudEvent, ServiceName } from '@icjims/contracts';
import { cloudEvent } from '@icjims/testing';

/** An AccessRecorded event as `service`'s access trail publishes it; override any field. */
export function accessRecorded(service: ServiceName, data: Partial<AccessRecordedV1> = {}): CloudEvent<AccessRecordedV1> {
  return cloudEvent(AccessRecorded[service], randomUUID(), {
    service,
    actor: { sub: 'feeder', roles: ['probation_officer'], region: 'KG-GB' },
    action: 'read',
    resourceType: 'probation-case',
    outcome: 'allowed',
    status: 200,
    method: 'GET',
    route: '/api/v1/probation-cases/:probationCaseId',
    occurredAt: new Date().toISOString(),
    ...data,
  });
}

/**
 * The SQL statements that mention `table` which the process sent to PostgreSQL while `work`
 * ran — the database round trips of a request (other sessions' background work, such as the
 * outbox relay, does not mention the audit tables).
 */
export async function statementsOn(table: RegExp, work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text && table.test(text)) statements.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
