import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccessRecorded, TreeHeadSigned } from '@icjims/contracts';
import { canonicalJson, chainHash, GENESIS_HASH, leafHash, verifyConsistency, verifyInclusion, verifyLogExport, verifyTreeHead } from '@icjims/integrity';
import { eventually, http, outboxEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, checkpointNow, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { KnownCase } from '../known-cases/known-case.entity';
import { StepDto } from '../steps/dto/step.dto';
import { JournalWriter } from '../steps/journal-writer';
import { stepChainFields } from '../steps/step-chain';
import { ProceduralStep } from '../steps/step.entity';
import { JournalTreeHeadDto } from '@icjims/journal';
import { InclusionProofDto } from './dto/journal-tree.dto';

const fromHex = (hex: string) => Buffer.from(hex, 'hex');

/** A step's leaf as an outside verifier computes it, from the API's fields alone. */
function leafOf(step: StepDto): Buffer {
  const { id, sequence, hash: _hash, recordedLate: _late, ...rest } = step;
  return leafHash(canonicalJson({ ...rest, seq: sequence, stepId: id }));
}

/** A case's export as its lines (NDJSON is not one JSON document, so not through http()). */
async function exportOf(base: string, caseId: string, token: string, purpose?: string): Promise<{ status: number; contentType: string; lines: string[] }> {
  const response = await fetch(`${base}/cases/${caseId}/steps/export`, { headers: { authorization: `Bearer ${token}`, ...(purpose && { 'x-purpose': purpose }) } });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', lines: (await response.text()).trimEnd().split('\n') };
}

/** A case with three steps of its own (registration, start, suspension). */
async function caseWithSteps(services: RunningServices, api: { base: string; token: string }): Promise<{ caseId: string; steps: StepDto[] }> {
  const caseId = await announceCase(services.bus);
  await recordStep(api, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
  await recordStep(api, caseId, { stepType: 'proceedings_suspended', occurredAt: '2026-11-04T08:00:00Z', details: { ground: 'suspect_absconding' } });
  const steps = (await http<StepDto[]>('GET', `${api.base}/cases/${caseId}/steps`, { token: api.token })).body;
  return { caseId, steps };
}

async function start() {
  const services = await startProceduralSteps();
  const base = `${services.urls['procedural-steps']}/api/v1`;
  const api = { base, token: await services.tokenFor('prosecutor', { region: 'KG-GB' }) };
  const auditor = await services.tokenFor('auditor');
  return { services, base, api, auditor };
}

describe('the journal tree: sealing, checkpoints and proofs', () => {
  let services: RunningServices;
  let base: string;
  let api: { base: string; token: string };
  let auditor: string;

  beforeAll(async () => ({ services, base, api, auditor } = await start()));
  afterAll(() => services.stop());

  const leafIndexOf = async (stepId: string) => Number((await services.db.query('SELECT leaf_index FROM procedural_steps.step_leaves WHERE step_id = $1', [stepId])).rows[0]?.leaf_index ?? NaN);
  /** In one query: one client runs one query at a time. */
  const leafIndexesOf = async (stepIds: string[]) => {
    const { rows } = await services.db.query('SELECT step_id::text AS step, leaf_index FROM procedural_steps.step_leaves WHERE step_id = ANY($1::uuid[])', [stepIds]);
    const leaves = new Map(rows.map((row: { step: string; leaf_index: string }) => [row.step, Number(row.leaf_index)]));
    return stepIds.map((stepId) => leaves.get(stepId) ?? NaN);
  };

  it('seals committed steps and signs the head when the tree grew: in the checkpoint file, as an event, and over the API', async () => {
    const { steps } = await caseWithSteps(services, api);
    const head = (await checkpointNow(services))!;
    const { rows } = await services.db.query('SELECT count(*)::int AS steps FROM procedural_steps.steps');
    expect(head).toMatchObject({ log: 'procedural-journal', treeSize: rows[0].steps });
    expect(await checkpointNow(services)).toBeUndefined(); // nothing new: no new head

    const file = readFileSync(join(services.transparencyDir, 'checkpoints', 'procedural-journal.checkpoints.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(file.at(-1)!)).toEqual(head);
    expect(await outboxEvents(services.db, TreeHeadSigned['procedural-steps'], 'procedural-journal')).toContainEqual(head);

    const published = await http<JournalTreeHeadDto>('GET', `${base}/journal/tree-head`, { token: api.token });
    expect(published.body.treeHead).toEqual(head);
    expect(verifyTreeHead(published.body.treeHead!, published.body.keys)).toBe(true);
    const leaves = await leafIndexesOf(steps.map((step) => step.id));
    expect(leaves.every((leaf) => leaf < head.treeSize)).toBe(true);
  });

  it('proves a step in a signed head, and two heads consistent, with proofs an outsider can check', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    const first = (await checkpointNow(services))!;
    const proof = await http<InclusionProofDto>('GET', `${base}/cases/${caseId}/steps/${steps[1].id}/inclusion-proof`, { token: api.token });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ stepId: steps[1].id, sequence: 2, treeSize: first.treeSize, rootHash: first.rootHash, treeHead: first });
    expect(proof.body.leafHash).toBe(leafOf(steps[1]).toString('hex'));
    expect(verifyInclusion(proof.body.leafIndex, proof.body.treeSize, leafOf(steps[1]), proof.body.path.map(fromHex), fromHex(first.rootHash))).toBe(true);

    await caseWithSteps(services, api);
    const second = (await checkpointNow(services))!;
    const consistency = await http('GET', `${base}/journal/consistency-proof?from=${first.treeSize}`, { token: auditor });
    expect(consistency.body).toMatchObject({ fromSize: first.treeSize, toSize: second.treeSize, fromRoot: first.rootHash, toRoot: second.rootHash, toTreeHead: second });
    expect(verifyConsistency(first.treeSize, second.treeSize, fromHex(first.rootHash), fromHex(second.rootHash), consistency.body.proof.map(fromHex))).toBe(true);

    const earlier = await http<InclusionProofDto>('GET', `${base}/cases/${caseId}/steps/${steps[1].id}/inclusion-proof?treeSize=${second.treeSize}`, { token: auditor });
    expect(verifyInclusion(earlier.body.leafIndex, second.treeSize, leafOf(steps[1]), earlier.body.path.map(fromHex), fromHex(second.rootHash))).toBe(true);
  });

  it('answers 409 for a step not yet in a checkpoint, 400 for a tree size beyond the tree, 404 for a step of another case, 403 for another region', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    const other = await caseWithSteps(services, api);
    const proofOf = (path: string, token = api.token) => http('GET', `${base}/cases/${path}`, { token });
    expect((await proofOf(`${caseId}/steps/${steps[2].id}/inclusion-proof`)).status).toBe(409);
    await checkpointNow(services);
    const beyond = await proofOf(`${caseId}/steps/${steps[2].id}/inclusion-proof?treeSize=999999`);
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors.map((error: { field: string }) => error.field)).toEqual(['treeSize']);
    expect((await proofOf(`${caseId}/steps/${other.steps[0].id}/inclusion-proof`)).status).toBe(404);
    expect((await proofOf(`${caseId}/steps/${steps[2].id}/inclusion-proof`, await services.tokenFor('prosecutor', { region: 'KG-C' }))).status).toBe(403);
    const backwards = await http('GET', `${base}/journal/consistency-proof?from=3&to=2`, { token: auditor });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((error: { field: string }) => error.field)).toEqual(['from']);
  });

  it('never skips a step whose transaction commits after later ones: it waits for it, then puts it before them', async () => {
    const slowCase = await caseWithSteps(services, api);
    await checkpointNow(services);
    // A step recorded through the real write path, in a transaction that stays open while others commit.
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowStep: ProceduralStep | undefined;
    const slow = services.apps[0].get(DataSource).transaction(async (manager) => {
      const known = await manager.findOneOrFail(KnownCase, { where: { caseId: slowCase.caseId }, lock: { mode: 'pessimistic_write' } });
      slowStep = await services.apps[0].get(JournalWriter).append(manager, known, { stepType: 'proceedings_resumed', occurredAt: new Date('2026-11-05T08:00:00Z'), recordedBy: 'slow-recorder', details: {} });
      await gate;
    });
    await eventually(async () => slowStep);
    const { steps } = await caseWithSteps(services, api);
    expect(await checkpointNow(services)).toBeUndefined();
    expect(await leafIndexOf(steps[0].id)).toBeNaN();

    release();
    await slow;
    const after = (await checkpointNow(services))!;
    const slowLeaf = await leafIndexOf(slowStep!.id);
    expect(slowLeaf).toBeLessThan(after.treeSize);
    expect(slowLeaf).toBeLessThan(Math.min(...(await leafIndexesOf(steps.map((step) => step.id)))));
  });

  it('proves each sealed step of a case in the latest checkpoint when the case is verified, and counts the ones awaiting the next', async () => {
    const { caseId } = await caseWithSteps(services, api);
    await checkpointNow(services);
    await recordStep(api, caseId, { stepType: 'proceedings_resumed', occurredAt: '2026-11-05T08:00:00Z' });
    const verification = await http('GET', `${base}/cases/${caseId}/steps/verification`, { token: api.token });
    expect(verification.body).toMatchObject({ valid: true, checked: 4, provenInCheckpoint: 3, awaitingCheckpoint: 1, checkpoint: { log: 'procedural-journal' } });
    const timeline = await http('GET', `${base}/cases/${caseId}/timeline`, { token: api.token, purpose: 'investigation' });
    expect(timeline.body.integrity).toMatchObject({ valid: true, provenInCheckpoint: 3, awaitingCheckpoint: 1 });
  });

  it('exports a case’s journal with its proofs, verifiable offline with the published keys, naming who was consulted and why', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    const person = await addPerson(services.bus, caseId);
    await recordStep(api, caseId, { stepType: 'proceedings_resumed', occurredAt: '2026-11-05T08:00:00Z' });
    await recordStep(api, caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-05T09:00:00Z', personId: person, details: { offenceArticle: '209-1' } });
    const head = (await checkpointNow(services))!;
    // After the checkpoint: in the next export.
    await recordStep(api, caseId, { stepType: 'proceedings_suspended', occurredAt: '2026-11-06T08:00:00Z', details: { ground: 'suspect_absconding' } });

    const { status, contentType, lines } = await exportOf(base, caseId, api.token, 'court_preparation');
    expect(status).toBe(200);
    expect(contentType).toContain('application/x-ndjson');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'icjims-log-export/1', log: 'procedural-journal', scope: 'partial', treeHead: head, selection: { caseId, steps: 6, awaitingCheckpoint: 1 } });
    expect(lines.slice(1, -1).map((line) => JSON.parse(line).fields.stepId)).toEqual([...steps.map((step) => step.id), expect.any(String), expect.any(String)]);
    const { keys } = (await http<JournalTreeHeadDto>('GET', `${base}/journal/tree-head`, { token: auditor })).body;
    expect(await verifyLogExport(lines, keys, { checkpoints: [head] })).toMatchObject({ valid: true, records: 5 });

    const [access] = (await outboxEvents(services.db, AccessRecorded['procedural-steps'], caseId)).filter((entry) => entry.action === 'export');
    expect(access).toMatchObject({ purpose: 'court_preparation', personIds: [person] });
    expect((await exportOf(base, caseId, api.token)).status).toBe(400);
  });

  it('lets a national auditor verify the whole journal, and nobody else', async () => {
    await caseWithSteps(services, api);
    const head = (await checkpointNow(services))!;
    const verification = await http('GET', `${base}/journal/verification`, { token: auditor });
    expect(verification.body).toMatchObject({ valid: true, leaves: head.treeSize, verifiedTreeSize: head.treeSize, latestCheckpoint: head });
    expect((await http('GET', `${base}/journal/verification`, { token: api.token })).status).toBe(403);
    expect((await http('GET', `${base}/journal/verification`, { token: await services.tokenFor('auditor', { region: 'KG-GB' }) })).status).toBe(403);
  });
});

describe('the journal tree at shutdown', () => {
  it('seals and signs what was recorded before the service stops, and starts again on the same checkpoints', async () => {
    const { services, api } = await start();
    const { caseId } = await caseWithSteps(services, api);
    const { databaseUrl, transparencyDir } = services;
    const { rows } = await services.db.query('SELECT count(*)::int AS steps FROM procedural_steps.steps');
    await services.stop();
    const file = join(transparencyDir, 'checkpoints', 'procedural-journal.checkpoints.ndjson');
    const signed = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!);
    expect(signed).toMatchObject({ log: 'procedural-journal', treeSize: rows[0].steps });

    const again = await startProceduralSteps({ databaseUrl, transparencyDir });
    try {
      const base = `${again.urls['procedural-steps']}/api/v1`;
      await recordStep({ base, token: await again.tokenFor('prosecutor', { region: 'KG-GB' }) }, caseId, { stepType: 'proceedings_resumed', occurredAt: '2026-11-05T08:00:00Z' });
      const next = (await checkpointNow(again))!;
      expect(next.treeSize).toBe(signed.treeSize + 1);
      expect((await http('GET', `${base}/journal/verification`, { token: await again.tokenFor('auditor') })).body).toMatchObject({ valid: true, checkpoints: 2, verifiedTreeSize: next.treeSize });
    } finally {
      await again.stop();
    }
  });
});

describe('the journal tree against someone who can set the database’s triggers aside', () => {
  let services: RunningServices;
  let base: string;
  let api: { base: string; token: string };
  let auditor: string;

  beforeEach(async () => ({ services, base, api, auditor } = await start()));
  afterEach(() => services.stop());

  /** Runs SQL as a superuser would, with the append-only triggers (and foreign keys) of the journal off. */
  async function asSuperuser(work: (db: Client) => Promise<void>): Promise<void> {
    const tables = ['steps', 'step_leaves', 'journal_tree'].map((table) => `procedural_steps.${table}`);
    for (const table of tables) await services.db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    try {
      await work(services.db);
    } finally {
      for (const table of tables) await services.db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    }
  }

  /** Recomputes a case's whole hash chain and head from its steps as they now stand, as a careful forger would. */
  async function rechain(db: Client, caseId: string): Promise<void> {
    const steps = await services.apps[0].get(DataSource).getRepository(ProceduralStep).find({ where: { caseId }, order: { sequence: 'ASC' } });
    let prevHash = GENESIS_HASH;
    for (const step of steps) {
      const hash = chainHash(prevHash, stepChainFields(step));
      await db.query('UPDATE procedural_steps.steps SET prev_hash = $1, hash = $2 WHERE id = $3', [prevHash, hash, step.id]);
      prevHash = hash;
    }
    await db.query('UPDATE procedural_steps.known_cases SET last_hash = $1, version = $2 WHERE case_id = $3', [prevHash, steps.length, caseId]);
  }

  const verifyCase = async (caseId: string) => (await http('GET', `${base}/cases/${caseId}/steps/verification`, { token: api.token })).body;
  const verifyJournal = async () => (await http('GET', `${base}/journal/verification`, { token: auditor })).body;
  const leafIndexOf = async (stepId: string) => Number((await services.db.query('SELECT leaf_index FROM procedural_steps.step_leaves WHERE step_id = $1', [stepId])).rows[0].leaf_index);

  it('finds a rewritten step whose chain and head were recomputed, in the case and in the whole journal', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    await caseWithSteps(services, api);
    await checkpointNow(services);
    const leafIndex = await leafIndexOf(steps[1].id);
    await asSuperuser(async (db) => {
      await db.query(`UPDATE procedural_steps.steps SET occurred_at = occurred_at - interval '1 day' WHERE id = $1`, [steps[1].id]);
      await rechain(db, caseId);
    });

    expect(await verifyCase(caseId)).toMatchObject({ valid: false, checked: 1, firstBrokenSequence: 2, firstBrokenStepId: steps[1].id, problem: 'not-in-checkpoint' });
    expect(await verifyJournal()).toMatchObject({ valid: false, problem: 'step-changed', firstBadLeafIndex: leafIndex, firstBadStepId: steps[1].id, firstBadCaseId: caseId, firstBadSequence: 2 });
    const { lines } = await exportOf(base, caseId, api.token, 'audit');
    const { keys } = (await http<JournalTreeHeadDto>('GET', `${base}/journal/tree-head`, { token: auditor })).body;
    const offline = await verifyLogExport(lines, keys);
    expect(offline).toMatchObject({ valid: false, problems: [expect.objectContaining({ check: 'inclusion', leafIndex })] });
  });

  it('finds a deleted step, its leaf and its case’s head made to fit', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    await caseWithSteps(services, api);
    await checkpointNow(services);
    const leafIndex = await leafIndexOf(steps[2].id);
    await asSuperuser(async (db) => {
      await db.query('DELETE FROM procedural_steps.step_leaves WHERE step_id = $1', [steps[2].id]);
      await db.query('DELETE FROM procedural_steps.deadlines WHERE start_step_id = $1 OR stopped_by_step_id = $1', [steps[2].id]);
      await db.query('DELETE FROM procedural_steps.steps WHERE id = $1', [steps[2].id]);
      await rechain(db, caseId);
    });

    expect(await verifyJournal()).toMatchObject({ valid: false, problem: 'step-missing', firstBadLeafIndex: leafIndex });
  });

  it('answers a tree emptied in the database with 409 for proofs, and fails the case’s verification', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    await checkpointNow(services);
    await asSuperuser((db) => db.query('DELETE FROM procedural_steps.journal_tree').then(() => undefined));

    expect((await http('GET', `${base}/cases/${caseId}/steps/${steps[0].id}/inclusion-proof`, { token: api.token })).status).toBe(409);
    expect(await verifyCase(caseId)).toMatchObject({ valid: false, firstBrokenSequence: 1, problem: 'not-in-checkpoint' });
  });

  it('finds a journal truncated below its checkpoint', async () => {
    const { caseId, steps } = await caseWithSteps(services, api);
    const head = (await checkpointNow(services))!;
    const firstGone = await leafIndexOf(steps[1].id);
    await asSuperuser(async (db) => {
      await db.query('DELETE FROM procedural_steps.step_leaves WHERE leaf_index >= $1', [firstGone]);
      await db.query('DELETE FROM procedural_steps.deadlines WHERE case_id = $1', [caseId]);
      await db.query('DELETE FROM procedural_steps.steps WHERE case_id = $1 AND sequence > 1', [caseId]);
      await rechain(db, caseId);
    });

    expect(await verifyJournal()).toMatchObject({ valid: false, problem: 'journal-truncated', firstBadLeafIndex: firstGone, leaves: firstGone, latestCheckpoint: { treeSize: head.treeSize } });
    // Nor does the sealer sign the shorter journal's tree as if nothing happened.
    expect(await checkpointNow(services)).toBeUndefined();
  });
});
