import { resolve } from 'node:path';
import { CheckpointLog, transparencySettings, TreeHeadSigner } from '@icjims/integrity';
import { ConfigError } from '@icjims/platform';
import { JOURNAL_LOG } from './journal-tree.store';

/** Injection token: the journal's signing key, checkpoint file and interval. */
export const JOURNAL_TRANSPARENCY = Symbol('JOURNAL_TRANSPARENCY');

export interface JournalTransparency {
  /** Signs tree heads with a key kept outside the database. */
  signer: TreeHeadSigner;
  /** The signed heads, in an append-only file outside the database. */
  checkpoints: CheckpointLog;
  checkpointIntervalMs: number;
}

type Env = Record<string, string | undefined>;

/** Where the key and checkpoints live, from the environment (the data folder as the platform reads it); a bad value is a ConfigError. */
function settingsOf(env: Env) {
  try {
    return transparencySettings(env, resolve(env.ICJIMS_DATA_DIR || '.data'));
  } catch (error) {
    if (error instanceof RangeError) throw new ConfigError(`Invalid configuration: ${error.message}`);
    throw error;
  }
}

/** Checks ICJIMS_TRANSPARENCY_KEY_DIR, ICJIMS_CHECKPOINT_DIR and ICJIMS_CHECKPOINT_INTERVAL_SECONDS at start. */
export function validateJournalTransparency(env: Env): void {
  settingsOf(env);
}

/** Opens (creating on first use) the signing key and the checkpoint file of the journal. */
export function openJournalTransparency(env: Env): JournalTransparency {
  const settings = settingsOf(env);
  return {
    signer: TreeHeadSigner.open(settings.keyDir),
    checkpoints: new CheckpointLog(settings.checkpointDir, JOURNAL_LOG),
    checkpointIntervalMs: settings.checkpointIntervalMs,
  };
}
