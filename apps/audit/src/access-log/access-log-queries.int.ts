import { randomUUID } from 'node:crypto';
import { AccessRecordedV1, CloudEvent } from '@icjims/contracts';
import { PublicKeyInfo, verifyLogExport } from '@icjims/integrity';
import { eventually, http, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { auditService } from '../audit.service';
import { AccessCheckpoints } from '../transparency/access-checkpoints';
import { accessRecorded, statementsOn } from './access-events.fixtures';

type Entry = { seq: number; eventId: string; actor: { sub: string; region: string | null }; personIds: string[]; purpose: string | null; count: number | null; flags: string[] };

describe('access-log queries and exports', () => {
  let services: RunningServices;
  let base: string;
  let auditor: string;

  beforeAll(async () => {
    services = await startServices([auditService]);
    base = `${services.urls.audit}/api/v1`;
    auditor = await services.tokenFor('auditor');
  });
  afterAll(() => services?.stop());

  const deliver = (...events: CloudEvent<AccessRecordedV1>[]) => publishEvents(services.bus, ...events);
  const list = async (query: string, token = auditor): Promise<{ items: Entry[]; nextBefore: number | null }> => {
    const response = await http('GET', `${base}/access-logs?${query}`, { token });
    if (response.status !== 200) throw new Error(`GET /access-logs?${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const ids = (page: { items: Entry[] }) => page.items.map((item) => item.eventId);

  /** Six entries of one user, each differing from the others in one filtered field. */
  async function sample() {
    const sub = `q-${randomUUID()}`;
    const person = randomUUID();
    const caseId = randomUUID();
    const actor = { sub, roles: ['prosecutor'], region: 'KG-GB' };
    const events = {
      person: accessRecorded('case-registry', { actor, resourceType: 'person', resourceId: person, personIds: [person, randomUUID()], purpose: 'investigation', caseId }),
      caseView: accessRecorded('case-registry', { actor, resourceType: 'case', resourceId: caseId, caseId, purpose: 'court_preparation' }),
      step: accessRecorded('procedural-steps', { actor, resourceType: 'step', caseId, personIds: [person], purpose: 'investigation', flags: ['restricted-record'] }),
      refused: accessRecorded('case-registry', { actor, resourceType: 'person', resourceId: person, outcome: 'denied', status: 403, reason: 'region KG-GB may not access person' }),
      throttled: accessRecorded('probation', { actor: { sub, roles: [] }, outcome: 'throttled', status: 429, count: 42 }),
      otherRegion: accessRecorded('probation', { actor: { ...actor, region: 'KG-C' } }),
    };
    await deliver(...Object.values(events));
    return { sub, person, caseId, events };
  }

  it('filters by person consulted, resource, purpose, case, outcome, service and region, and shows why and whom', async () => {
    const { sub, person, caseId, events } = await sample();
    const newestFirst = (...names: (keyof typeof events)[]) => names.map((name) => events[name].id).reverse();

    expect(ids(await list(`sub=${sub}&personId=${person}`))).toEqual(newestFirst('person', 'step'));
    expect(ids(await list(`sub=${sub}&personId=${person.toUpperCase()}`))).toEqual(newestFirst('person', 'step'));
    expect(ids(await list(`sub=${sub}&resourceType=person`))).toEqual(newestFirst('person', 'refused'));
    expect(ids(await list(`sub=${sub}&resourceType=person&resourceId=${person}&outcome=allowed`))).toEqual(newestFirst('person'));
    expect(ids(await list(`sub=${sub}&purpose=investigation`))).toEqual(newestFirst('person', 'step'));
    expect(ids(await list(`sub=${sub}&caseId=${caseId}&purpose=court_preparation`))).toEqual(newestFirst('caseView'));
    expect(ids(await list(`sub=${sub}&outcome=throttled`))).toEqual(newestFirst('throttled'));
    expect(ids(await list(`sub=${sub}&service=procedural-steps`))).toEqual(newestFirst('step'));
    expect(ids(await list(`sub=${sub}&region=KG-C`))).toEqual(newestFirst('otherRegion'));
    expect(ids(await list(`sub=${sub}&region=national`))).toEqual(newestFirst('throttled'));
    expect(ids(await list(`sub=${sub}&purpose=statistics`))).toEqual([]);

    const [throttled] = (await list(`sub=${sub}&outcome=throttled`)).items;
    expect(throttled).toMatchObject({ count: 42, personIds: [], purpose: null, flags: [] });
    const [step] = (await list(`sub=${sub}&service=procedural-steps`)).items;
    expect(step).toMatchObject({ purpose: 'investigation', personIds: [person], flags: ['restricted-record'], count: null });
  });

  it('pages a filtered list with the cursor', async () => {
    const { sub, events } = await sample();
    const all = Object.values(events).map((event) => event.id).reverse();
    const first = await list(`sub=${sub}&limit=4`);
    const second = await list(`sub=${sub}&limit=4&before=${first.nextBefore}`);
    expect([...ids(first), ...ids(second)]).toEqual(all);
    expect(second.nextBefore).toBeNull();
  });

  it('narrows a regional auditor to their own region’s callers, and refuses them other regions', async () => {
    const { sub, events } = await sample();
    const regional = await services.tokenFor('auditor', { region: 'KG-C' });
    expect(ids(await list(`sub=${sub}`, regional))).toEqual([events.otherRegion.id]);
    expect(ids(await list(`sub=${sub}&region=KG-C`, regional))).toEqual([events.otherRegion.id]);
    for (const region of ['KG-GB', 'national']) {
      const refused = await http('GET', `${base}/access-logs?region=${region}`, { token: regional });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.detail).toMatch(/^region KG-C may not/);
    }
  });

  it('records whom an auditor looked up: the person filter is the entry’s person', async () => {
    const person = randomUUID();
    await list(`personId=${person}&purpose=audit`);
    const [own] = await eventually(async () => {
      const page = await list(`service=audit&personId=${person}`);
      return page.items.length ? page.items : undefined;
    });
    expect(own).toMatchObject({ action: 'list', resourceType: 'access-log', personIds: [person], actor: { sub: 'test-auditor' } });
  });

  it('answers a filtered page with one query', async () => {
    const { sub, person } = await sample();
    const statements = await statementsOn(/FROM access_log\b/, () =>
      list(`sub=${sub}&personId=${person}&resourceType=person&purpose=investigation&from=2020-01-01T00:00:00Z&outcome=allowed&service=case-registry&region=KG-GB`),
    );
    expect(statements).toHaveLength(1);
  });

  it.each([
    ['an unknown filter', 'user=x', 'user'],
    ['a personId that is not a UUID', 'personId=p-1', 'personId'],
    ['a purpose that is not a code', 'purpose=Investigation!', 'purpose'],
    ['a region that is not a code', 'region=KG%20GB', 'region'],
    ['a resourceType over 64 characters', `resourceType=${'x'.repeat(65)}`, 'resourceType'],
    ['an unknown outcome', 'outcome=maybe', 'outcome'],
  ])('refuses %s with a 400 naming it', async (_, query, field) => {
    for (const path of ['/access-logs', '/access-logs/export.csv']) {
      const response = await http('GET', `${base}${path}?${query}`, { token: auditor });
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('describes the auditors’ and the data-protection officer’s operations in OpenAPI, CSV ones as text/csv', async () => {
    const document = (await http('GET', `${services.urls.audit}/docs-json`)).body;
    const operation = (method: string, path: string) => document.paths[`/api/v1${path}`]?.[method];
    const csvPaths = ['/access-logs/export.csv', '/data-subject-reports/{personId}.csv'];
    for (const path of csvPaths) expect([path, Object.keys(operation('get', path).responses['200'].content)]).toEqual([path, ['text/csv']]);
    for (const path of ['/access-reports/persons-consulted', '/access-reports/off-hours', '/access-reports/region-refusals', '/access-reports/refusal-bursts']) {
      const parameters = operation('get', path).parameters.map((parameter: { name: string; required: boolean }) => `${parameter.name}${parameter.required ? '*' : ''}`);
      expect([path, parameters]).toEqual([path, expect.arrayContaining(['from*', 'to*', 'limit'])]);
    }
    expect(operation('get', '/access-logs').parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['personId', 'resourceType', 'resourceId', 'purpose', 'region', 'sub', 'caseId', 'from', 'to', 'outcome', 'service', 'limit', 'before']),
    );
    const report = operation('get', '/data-subject-reports/{personId}');
    expect(report.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Purpose', in: 'header', required: true })]));
    for (const path of ['/disclosure-deferrals/persons/{personId}', '/disclosure-deferrals/cases/{caseId}']) {
      expect([path, operation('put', path).requestBody.content['application/json'].schema]).toEqual([path, { $ref: '#/components/schemas/SetDisclosureDeferralDto' }]);
      expect(operation('put', path).responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
    }
  });

  describe('CSV export', () => {
    const csv = async (query: string, token = auditor) => {
      const response = await http('GET', `${base}/access-logs/export.csv?${query}`, { token });
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('text/csv; charset=utf-8');
      return (response.body as string).split('\r\n');
    };

    it('streams every matching entry oldest first, under a header, fields quoted and formulas defused', async () => {
      const { sub, person, events } = await sample();
      const hostile = accessRecorded('case-registry', {
        actor: { sub, roles: ['prosecutor'], region: 'KG-GB' },
        outcome: 'rejected',
        status: 400,
        reason: '=HYPERLINK("http://evil","click"), then\nmore',
        personIds: [person],
      });
      await deliver(hostile);

      const lines = await csv(`sub=${sub}&personId=${person}`);
      expect(lines[0]).toBe(
        'seq,eventId,occurredAt,service,actorSub,actorRoles,actorRegion,action,resourceType,resourceId,caseId,purpose,personIds,flags,outcome,count,status,method,route,reason,sourceIp,correlationId,recordedAt,format,prevHash,hash',
      );
      expect(lines.at(-1)).toBe('');
      const body = lines.slice(1, -1).join('\r\n');
      const rows = body.split(/\r\n(?=\d+,)/);
      expect(rows.map((row) => row.split(',')[1])).toEqual([events.person.id, events.step.id, hostile.id]);
      expect(rows[0]).toContain(`,investigation,${events.person.data.personIds!.join(' ')},,allowed,`);
      expect(rows[2]).toContain(`,"'=HYPERLINK(""http://evil"",""click""), then\nmore",`);
      const seqs = rows.map((row) => Number(row.split(',')[0]));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it('gives a regional auditor their own region’s callers only', async () => {
      const { sub, events } = await sample();
      const lines = await csv(`sub=${sub}`, await services.tokenFor('auditor', { region: 'KG-C' }));
      expect(lines.slice(1, -1).map((line) => line.split(',')[1])).toEqual([events.otherRegion.id]);
    });

    it('streams past a batch, one query per thousand entries', async () => {
      const sub = `bulk-${randomUUID()}`;
      const events = Array.from({ length: 1203 }, (_, index) => accessRecorded('analytics', { actor: { sub, roles: ['analyst'] }, resourceId: `r-${index}` }));
      for (let start = 0; start < events.length; start += 400) await deliver(...events.slice(start, start + 400));
      let lines: string[] = [];
      const statements = await statementsOn(/FROM access_log\b/, async () => {
        lines = await csv(`sub=${sub}`);
      });
      expect(lines.slice(1, -1).map((line) => line.split(',')[1])).toEqual(events.map((event) => event.id));
      expect(statements).toHaveLength(2);
    });

    it('refuses roles other than auditor', async () => {
      const response = await http('GET', `${base}/access-logs/export.csv`, { token: await services.tokenFor('admin') });
      expect(response.status).toBe(403);
      expect(response.contentType).toContain('application/problem+json');
    });
  });

  describe('NDJSON export with proofs (icjims-log-export/1)', () => {
    /** Signs the tree head now, as the next checkpoint would. */
    const checkpoint = async () => (await services.apps[0].get(AccessCheckpoints).checkpoint()) ?? (await http('GET', `${base}/access-logs/tree-head`, { token: auditor })).body;
    const keyring = async (): Promise<PublicKeyInfo[]> => (await http('GET', `${base}/access-logs/signing-keys`, { token: auditor })).body.keys;
    const ndjson = async (query: string, token = auditor) => {
      // Not through http(), which would parse the body as one JSON document.
      const response = await fetch(`${base}/access-logs/export.ndjson?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      return (await response.text()).split('\n').filter(Boolean);
    };

    it('exports a selection with inclusion proofs that verify offline against the signed head, and shows a changed line', async () => {
      const { sub, events } = await sample();
      const treeHead = await checkpoint();
      const later = accessRecorded('probation', { actor: { sub, roles: ['prosecutor'], region: 'KG-GB' } });
      await deliver(later);

      let lines: string[] = [];
      // The entries, and the tree nodes of their proofs (the checkpoint signer reads the tree head meanwhile).
      const statements = await statementsOn(/FROM access_log\b|JOIN access_tree node\b/, async () => {
        lines = await ndjson(`sub=${sub}`);
      });
      expect(statements).toHaveLength(2);
      expect(JSON.parse(lines[0])).toMatchObject({ format: 'icjims-log-export/1', log: 'audit.access', scope: 'partial', treeHead, selection: { sub } });
      const records = lines.slice(1, -1).map((line) => JSON.parse(line));
      expect(records.map((record) => record.fields.eventId)).toEqual(Object.values(events).map((event) => event.id));
      expect(records[0]).toEqual({ leafIndex: records[0].fields.seq - 1, fields: expect.objectContaining({ format: 2, purpose: 'investigation' }), proof: expect.any(Array) });
      expect(records[0].fields).not.toHaveProperty('hash');
      expect(JSON.parse(lines.at(-1)!)).toEqual({ end: 'icjims-log-export/1', records: 6 });

      const verdict = await verifyLogExport(lines, await keyring());
      expect(verdict).toMatchObject({ valid: true, records: 6, problems: [] });

      const forged = [...lines];
      forged[2] = forged[2].replace(`"outcome":"allowed"`, `"outcome":"denied"`);
      expect(await verifyLogExport(forged, await keyring())).toMatchObject({ valid: false, problems: [expect.objectContaining({ check: 'inclusion', line: 3 })] });
    });

    it('exports the whole log to a national auditor without filters, which verifies by its root', async () => {
      await sample();
      const treeHead = await checkpoint();
      const lines = await ndjson('');
      expect(JSON.parse(lines[0])).toMatchObject({ scope: 'full', treeHead });
      expect(lines).toHaveLength(treeHead.treeSize + 2);
      expect(JSON.parse(lines[1])).toMatchObject({ leafIndex: 0, leafHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await verifyLogExport(lines, await keyring())).toMatchObject({ valid: true, scope: 'full', records: treeHead.treeSize });
    });

    it('gives a regional auditor a partial export of their own region’s callers', async () => {
      const { sub, events } = await sample();
      await checkpoint();
      const lines = await ndjson(`sub=${sub}`, await services.tokenFor('auditor', { region: 'KG-C' }));
      expect(JSON.parse(lines[0])).toMatchObject({ scope: 'partial', selection: { sub, callerRegion: 'KG-C' } });
      expect(lines.slice(1, -1).map((line) => JSON.parse(line).fields.eventId)).toEqual([events.otherRegion.id]);
      expect(await verifyLogExport(lines, await keyring())).toMatchObject({ valid: true, records: 1 });
    });
  });
});
