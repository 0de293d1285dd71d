import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConflictError, TreeHeadSigned } from '@icjims/contracts';
import { canonicalJson, GENESIS_HASH, leafHash, verifyInclusion, verifyTreeHead } from '@icjims/integrity';
import { JournalProofs } from '@icjims/journal';
import { outboxEvents, RunningServices, startServices } from '@icjims/testing';
import { probationService } from '../probation.service';
import { probationChainFields, probationJournal } from './probation-journal';
import { PROBATION_TRANSPARENCY, ProbationJournalSealer } from './probation-journal-sealer';
import { ProbationEntryInput, probationJournalStore, ProbationStreamHead } from './probation-journal.store';

/** A state as the domain keeps it, opaque to the store. */
interface TestState {
  status: string;
  contacts: number;
}

const opened = (occurredAt: string): ProbationEntryInput => ({
  entryType: 'opened',
  occurredAt,
  details: { sourceStepId: randomUUID(), caseType: 'probation', termMonths: 12, startsOn: '2026-11-02', endsOn: '2027-11-02', obligations: ['report_monthly'] },
});
const allocated: ProbationEntryInput = { entryType: 'allocated', occurredAt: '2026-11-03T09:00:00Z', details: { office: 'KG-GB-1', officerId: 'officer-7', kind: 'initial' } };
const contact = (note: string): ProbationEntryInput => ({
  entryType: 'contact_recorded',
  occurredAt: '2026-11-10T09:00:00Z',
  details: { contactKind: 'office_visit', outcome: 'attended', note },
});

describe('the probation journal’s storage on libs/journal, through the service’s database', () => {
  let services: RunningServices;
  let dataSource: DataSource;

  beforeAll(async () => {
    services = await startServices([probationService]);
    dataSource = services.apps[0].get(DataSource);
  });
  afterAll(() => services?.stop());

  const sealer = () => services.apps[0].get(ProbationJournalSealer);

  /** A new probation case stream with its opening and allocation, as intake would append them. */
  async function openStream(): Promise<ProbationStreamHead<TestState>> {
    const streamId = randomUUID();
    return dataSource.transaction(async (manager) => {
      const created = await probationJournalStore.create<TestState>(manager, {
        streamId,
        stream: 'probation_case',
        caseId: randomUUID(),
        region: 'KG-GB',
        office: null,
        personId: randomUUID(),
        status: 'active',
        state: { status: 'active', contacts: 0 },
      });
      const { head } = await probationJournalStore.append(manager, created, [opened('2026-11-02T08:00:00Z'), allocated], 'system', {
        status: 'active',
        state: { status: 'active', contacts: 0 },
        office: 'KG-GB-1',
      });
      return head;
    });
  }

  /** Locks the head, appends, and counts the statements of the transaction that write entries (each message's statements: persistence's PipeliningClient joins them with `;` and a new line). */
  async function appendContact(streamId: string, note: string, expectedVersion?: number) {
    const sent: string[] = [];
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text));
      return query.apply(this, args);
    } as never);
    try {
      const appended = await appendIn(streamId, note, expectedVersion);
      return { ...appended, statements: sent.flatMap((message) => message.split(';\n')).filter((statement) => /INSERT INTO probation_entries/.test(statement)).length };
    } finally {
      spy.mockRestore();
    }
  }

  function appendIn(streamId: string, note: string, expectedVersion?: number) {
    return dataSource.transaction(async (manager) => {
      const head = (await probationJournalStore.loadForUpdate<TestState>(manager, streamId))!;
      const state = { status: 'active', contacts: head.state.contacts + 1 };
      return probationJournalStore.append(manager, head, [contact(note)], 'officer-7', { status: 'active', state }, expectedVersion);
    });
  }

  const streamRow = async (streamId: string) =>
    (await services.db.query('SELECT version, last_hash, status, office, state FROM probation.probation_streams WHERE stream_id = $1', [streamId])).rows[0];

  it('appends entries as links of the stream’s chain, with the head and the domain’s state, in one statement', async () => {
    const head = await openStream();
    expect(head).toMatchObject({ version: 2, office: 'KG-GB-1', status: 'active' });
    const { entries, head: after, statements } = await appendContact(head.streamId, 'met at the office', 2);
    expect(statements).toBe(1);
    expect(entries).toEqual([expect.objectContaining({ sequence: 3, prevHash: head.lastHash, entryType: 'contact_recorded', region: 'KG-GB', recordedBy: 'officer-7' })]);
    expect(after).toMatchObject({ version: 3, lastHash: entries[0].hash, state: { contacts: 1 } });
    expect(await streamRow(head.streamId)).toEqual({ version: 3, last_hash: entries[0].hash, status: 'active', office: 'KG-GB-1', state: { status: 'active', contacts: 1 } });

    const { rows } = await services.db.query('SELECT sequence, entry_type, details, prev_hash FROM probation.probation_entries WHERE stream_id = $1 ORDER BY sequence', [head.streamId]);
    expect(rows.map((row) => row.entry_type)).toEqual(['opened', 'allocated', 'contact_recorded']);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[2].details).toMatchObject({ note: 'met at the office' }); // the journal keeps the free text
  });

  it('refuses an append decided on a stale version with a conflict, and writes nothing', async () => {
    const head = await openStream();
    await appendContact(head.streamId, 'first', 2);
    await expect(appendContact(head.streamId, 'second, decided on version 2', 2)).rejects.toThrow(ConflictError);
    expect(await streamRow(head.streamId)).toMatchObject({ version: 3, state: { contacts: 1 } });
    const { rows } = await services.db.query('SELECT count(*)::int AS entries FROM probation.probation_entries WHERE stream_id = $1', [head.streamId]);
    expect(rows[0].entries).toBe(3);
  });

  it('refuses a second stream with the same id', async () => {
    const head = await openStream();
    const again = dataSource.transaction((manager) => probationJournalStore.create(manager, { ...head, state: {} }));
    await expect(again).rejects.toThrow(ConflictError);
  });

  it.each<[string, unknown[]]>([
    ['UPDATE probation.probation_entries SET recorded_by = $1', ['someone else']],
    ['DELETE FROM probation.probation_entries WHERE recorded_by = $1', ['officer-7']],
    ['TRUNCATE probation.probation_entries CASCADE', []],
    ['DELETE FROM probation.probation_leaves WHERE leaf_index >= $1', [0]],
    ['DELETE FROM probation.probation_tree WHERE level >= $1', [0]],
  ])('the database refuses %s, to its owner by trigger and to the service by privilege', async (statement, parameters) => {
    const head = await openStream();
    await sealer().checkpoint();
    await expect(services.db.query(statement, parameters)).rejects.toThrow(/append-only/);
    await expect(services.dbAsService('probation').query(statement.replace('probation.', ''), parameters)).rejects.toThrow(/permission denied|append-only/);
    expect(await streamRow(head.streamId)).toMatchObject({ version: 2 });
  });

  it('seals the entries into the probation tree, signs its head, and proves an entry in it; the stream’s chain verifies', async () => {
    const head = await openStream();
    const { entries } = await appendContact(head.streamId, 'seen at home');
    const signed = (await sealer().checkpoint())!;
    expect(signed).toMatchObject({ log: 'probation-journal' });
    const transparency = services.apps[0].get(PROBATION_TRANSPARENCY);
    expect(verifyTreeHead(signed, transparency.signer.keyring())).toBe(true);
    const file = readFileSync(join(services.transparencyDir, 'checkpoints', 'probation-journal.checkpoints.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(file.at(-1)!)).toEqual(signed);
    expect(await outboxEvents(services.db, TreeHeadSigned.probation, 'probation-journal')).toContainEqual(signed);

    const proofs = new JournalProofs(probationJournal, dataSource, transparency);
    const proof = await proofs.fromTree((manager) => proofs.inclusionProof(manager, head.streamId, entries[0].id));
    const leaf = leafHash(canonicalJson(probationChainFields(entries[0])));
    expect(proof.leafHash).toBe(leaf.toString('hex'));
    expect(verifyInclusion(proof.leafIndex, signed.treeSize, leaf, proof.path.map((hash) => Buffer.from(hash, 'hex')), Buffer.from(signed.rootHash, 'hex'))).toBe(true);

    const verified = await dataSource.transaction(async (manager) => {
      const locked = (await probationJournalStore.loadForUpdate(manager, head.streamId))!;
      return proofs.verifyStream(manager, head.streamId, locked);
    });
    expect(verified.verification).toMatchObject({ valid: true, checked: 3, provenInCheckpoint: 3, awaitingCheckpoint: 0 });
    expect(await proofs.verifyTree()).toMatchObject({ valid: true, verifiedTreeSize: signed.treeSize });
  });
});
