import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EntityManager } from 'typeorm';
import { CheckpointLog, leafHash, MerkleLog, rootOf, TreeHead, verifyTreeHead } from '@icjims/integrity';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { ConfigError } from '../config/service-config';
import { openTreeTransparency, TreeCheckpoints, validateTransparencySettings } from './tree-checkpoints';

/** A tree held in memory, standing in for MerkleLog's table: enough to sign its heads. */
class MemoryTree {
  leaves: Buffer[] = [];
  head = async (): Promise<TreeHead> => ({ treeSize: this.leaves.length, rootHash: rootOf(this.leaves) });
  rootAt = async (_manager: EntityManager, size: number): Promise<Buffer> => rootOf(this.leaves.slice(0, size));
}

function setUp(locked = true) {
  const folder = mkdtempSync(join(tmpdir(), 'icjims-checkpoints-'));
  const transparency = openTreeTransparency({ ICJIMS_TRANSPARENCY_KEY_DIR: join(folder, 'keys'), ICJIMS_CHECKPOINT_DIR: join(folder, 'checkpoints') }, 'test.log');
  const tree = new MemoryTree();
  const recorded: { type: string; subject: string; data: unknown }[] = [];
  const manager = { query: async () => [{ locked }] } as unknown as EntityManager;
  const unitOfWork = { run: (work: (manager: EntityManager) => Promise<unknown>) => work(manager) } as unknown as UnitOfWork;
  const outbox = { record: async (_m: EntityManager, definition: { type: string }, subject: string, data: unknown) => void recorded.push({ type: definition.type, subject, data }) } as unknown as EventOutbox;
  const checkpoints = new TreeCheckpoints({
    service: 'audit',
    log: 'test.log',
    tree: tree as unknown as MerkleLog,
    transparency,
    unitOfWork,
    outbox,
    logger: pino({ level: 'silent' }),
    lock: 'test',
  });
  return { folder, transparency, tree, recorded, checkpoints };
}

describe('TreeCheckpoints', () => {
  it('signs a grown tree: to the checkpoint file and as a TreeHeadSigned event; nothing when it did not grow', async () => {
    const { folder, transparency, tree, recorded, checkpoints } = setUp();
    expect(await checkpoints.checkpoint()).toBeUndefined(); // empty tree
    tree.leaves.push(leafHash('a'), leafHash('b'));
    const signed = (await checkpoints.checkpoint())!;
    expect(signed).toMatchObject({ log: 'test.log', treeSize: 2, rootHash: rootOf(tree.leaves).toString('hex') });
    expect(verifyTreeHead(signed, transparency.signer.keyring())).toBe(true);
    expect(new CheckpointLog(join(folder, 'checkpoints'), 'test.log').latest()).toEqual(signed);
    expect(recorded).toEqual([{ type: 'icjims.audit.tree-head.signed.v1', subject: 'test.log', data: signed }]);
    expect(await checkpoints.checkpoint()).toBeUndefined();
  });

  it('never signs a tree that does not extend its last checkpoint', async () => {
    const { tree, recorded, checkpoints } = setUp();
    tree.leaves.push(leafHash('a'), leafHash('b'));
    await checkpoints.checkpoint();
    tree.leaves = [leafHash('a'), leafHash('rewritten'), leafHash('c')];
    expect(await checkpoints.checkpoint()).toBeUndefined();
    tree.leaves = [leafHash('a')];
    expect(await checkpoints.checkpoint()).toBeUndefined();
    expect(recorded).toHaveLength(1);
  });

  it('leaves signing to whoever holds the lock', async () => {
    const { tree, recorded, checkpoints } = setUp(false);
    tree.leaves.push(leafHash('a'));
    expect(await checkpoints.checkpoint()).toBeUndefined();
    expect(recorded).toEqual([]);
  });

  it('runs its work before signing, and signs once more when stopped', async () => {
    const { tree, recorded, transparency } = setUp();
    const checkpoints = new TreeCheckpoints({
      service: 'procedural-steps',
      log: 'test.log',
      tree: tree as unknown as MerkleLog,
      transparency,
      unitOfWork: { run: (work: (m: EntityManager) => Promise<unknown>) => work({ query: async () => [{ locked: true }] } as unknown as EntityManager) } as unknown as UnitOfWork,
      outbox: { record: async (_m: EntityManager, _d: unknown, _s: string, data: unknown) => void recorded.push({ type: '', subject: '', data }) } as unknown as EventOutbox,
      logger: pino({ level: 'silent' }),
      lock: 'test',
      beforeSigning: async () => void tree.leaves.push(leafHash(`sealed-${tree.leaves.length}`)),
    });
    checkpoints.start();
    await checkpoints.stop();
    expect(recorded.map(({ data }) => (data as { treeSize: number }).treeSize)).toEqual([1]);
  });

  it('takes the default settings and fractions of a second', () => {
    expect(() => validateTransparencySettings({})).not.toThrow();
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '0.5' })).not.toThrow();
  });

  it.each(['0', '-1', 'ten', '86401'])('refuses a checkpoint interval of %s in one line naming the variable', (value) => {
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: value })).toThrow(ConfigError);
    expect(() => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: value })).toThrow(/^Invalid configuration: ICJIMS_CHECKPOINT_INTERVAL_SECONDS/);
  });
});
