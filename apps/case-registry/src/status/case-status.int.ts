import { Client } from 'pg';
import { http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../case-registry.service';
import { registerCase, rowCount, statusChanged } from '../case-registry.fixtures';

describe('case status from procedural-steps', () => {
  let services: RunningServices;
  let api: string;
  let prosecutor: string;
  let db: Client;

  beforeAll(async () => {
    services = await startServices([caseRegistryService]);
    api = `${services.urls['case-registry']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    db = services.db;
  });
  afterAll(() => services.stop());

  // The in-process bus hands a message to the consumer before publish resolves.
  const publish = (...events: ReturnType<typeof statusChanged>[]) => publishEvents(services.bus, ...events);
  const shown = async (caseId: string) => {
    const { status, statusChangedAt } = (await http('GET', `${api}/cases/${caseId}`, { token: prosecutor, purpose: 'investigation' })).body;
    return { status, statusChangedAt };
  };
  const at = (time: string) => ({ envelope: { time } });

  it('starts at registered and shows the status procedural-steps derived, with when its step occurred', async () => {
    const registered = await registerCase(api, prosecutor);
    expect(await shown(registered.id)).toEqual({ status: 'registered', statusChangedAt: registered.registeredAt });
    await publish(statusChanged(registered.id, 'under_investigation', { data: { occurredAt: '2026-11-21T09:00:00Z' } }));
    expect(await shown(registered.id)).toEqual({ status: 'under_investigation', statusChangedAt: '2026-11-21T09:00:00.000Z' });
  });

  it('applies a redelivered event only once, even after a later change at the same time', async () => {
    const registered = await registerCase(api, prosecutor);
    const investigation = statusChanged(registered.id, 'under_investigation', at('2026-11-22T10:00:00.000Z'));
    const suspension = statusChanged(registered.id, 'suspended', { ...at('2026-11-22T10:00:00.000Z'), data: { occurredAt: '2026-11-22T09:00:00Z' } });
    await publish(investigation, suspension);
    await publish(investigation); // at-least-once delivery: the same event again
    expect(await shown(registered.id)).toEqual({ status: 'suspended', statusChangedAt: '2026-11-22T09:00:00.000Z' });
    const inbox = await db.query('SELECT count(*) FROM case_registry.inbox WHERE event_id = $1', [investigation.id]);
    expect(Number(inbox.rows[0].count)).toBe(1);
  });

  it('applies a batch of changes in two round trips: the cases locked with the inbox insert, the changes with the COMMIT', async () => {
    const cases = await Promise.all([1, 2, 3].map(() => registerCase(api, prosecutor)));
    const query = jest.spyOn(Client.prototype, 'query');
    let sent: string[];
    try {
      await publish(...cases.map((registered) => statusChanged(registered.id, 'under_investigation')));
      sent = query.mock.calls.map(([config]) => (typeof config === 'string' ? config : (config as { text: string }).text)).filter((text) => /\binbox\b|\bcases\b/.test(text));
    } finally {
      query.mockRestore();
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^START TRANSACTION;\nINSERT INTO case_registry\.inbox [^]*;\nSELECT id, status, [^]* FOR UPDATE$/);
    expect(sent[1]).toMatch(/^UPDATE cases SET status [^]*;\nCOMMIT$/);
    for (const registered of cases) expect((await shown(registered.id)).status).toBe('under_investigation');
  });

  it('ignores a stale change recorded before the status shown', async () => {
    const registered = await registerCase(api, prosecutor);
    await publish(statusChanged(registered.id, 'in_court', at('2026-11-23T10:00:00.000Z')));
    await publish(statusChanged(registered.id, 'under_investigation', at('2026-11-23T09:00:00.000Z')));
    expect((await shown(registered.id)).status).toBe('in_court');
  });

  it('follows a step recorded late: the newer event wins although its step occurred earlier', async () => {
    const registered = await registerCase(api, prosecutor);
    await publish(statusChanged(registered.id, 'under_investigation', { ...at('2026-11-23T10:00:00.000Z'), data: { occurredAt: '2026-11-23T09:00:00Z' } }));
    await publish(statusChanged(registered.id, 'suspended', { ...at('2026-11-23T11:00:00.000Z'), data: { occurredAt: '2026-11-22T09:00:00Z' } }));
    expect(await shown(registered.id)).toEqual({ status: 'suspended', statusChangedAt: '2026-11-22T09:00:00.000Z' });
  });

  it('dead-letters a change for a case it does not hold, and goes on', async () => {
    const deadLetters = async () => Number((await db.query(`SELECT count(*) FROM case_registry.outbox WHERE event_type = 'dead-letter'`)).rows[0].count);
    const before = [await deadLetters(), await rowCount(db, 'cases')];
    await publish(statusChanged('6f1c1f5e-2f0b-4c1e-9a55-0c7a3b8e9d10', 'closed'));
    expect([await deadLetters(), await rowCount(db, 'cases')]).toEqual([before[0] + 1, before[1]]);
    const registered = await registerCase(api, prosecutor);
    await publish(statusChanged(registered.id, 'closed'));
    expect((await shown(registered.id)).status).toBe('closed');
  });
});
