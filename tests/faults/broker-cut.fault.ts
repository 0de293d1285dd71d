import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaBus } from '@icjims/messaging';
import { eventually, KafkaForTests, RunningServices, startKafkaForTests, startServices } from '@icjims/testing';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { KafkaProxy } from './support/kafka-proxy';

const A_CASE = { source: 'complaint', receivedAt: '2026-11-20T09:00:00Z', registeredAt: '2026-11-20T10:00:00Z', region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', offenceArticle: '209-1', description: 'Fraud' };
const CUT_MS = 10_000;

/**
 * The broker unreachable for 10 s in the middle of a load of registrations: case-registry,
 * procedural-steps and audit on Kafka, reaching it only through a TCP proxy (kafka-proxy.ts) that
 * is closed — every connection reset, new ones refused — and opened again. Registrations go on
 * being accepted (the outbox holds their events), the relays and consumers retry, and once the
 * broker is back every case reaches procedural-steps once and every request has exactly one
 * access entry in the audit log; nothing is left unpublished.
 */
describe('Kafka unreachable for 10 s mid-load', () => {
  let kafka: KafkaForTests;
  let proxy: KafkaProxy;
  let services: RunningServices;
  const busLog: string[] = [];

  beforeAll(async () => {
    kafka = await startKafkaForTests();
    const [host, port] = kafka.brokers[0].split(':');
    proxy = new KafkaProxy({ host, port: Number(port) });
    const address = await proxy.start();
    const bus = new KafkaBus({ brokers: [address], clientId: 'broker-cut', consumerTuning: kafka.consumerTuning, logger: (level, message) => busLog.push(`${level} ${message}`) });
    services = await startServices([caseRegistryService, proceduralStepsService, auditService], { bus });
  }, 120_000);
  afterAll(async () => {
    await services?.stop();
    await proxy?.cut();
    await kafka?.stop();
  });

  it('accepts registrations throughout, holds their events, and delivers each once when the broker is back', async () => {
    const api = `${services.urls['case-registry']}/api/v1`;
    const token = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    const answered: { status: number; correlationId: string; caseId?: string; duringCut: boolean }[] = [];
    let cut = false;
    const register = async () => {
      const correlationId = randomUUID();
      const duringCut = cut;
      const response = await fetch(`${api}/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-correlation-id': correlationId },
        body: JSON.stringify(A_CASE),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { id?: string };
      answered.push({ status: response.status, correlationId, caseId: body.id, duringCut });
    };
    // The consumers are up: a first case reaches procedural-steps.
    await register();
    const steps = services.db;
    await eventually(async () => ((await steps.query('SELECT 1 FROM procedural_steps.known_cases WHERE case_id = $1', [answered[0].caseId])).rowCount ? true : undefined), 60_000, 'the first case in procedural-steps');

    let loading = true;
    const clients = Array.from({ length: 3 }, async () => {
      while (loading) {
        await register();
        await sleep(50);
      }
    });
    await sleep(3_000);
    cut = true;
    await proxy.cut();
    await sleep(CUT_MS);
    const heldDuringCut = (await steps.query<{ held: number }>(`SELECT count(*)::int AS held FROM case_registry.outbox WHERE published_at IS NULL`)).rows[0].held;
    await proxy.restore();
    cut = false;
    const restoredAt = Date.now();
    await sleep(3_000);
    loading = false;
    await Promise.all(clients);

    expect(answered.filter((answer) => answer.status !== 201)).toEqual([]);
    expect(answered.filter((answer) => answer.duringCut).length).toBeGreaterThan(0);
    expect(heldDuringCut).toBeGreaterThan(0);
    const caseIds = answered.map((answer) => answer.caseId!);
    const known = await eventually(async () => {
      const { rows } = await steps.query<{ known: number }>('SELECT count(*)::int AS known FROM procedural_steps.known_cases WHERE case_id = ANY($1::uuid[])', [caseIds]);
      return rows[0].known === caseIds.length ? rows[0].known : undefined;
    }, 120_000, 'every case in procedural-steps');
    const caughtUpMs = Date.now() - restoredAt;
    const correlationIds = answered.map((answer) => answer.correlationId);
    const entries = await eventually(async () => {
      const { rows } = await steps.query<{ id: string; count: number }>(
        'SELECT correlation_id AS id, count(*)::int AS count FROM audit.access_log WHERE correlation_id = ANY($1::text[]) GROUP BY correlation_id',
        [correlationIds],
      );
      return rows.length === correlationIds.length ? rows : undefined;
    }, 120_000, 'an access entry for every request');
    expect(entries.filter((entry) => entry.count !== 1)).toEqual([]);
    // procedural-steps applied each case.registered once (the inbox), and case-registry's outbox is empty again.
    const { rows: inbox } = await steps.query<{ doubled: number }>(
      `SELECT count(*)::int AS doubled FROM (SELECT event_id FROM procedural_steps.inbox GROUP BY event_id HAVING count(*) > 1) d`,
    );
    expect(inbox[0].doubled).toBe(0);
    await eventually(async () => ((await steps.query<{ held: number }>(`SELECT count(*)::int AS held FROM case_registry.outbox WHERE published_at IS NULL`)).rows[0].held === 0 ? true : undefined), 60_000, 'the outbox drained');
    process.stderr.write(
      `broker cut ${CUT_MS} ms: ${answered.length} registrations, all 201 (${answered.filter((answer) => answer.duringCut).length} during the cut); ` +
        `${heldDuringCut} events held in case-registry's outbox; all ${known} cases in procedural-steps ${caughtUpMs} ms after the broker was back; ` +
        `bus log: ${busLog.length} entries\n`,
    );
  }, 300_000);
});
