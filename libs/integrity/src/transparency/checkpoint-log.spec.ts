import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CheckpointLog, parseCheckpointLines } from './checkpoint-log';
import { SignedTreeHead } from './tree-head';
import { transparencySettings } from './transparency-settings';

function sth(treeSize: number, log = 'audit.access'): SignedTreeHead {
  return {
    log,
    treeSize,
    rootHash: treeSize.toString(16).padStart(64, '0'),
    timestamp: new Date(Date.UTC(2026, 11, 4, 17, 0, treeSize % 60)).toISOString(),
    keyId: 'ab'.repeat(32),
    signature: `${'A'.repeat(86)}==`,
  };
}

describe('CheckpointLog', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'icjims-checkpoints-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('appends one JSON head a line to <dir>/<log>.checkpoints.ndjson, creating the folder', () => {
    const log = new CheckpointLog(join(folder, 'worm'), 'audit.access');
    expect(log.latest()).toBeUndefined();
    expect(log.all()).toEqual([]);
    log.append(sth(1));
    log.append(sth(5));
    expect(log.path).toBe(join(folder, 'worm', 'audit.access.checkpoints.ndjson'));
    expect(readFileSync(log.path, 'utf8')).toBe(`${JSON.stringify(sth(1))}\n${JSON.stringify(sth(5))}\n`);
    expect(log.latest()).toEqual(sth(5));
    expect(log.all()).toEqual([sth(1), sth(5)]);
    expect(log.read().damagedLines).toEqual([]);
  });

  it('finds the latest head of a long file by reading its end', () => {
    const log = new CheckpointLog(folder, 'audit.access');
    for (let size = 1; size <= 2000; size++) log.append(sth(size));
    expect(statSync(log.path).size).toBeGreaterThan(64 * 1024);
    expect(log.latest()).toEqual(sth(2000));
  });

  it('tolerates a last line cut short by a crash, reports it, and keeps the next head on its own line', () => {
    const log = new CheckpointLog(folder, 'audit.access');
    log.append(sth(1));
    log.append(sth(2));
    appendFileSync(log.path, JSON.stringify(sth(3)).slice(0, 40));
    expect(log.latest()).toEqual(sth(2));
    expect(log.read()).toEqual({ checkpoints: [sth(1), sth(2)], damagedLines: [3] });
    log.append(sth(4));
    expect(log.latest()).toEqual(sth(4));
    expect(log.read()).toEqual({ checkpoints: [sth(1), sth(2), sth(4)], damagedLines: [3] });
  });

  it('refuses a head of another log, and a log name that is not a safe file name', () => {
    expect(() => new CheckpointLog(folder, 'audit.access').append(sth(1, 'procedural-journal'))).toThrow(/does not belong/);
    expect(() => new CheckpointLog(folder, '../escape')).toThrow(RangeError);
  });

  it('parses an auditor’s own checkpoint file the same way', () => {
    expect(parseCheckpointLines(`${JSON.stringify(sth(7))}\n\nnot json\n{"log":"x"}\n`)).toEqual({ checkpoints: [sth(7)], damagedLines: [3, 4] });
  });
});

describe('transparencySettings', () => {
  it('defaults to folders under the data folder and a 10 second interval', () => {
    expect(transparencySettings({}, '/var/lib/icjims')).toEqual({
      keyDir: '/var/lib/icjims/transparency/keys',
      checkpointDir: '/var/lib/icjims/checkpoints',
      checkpointIntervalMs: 10_000,
    });
  });

  it('takes folders and the interval from the environment', () => {
    const settings = transparencySettings(
      { ICJIMS_TRANSPARENCY_KEY_DIR: '/secrets/keys', ICJIMS_CHECKPOINT_DIR: 'worm', ICJIMS_CHECKPOINT_INTERVAL_SECONDS: '2.5' },
      '/data',
    );
    expect(settings).toEqual({ keyDir: '/secrets/keys', checkpointDir: resolve('worm'), checkpointIntervalMs: 2500 });
  });

  it.each(['0', '-1', 'soon', '100000'])('refuses the interval "%s", naming the variable', (value) => {
    expect(() => transparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: value }, '/data')).toThrow(/ICJIMS_CHECKPOINT_INTERVAL_SECONDS/);
  });
});
