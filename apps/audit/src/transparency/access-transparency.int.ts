import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { AccessRecordedV1, CloudEvent, deadLetterTopic, eventTopic, TreeHeadSigned } from '@icjims/contracts';
import { chainHash, GENESIS_HASH, leafHash, SignedTreeHead, verifyConsistency, verifyInclusion, verifyTreeHead } from '@icjims/integrity';
import { eventually, http, outboxCloudEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { accessRecorded } from '../access-log/access-events.fixtures';
import { ChainedEntry, ChainedFields, entryJson, hashedFields } from '../access-log/access-chain';
import { ACCESS_LOG_NAME, AccessLogRow, accessTree, ENTRY_COLUMNS, entryFromRow } from '../access-log/access-log.store';
import { auditService } from '../audit.service';
import { AccessCheckpoints } from './access-checkpoints';
import { AccessLogRetention } from './access-log-retention';
import { accessLogRetentionDays } from './access-log-retention-days';

/** The audit service with its checkpoint timer held off: tests take checkpoints themselves. */
async function startAudit(): Promise<RunningServices> {
  process.env.ICJIMS_CHECKPOINT_INTERVAL_SECONDS = '3600';
  try {
    return await startServices([auditService]);
  } finally {
    delete process.env.ICJIMS_CHECKPOINT_INTERVAL_SECONDS;
  }
}

/** Runs statements as a superuser that switched the triggers off: what an attacker with the database can do. */
async function bypassingTriggers(db: Client, work: () => Promise<unknown>): Promise<void> {
  await db.query('BEGIN');
  await db.query('SET LOCAL session_replication_role = replica');
  await db.query('SET LOCAL search_path = audit');
  await work();
  await db.query('COMMIT');
}

/**
 * Rewrites the whole log as a careful attacker would: `edit` changes the entries, then every
 * seq, chain hash, the head and the stored Merkle tree are recomputed to match.
 */
async function rewriteHistory(db: Client, edit: (entries: ChainedEntry[]) => ChainedEntry[]): Promise<void> {
  const rows: AccessLogRow[] = (await db.query(`SELECT ${ENTRY_COLUMNS} FROM audit.access_log ORDER BY seq`)).rows;
  let prevHash = GENESIS_HASH;
  const entries = edit(rows.map(entryFromRow)).map((entry, i) => {
    const { prevHash: _, hash: __, ...fields } = { ...entry, seq: i + 1 };
    const hash = chainHash(prevHash, hashedFields(fields as ChainedFields) as ChainedEntry);
    const rechained = { ...(fields as ChainedFields), prevHash, hash };
    prevHash = hash;
    return rechained;
  });
  const asManager = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as EntityManager;
  await bypassingTriggers(db, async () => {
    await db.query('DELETE FROM access_log');
    for (const e of entries) {
      await db.query(`INSERT INTO access_log (${ENTRY_COLUMNS}) VALUES (${Array.from({ length: 26 }, (_, i) => `$${i + 1}`).join(', ')})`, [
        e.seq, e.eventId, e.occurredAt, e.service, e.actorSub, e.actorRoles, e.actorRegion, e.action, e.resourceType, e.resourceId, e.caseId,
        e.outcome, e.status, e.method, e.route, e.reason, e.sourceIp, e.correlationId, e.recordedAt, e.format, e.purpose, e.personIds, e.flags,
        e.count, e.prevHash, e.hash,
      ]);
    }
    await db.query('UPDATE access_log_head SET last_seq = $1, last_hash = $2', [entries.length, prevHash]);
    await db.query('DELETE FROM access_tree');
    await accessTree.append(asManager, entries.map((entry) => leafHash(entryJson(entry))));
  });
}

describe('access log transparency', () => {
  let services: RunningServices;
  let base: string;
  let auditor: string;
  const deliver = (...events: CloudEvent<AccessRecordedV1>[]) => publishEvents(services.bus, ...events);
  const checkpoint = () => services.apps[0].get(AccessCheckpoints).checkpoint();
  const get = async (path: string, token = auditor) => http('GET', `${base}${path}`, { token });
  const verify = async () => (await get('/access-logs/verify')).body;
  const db = (sql: string, params: unknown[]) => services.db.query(sql, params);

  describe('on an honest log', () => {
    beforeAll(async () => {
      services = await startAudit();
      base = `${services.urls.audit}/api/v1`;
      auditor = await services.tokenFor('auditor');
    });
    afterAll(() => services?.stop());

    it('says there is no signed tree head before the first checkpoint', async () => {
      const response = await get('/access-logs/tree-head');
      expect(response.status).toBe(404);
      expect(response.contentType).toContain('application/problem+json');
    });

    it('signs the head when the log grew: to the checkpoint file, as an event, over the API', async () => {
      // The call of the test before is in the log first, so that nothing arrives while this one counts.
      const logged = async () => (await services.db.query(`SELECT count(*)::int AS n FROM audit.access_log`)).rows[0].n as number;
      await eventually(async () => ((await logged()) >= 1 ? true : undefined));
      await deliver(...Array.from({ length: 5 }, () => accessRecorded('case-registry')));
      const signed = (await checkpoint())!;
      const { rows } = await services.db.query(`SELECT count(*)::int AS n FROM audit.access_log`);
      expect(signed).toMatchObject({ log: ACCESS_LOG_NAME, treeSize: rows[0].n });

      const keys = (await get('/access-logs/signing-keys')).body.keys;
      expect(verifyTreeHead(signed, keys)).toBe(true);
      const file = readFileSync(join(services.transparencyDir, 'checkpoints', `${ACCESS_LOG_NAME}.checkpoints.ndjson`), 'utf8').trim().split('\n');
      expect(JSON.parse(file[file.length - 1])).toEqual(signed);
      expect((await outboxCloudEvents(services.db, TreeHeadSigned.audit, ACCESS_LOG_NAME)).map((event) => event.data)).toEqual([signed]);
      expect((await get('/access-logs/tree-head')).body).toEqual(signed);

      // The data-protection officer may read it too.
      expect((await get('/access-logs/tree-head', await services.tokenFor('data_protection_officer'))).body).toEqual(signed);
    });

    it('proves an entry in a signed tree, and that a later signed tree extends an earlier one', async () => {
      const first = (await get('/access-logs/tree-head')).body as SignedTreeHead;
      const event = accessRecorded('probation', { purpose: 'supervision' });
      await deliver(event, accessRecorded('analytics'));
      await get('/access-logs'); // one more entry: the auditor's own call
      const second = (await checkpoint())!;

      const { rows } = await services.db.query(`SELECT seq FROM audit.access_log WHERE event_id = $1`, [event.id]);
      const proof = (await get(`/access-logs/proofs/inclusion?seq=${rows[0].seq}`)).body;
      expect(proof).toMatchObject({ seq: Number(rows[0].seq), leafIndex: Number(rows[0].seq) - 1, treeSize: second.treeSize, rootHash: second.rootHash });
      expect(JSON.parse(proof.leafData)).toMatchObject({ eventId: event.id, purpose: 'supervision', format: 2 });
      expect(leafHash(proof.leafData).toString('hex')).toBe(proof.leafHash);
      const path = proof.auditPath.map((hash: string) => Buffer.from(hash, 'hex'));
      expect(verifyInclusion(proof.leafIndex, second.treeSize, Buffer.from(proof.leafHash, 'hex'), path, Buffer.from(second.rootHash, 'hex'))).toBe(true);

      const consistency = (await get(`/access-logs/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`)).body;
      expect(consistency).toMatchObject({ fromRoot: first.rootHash, toRoot: second.rootHash });
      const hashes = consistency.proof.map((hash: string) => Buffer.from(hash, 'hex'));
      expect(verifyConsistency(first.treeSize, second.treeSize, Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex'), hashes)).toBe(true);
      const verdict = await verify();
      expect(verdict).toMatchObject({ valid: true });
      expect(verdict.verifiedTreeSize).toBeGreaterThanOrEqual(second.treeSize);
    });

    it('stores why and whom a call consulted, and a throttled count', async () => {
      const personIds = [randomUUID(), randomUUID()];
      const consulted = accessRecorded('case-registry', { purpose: 'investigation', personIds, personIdsTruncated: true, flags: ['restricted-record'] });
      const throttled = accessRecorded('case-registry', { outcome: 'throttled', status: 429, count: 37, actor: { roles: [] } });
      await deliver(consulted, throttled);
      const { rows } = await services.db.query(`SELECT event_id, purpose, person_ids, flags, count, outcome, format FROM audit.access_log WHERE event_id = ANY($1) ORDER BY seq`, [
        [consulted.id, throttled.id],
      ]);
      expect(rows).toEqual([
        { event_id: consulted.id, purpose: 'investigation', person_ids: personIds, flags: ['restricted-record', 'person-ids-truncated'], count: null, outcome: 'allowed', format: 2 },
        { event_id: throttled.id, purpose: null, person_ids: [], flags: [], count: 37, outcome: 'throttled', format: 2 },
      ]);
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('keeps an entry of the first format verifying as it was hashed, and puts it in the tree at the next append', async () => {
      // The head locked as the service's appends lock it: the access events of earlier calls may still be arriving.
      await services.db.query('BEGIN');
      const head = (await services.db.query('SELECT last_seq::int AS seq, last_hash AS hash FROM audit.access_log_head FOR UPDATE')).rows[0];
      const v1 = {
        seq: head.seq + 1, eventId: randomUUID(), occurredAt: '2025-06-01T10:00:00.000Z', service: 'case-registry', actorSub: 'old-timer', actorRoles: ['prosecutor'],
        actorRegion: 'KG-GB', action: 'read', resourceType: 'case', resourceId: null, caseId: null, outcome: 'allowed', status: 200, method: 'GET',
        route: '/api/v1/cases/:caseId', reason: null, sourceIp: null, correlationId: null, recordedAt: '2025-06-01T10:00:01.000Z',
      };
      const hash = chainHash(head.hash, v1);
      // As the service wrote entries before 1763900000510: the nineteen fields, no format (so 1), no leaf.
      await services.db.query(
        `INSERT INTO audit.access_log (seq, event_id, occurred_at, service, actor_sub, actor_roles, actor_region, action, resource_type, resource_id, case_id,
           outcome, status, method, route, reason, source_ip, correlation_id, recorded_at, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        [...Object.values(v1), head.hash, hash],
      );
      await services.db.query('UPDATE audit.access_log_head SET last_seq = $1, last_hash = $2', [v1.seq, hash]);
      const leaves = async () => (await services.db.query(`SELECT count(*)::int AS n FROM audit.access_tree WHERE level = 0`)).rows[0].n;
      expect(await leaves()).toBe(v1.seq - 1);
      await services.db.query('COMMIT');

      await deliver(accessRecorded('analytics'));
      // The head and the leaves on one snapshot: an earlier call's access event may be appended between two reads.
      const [{ last, n }] = (await services.db.query(`SELECT (SELECT last_seq::int FROM audit.access_log_head) AS last, (SELECT count(*)::int FROM audit.access_tree WHERE level = 0) AS n`)).rows;
      expect(last).toBeGreaterThan(v1.seq);
      expect(n).toBe(last);
      const signed = (await checkpoint())!;
      expect(signed.treeSize).toBeGreaterThan(v1.seq);
      expect(await verify()).toMatchObject({ valid: true });
      const proof = (await get(`/access-logs/proofs/inclusion?seq=${v1.seq}&treeSize=${signed.treeSize}`)).body;
      expect(JSON.parse(proof.leafData)).toEqual(v1);
    });

    it('stores and verifies text that JSON escapes, however odd', async () => {
      const odd = accessRecorded('probation', { reason: 'quote " backslash \\ tab \t line\nbreak \u0001 \u007f é 漢 😀 \u2028', resourceId: 'nul\u0000in-id' });
      await deliver(odd);
      const { rows } = await services.db.query(`SELECT resource_id FROM audit.access_log WHERE event_id = $1`, [odd.id]);
      expect(rows[0].resource_id).toBe('nul\\u0000in-id');
      await checkpoint();
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('appends a batch at once, each event once, and dead-letters only the event whose body names another producer', async () => {
      const batch = Array.from({ length: 300 }, () => accessRecorded('analytics'));
      const poison = { ...accessRecorded('analytics'), data: accessRecorded('probation').data };
      await services.bus.publish(
        [...batch.slice(0, 150), poison, ...batch.slice(150)].map((event) => ({ topic: eventTopic('analytics'), key: event.subject, value: JSON.stringify(event), headers: {} })),
      );
      await deliver(batch[0]); // a redelivery
      const { rows } = await services.db.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM audit.access_log WHERE event_id = ANY($1)`, [
        batch.map((event) => event.id),
      ]);
      expect(rows[0]).toEqual({ n: 300, distinct: 300 });
      const dead = await services.db.query(`SELECT 1 FROM audit.outbox WHERE topic = $1 AND message_key = $2`, [deadLetterTopic('audit'), poison.subject]);
      expect(dead.rows).toHaveLength(1);
      const [{ size }] = (await services.db.query(`SELECT count(*)::int AS size FROM audit.access_tree WHERE level = 0`)).rows;
      const [{ last }] = (await services.db.query(`SELECT last_seq::int AS last FROM audit.access_log_head`)).rows;
      expect(size).toBe(last);
      expect(await verify()).toMatchObject({ valid: true, entries: last });
    });

    it.each([
      ['a prosecutor', async () => ({ path: '/access-logs/tree-head', token: await services.tokenFor('prosecutor', { region: 'KG-GB' }), status: 403 })],
      ['a seq beyond the tree', async () => ({ path: '/access-logs/proofs/inclusion?seq=999999&treeSize=999999', token: auditor, status: 400, field: 'treeSize' })],
      ['no seq', async () => ({ path: '/access-logs/proofs/inclusion', token: auditor, status: 400, field: 'seq' })],
      ['a seq that is not a number', async () => ({ path: '/access-logs/proofs/inclusion?seq=first', token: auditor, status: 400, field: 'seq' })],
      ['a seq after the tree size', async () => ({ path: '/access-logs/proofs/inclusion?seq=3&treeSize=2', token: auditor, status: 400, field: 'seq' })],
      ['a consistency from after to', async () => ({ path: '/access-logs/proofs/consistency?from=3&to=2', token: auditor, status: 400, field: 'from' })],
      ['a regional auditor proving another region’s entry', async () => ({ path: '/access-logs/proofs/inclusion?seq=1&treeSize=1', token: await services.tokenFor('auditor', { region: 'KG-C' }), status: 404 })],
    ])('answers %s with problem+json', async (_, request) => {
      const { path, token, status, field } = (await request()) as { path: string; token: string; status: number; field?: string };
      const response = await get(path, token);
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
      if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('retention', () => {
    const DAY = 24 * 3600 * 1000;
    beforeAll(async () => {
      services = await startAudit();
      base = `${services.urls.audit}/api/v1`;
      auditor = await services.tokenFor('auditor');
    });
    afterAll(() => services?.stop());

    it('prunes the entries past the retention period up to a signed checkpoint, and the log still verifies and still shows a rewrite', async () => {
      const longAgo = new Date(Date.now() - 400 * DAY).toISOString();
      await deliver(...Array.from({ length: 10 }, () => accessRecorded('probation', { occurredAt: longAgo })));
      const old = (await checkpoint())!;
      expect(old.treeSize).toBe(10);
      await deliver(...Array.from({ length: 5 }, () => accessRecorded('probation')));
      await checkpoint();

      const retention = services.apps[0].get(AccessLogRetention);
      expect(await retention.prune(new Date(Date.now() - 365 * DAY))).toBe(10);
      expect(await retention.prune(new Date(Date.now() - 365 * DAY))).toBe(0);
      expect((await services.db.query(`SELECT min(seq)::int AS first FROM audit.access_log`)).rows[0].first).toBe(11);
      expect((await services.db.query(`SELECT through_seq::int AS through, entries::int FROM audit.access_log_prunes`)).rows).toEqual([{ through: 10, entries: 10 }]);
      expect(await verify()).toMatchObject({ valid: true, prunedThroughSeq: 10 });

      // The service's own login can neither delete nor prune what is not old enough.
      const asService = services.dbAsService('audit');
      await expect(asService.query(`DELETE FROM access_log WHERE seq = 11`)).rejects.toThrow();
      await expect(asService.query(`SELECT prune_access_log(12, $1, now())`, [old.rootHash])).rejects.toThrow(/at least 365 days/);
      await expect(asService.query(`SELECT prune_access_log(12, $1, now() - interval '366 days')`, [old.rootHash])).rejects.toThrow(/not all older/);

      await bypassingTriggers(services.db, () => db(`UPDATE access_log SET actor_sub = 'someone-else' WHERE seq = 12`, []));
      expect(await verify()).toMatchObject({ valid: false, firstBrokenSeq: 12, prunedThroughSeq: 10 });
    });

    it('refuses a retention shorter than a year', () => {
      expect(() => accessLogRetentionDays({ AUDIT_RETENTION_DAYS: '30' })).toThrow(/AUDIT_RETENTION_DAYS/);
      expect(accessLogRetentionDays({ AUDIT_RETENTION_DAYS: '' })).toBeUndefined();
      expect(accessLogRetentionDays({ AUDIT_RETENTION_DAYS: '3650' })).toBe(3650);
    });
  });

  describe('against an attacker who owns the database', () => {
    /** 40 entries, checkpoints at 10 and 30. */
    beforeEach(async () => {
      services = await startAudit();
      base = `${services.urls.audit}/api/v1`;
      auditor = await services.tokenFor('auditor');
      const feed = (n: number) => deliver(...Array.from({ length: n }, (_, i) => accessRecorded('probation', { actor: { sub: `user-${i}`, roles: ['probation_officer'] } })));
      await feed(10);
      await checkpoint();
      await feed(20);
      await checkpoint();
      await feed(10);
    });
    afterEach(() => services?.stop());

    it('finds an entry rewritten with every hash, the head and the tree recomputed — which the chain alone calls valid', async () => {
      await rewriteHistory(services.db, (entries) => entries.map((entry) => (entry.seq === 17 ? { ...entry, actorSub: 'someone-else' } : entry)));
      const verdict = await verify();
      expect(verdict).toMatchObject({ valid: false, problem: 'entry-changed', firstBrokenSeq: 11, checked: 10, verifiedTreeSize: 10 });
      // Without the checkpoints outside the database, nothing would show: the chain, the head and the tree agree.
      expect(verdict.detail).toMatch(/size 30/);
      // …and the rewritten tree is not signed.
      expect(await checkpoint()).toBeUndefined();
    });

    it('names the rewritten entry itself when only the entries were rewritten', async () => {
      const { rows } = await services.db.query(`SELECT ${ENTRY_COLUMNS} FROM audit.access_log WHERE seq >= 17 ORDER BY seq`);
      let prevHash = (await services.db.query(`SELECT hash FROM audit.access_log WHERE seq = 16`)).rows[0].hash;
      await bypassingTriggers(services.db, async () => {
        for (const row of rows as AccessLogRow[]) {
          const entry = entryFromRow(row);
          const { prevHash: _, hash: __, ...stored } = entry;
          const fields: ChainedFields = { ...stored, actorSub: entry.seq === 17 ? 'someone-else' : entry.actorSub };
          const hash = chainHash(prevHash, hashedFields(fields) as ChainedEntry);
          await db(`UPDATE access_log SET actor_sub = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [entry.seq, fields.actorSub, prevHash, hash]);
          prevHash = hash;
        }
        await db(`UPDATE access_log_head SET last_hash = $1`, [prevHash]);
      });
      expect(await verify()).toMatchObject({ valid: false, problem: 'entry-changed', firstBrokenSeq: 17, checked: 16 });
    });

    it('finds an entry deleted and the rest renumbered and re-chained', async () => {
      await rewriteHistory(services.db, (entries) => entries.filter((entry) => entry.seq !== 5));
      expect(await verify()).toMatchObject({ valid: false, problem: 'entry-changed', firstBrokenSeq: 1, verifiedTreeSize: 0 });
    });

    it('finds a log cut short of its last checkpoint, head and tree cut too', async () => {
      await rewriteHistory(services.db, (entries) => entries.slice(0, 25));
      expect(await verify()).toMatchObject({ valid: false, problem: 'log-truncated', firstBrokenSeq: 26, checked: 25, verifiedTreeSize: 10 });
    });

    it('finds entries after the last checkpoint cut off with the head moved back', async () => {
      await rewriteHistory(services.db, (entries) => entries.slice(0, 35));
      // Past the last checkpoint only the witnesses can tell, and they saw 30: the log is intact up to there.
      expect(await verify()).toMatchObject({ valid: true, entries: 35, verifiedTreeSize: 30 });
    });
  });
});
