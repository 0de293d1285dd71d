import type { Server } from 'node:http';
import { OutboxRelay } from '@icjims/messaging';
import { countRoundTrips, http, publishEvents, RoundTripCounter, RunningServices, startServices, statementShape } from '@icjims/testing';
import { caseRegistered, personAdded } from '../analytics.fixtures';
import { analyticsService } from '../analytics.service';

/**
 * A regression guard on the database round trips of an indicator table through the real stack
 * (HTTP, guards, the tables service, disclosure control, the access trail, PostgreSQL). A change
 * that adds one fails here, on purpose.
 */
describe('database round trips of an indicator table', () => {
  let services: RunningServices;
  let base: string;
  let counter: RoundTripCounter;

  beforeAll(async () => {
    services = await startServices([analyticsService]);
    base = `${services.urls.analytics}/api/v1/indicators`;
    counter = countRoundTrips(services.apps[0].getHttpServer() as Server);
    const registered = caseRegistered({ registeredAt: '2019-02-10T10:00:00Z' });
    await publishEvents(services.bus, registered, personAdded({ caseId: registered.data.caseId, role: 'victim' }, '2019-02-11T09:00:00Z'));
    // The relay publishes committed events in passes of its own; nudged after an access event, its pass would be counted with a later request.
    await services.apps[0].get(OutboxRelay).stop();
  });
  afterAll(() => {
    counter?.stop();
    return services?.stop();
  });

  const roundTrips = async (path: string, token: string): Promise<string[]> => {
    let status = 0;
    const queries = await counter.during(async () => ({ status } = await http('GET', `${base}/${path}`, { token })));
    expect(status).toBe(200);
    return queries.map(statementShape);
  };

  it('answers a table in two: one message for its read-only transaction (opened with its time limit, the query, the commit), then its access event', async () => {
    const read = [expect.stringMatching(/^START TRANSACTION \+ SET \? \+ (SELECT|WITH) \S+ \+ COMMIT$/), 'INSERT outbox'];
    const national = await services.tokenFor('analyst');
    expect(await roundTrips('cases_registered/table?from=2019-01&to=2019-03&by=region', national)).toEqual(read);
    expect(await roundTrips('victims_registered/table?from=2019-01&to=2019-03&by=ageBand', national)).toEqual(read);
    const regional = await services.tokenFor('analyst', { region: 'KG-GB' });
    expect(await roundTrips('victims_registered/table.csv?from=2019-01&to=2019-03&by=sex', regional)).toEqual(read);
  });

  it('answers a durations table in two parts side by side (every other period in each), on one snapshot: three round trips on one connection, one on another, then the access event', async () => {
    const national = await services.tokenFor('analyst');
    const sent = await roundTrips('duration_registration_to_final_decision_median/table?from=2019-01&to=2019-04&by=region', national);
    expect(sent.slice(0, 1)).toEqual(['START TRANSACTION + SET ? + SELECT ?']); // opened, with its time limit, and its snapshot exported
    expect(sent.slice(1, 3).sort()).toEqual([expect.stringMatching(/^START TRANSACTION \+ SET \? \+ SET \? \+ WITH \S+ \+ COMMIT$/), expect.stringMatching(/^WITH /)]);
    expect(sent.slice(3)).toEqual(['COMMIT', 'INSERT outbox']);
  });
});
