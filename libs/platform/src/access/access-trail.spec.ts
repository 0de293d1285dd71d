import type { Logger } from 'pino';
import type { AccessRecordedV1 } from '@icjims/contracts';
import type { DataSource } from 'typeorm';
import type { EventOutbox, OutboxRelay } from '@icjims/messaging';
import { ACCESS_RELAY_DELAY_MS, AccessTrail, TrailedRequest } from './access-trail';
import { AccessSpec } from './access-spec';

/** An AccessTrail whose outbox keeps what it is given. */
function trailKeeping(recorded: { subject: string; data: AccessRecordedV1 }[], relay = { nudge: () => undefined } as unknown as OutboxRelay): AccessTrail {
  const dataSource = { manager: {} } as unknown as DataSource;
  const outbox = {
    record: async (_manager: unknown, definition: { type: string }, subject: string, data: AccessRecordedV1) => {
      recorded.push({ subject, data });
      return { type: definition.type };
    },
  } as unknown as EventOutbox;
  return new AccessTrail('analytics', dataSource, relay, outbox, { debug: () => undefined } as unknown as Logger);
}

function request(spec: AccessSpec): TrailedRequest {
  return {
    accessSpec: spec,
    principal: { sub: 'analyst-7', roles: ['analyst'], region: 'KG-GB' },
    method: 'GET',
    path: '/api/v1/open-data/indicators/cases_registered/table',
    route: { path: '/api/v1/open-data/indicators/:code/:table' },
    params: { code: 'cases_registered', table: 'table' },
    query: {},
    ip: '203.0.113.9',
    headers: {},
  } as unknown as TrailedRequest;
}

describe('the access trail', () => {
  it('names the caller and their address', async () => {
    const recorded: { subject: string; data: AccessRecordedV1 }[] = [];
    await trailKeeping(recorded).record(request({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' }), 200);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].data).toMatchObject({ actor: { sub: 'analyst-7', roles: ['analyst'], region: 'KG-GB' }, sourceIp: '203.0.113.9' });
  });

  it('names no one for an anonymous (public) route: no token identity, no address, the resource and the rest as usual', async () => {
    const recorded: { subject: string; data: AccessRecordedV1 }[] = [];
    await trailKeeping(recorded).record(request({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code', anonymous: true }), 200);
    expect(recorded).toHaveLength(1);
    const { subject, data } = recorded[0];
    expect(data.actor).toEqual({ sub: undefined, roles: [], region: undefined });
    expect(data.sourceIp).toBeUndefined();
    expect(data).toMatchObject({ action: 'read', resourceType: 'indicator', resourceId: 'cases_registered', outcome: 'allowed', status: 200, route: '/api/v1/open-data/indicators/:code/:table' });
    expect(subject).toBe('cases_registered');
  });

  describe('relaying', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('asks the relay for one pass after the reads of a short while, not one per read', async () => {
      const relay = { nudge: jest.fn() };
      const trail = trailKeeping([], relay as unknown as OutboxRelay);
      const read = request({ action: 'read', resourceType: 'indicator', resourceIdParam: 'code' });
      await trail.record(read, 200);
      await trail.record(read, 200);
      jest.advanceTimersByTime(ACCESS_RELAY_DELAY_MS - 1);
      await trail.record(read, 403);
      expect(relay.nudge).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(relay.nudge.mock.calls).toEqual([[['icjims.analytics.access.recorded.v1']]]);
      await trail.record(read, 200);
      jest.advanceTimersByTime(ACCESS_RELAY_DELAY_MS);
      expect(relay.nudge).toHaveBeenCalledTimes(2);
    });
  });
});
