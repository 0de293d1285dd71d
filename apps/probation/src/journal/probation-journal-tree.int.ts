import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyTreeHead } from '@icjims/integrity';
import { ConsistencyProofDto, JournalTreeHeadDto } from '@icjims/journal';
import { http, RunningServices, startServices } from '@icjims/testing';
import { probationService } from '../probation.service';
import { ProbationJournalVerificationDto } from './dto/probation-journal-tree.dto';
import { ProbationJournalSealer } from './probation-journal-sealer';
import { probationJournalStore } from './probation-journal.store';

describe('the probation journal’s tree over the API: signed heads, consistency, verification', () => {
  let services: RunningServices;
  let base: string;
  let auditor: string;

  beforeAll(async () => {
    services = await startServices([probationService]);
    base = `${services.urls.probation}/api/v1/probation-journal`;
    auditor = await services.tokenFor('auditor');
  });
  afterAll(() => services?.stop());

  /** A stream with one entry, appended as the write path does, then sealed and signed. */
  async function streamSealed(): Promise<{ streamId: string; treeSize: number }> {
    const streamId = randomUUID();
    await services.apps[0].get(DataSource).transaction(async (manager) => {
      const head = await probationJournalStore.create(manager, {
        streamId, stream: 'probation_case', caseId: randomUUID(), region: 'KG-GB', office: null, personId: randomUUID(), status: 'active', state: {},
      });
      const opened = { sourceStepId: randomUUID(), caseType: 'probation_supervision', termMonths: 12, startsOn: '2026-11-02', endsOn: '2027-11-02', obligations: [] };
      await probationJournalStore.append(manager, head, [{ entryType: 'opened', occurredAt: '2026-11-02T08:00:00Z', details: opened }], 'system', { status: 'active', state: {} });
    });
    const signed = (await services.apps[0].get(ProbationJournalSealer).checkpoint())!;
    return { streamId, treeSize: signed.treeSize };
  }

  it('gives the latest signed head with the keys that verify it, to officers, supervisors, admins and auditors', async () => {
    const { treeSize } = await streamSealed();
    for (const token of [auditor, await services.tokenFor('probation_officer', { region: 'KG-GB' }), await services.tokenFor('admin')]) {
      const { status, body } = await http<JournalTreeHeadDto>('GET', `${base}/tree-head`, { token });
      expect(status).toBe(200);
      expect(body.treeHead).toMatchObject({ log: 'probation-journal', treeSize });
      expect(verifyTreeHead(body.treeHead!, body.keys)).toBe(true);
    }
    expect((await http('GET', `${base}/tree-head`, { token: await services.tokenFor('analyst') })).status).toBe(403);
    expect((await http('GET', `${base}/tree-head`)).status).toBe(401);
  });

  it('proves that a later tree extends an earlier one, and refuses sizes beyond the tree', async () => {
    const first = await streamSealed();
    const second = await streamSealed();
    const { status, body } = await http<ConsistencyProofDto>('GET', `${base}/consistency-proof?from=${first.treeSize}&to=${second.treeSize}`, { token: auditor });
    expect(status).toBe(200);
    expect(body).toMatchObject({ fromSize: first.treeSize, toSize: second.treeSize, toTreeHead: { treeSize: second.treeSize } });
    expect((await http('GET', `${base}/consistency-proof?from=${second.treeSize + 5}`, { token: auditor })).status).toBe(400);
    expect((await http('GET', `${base}/consistency-proof?from=abc`, { token: auditor })).status).toBe(400);
  });

  it('lets a national auditor verify the whole journal and names an entry changed behind the triggers’ back', async () => {
    const { streamId, treeSize } = await streamSealed();
    const verified = await http<ProbationJournalVerificationDto>('GET', `${base}/verification`, { token: auditor });
    expect(verified.body).toMatchObject({ valid: true, leaves: treeSize, verifiedTreeSize: treeSize });
    expect((await http('GET', `${base}/verification`, { token: await services.tokenFor('auditor', { region: 'KG-GB' }) })).status).toBe(403);
    expect((await http('GET', `${base}/verification`, { token: await services.tokenFor('probation_officer', { region: 'KG-GB' }) })).status).toBe(403);

    await services.db.query('ALTER TABLE probation.probation_entries DISABLE TRIGGER ALL');
    try {
      await services.db.query(`UPDATE probation.probation_entries SET recorded_by = 'someone else' WHERE stream_id = $1`, [streamId]);
    } finally {
      await services.db.query('ALTER TABLE probation.probation_entries ENABLE TRIGGER ALL');
    }
    const broken = await http<ProbationJournalVerificationDto>('GET', `${base}/verification`, { token: auditor });
    expect(broken.body).toMatchObject({ valid: false, problem: 'entry-changed', firstBadStreamId: streamId, firstBadSequence: 1 });
  });
});
