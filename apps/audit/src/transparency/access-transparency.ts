import { resolve } from 'node:path';
import { CheckpointLog, transparencySettings, TreeHeadSigner } from '@icjims/integrity';
import { ACCESS_LOG_NAME } from '../access-log/access-log.store';

/** Injection token: the access log's signing key, checkpoint file and interval. */
export const ACCESS_TRANSPARENCY = Symbol('ACCESS_TRANSPARENCY');

export interface AccessTransparency {
  /** Signs tree heads with a key kept outside the database. */
  signer: TreeHeadSigner;
  /** The signed heads, in an append-only file outside the database. */
  checkpoints: CheckpointLog;
  checkpointIntervalMs: number;
}

type Env = Record<string, string | undefined>;

/** Where the key and checkpoints live, from the environment (the data folder as the platform reads it). */
function settingsOf(env: Env) {
  return transparencySettings(env, resolve(env.ICJIMS_DATA_DIR || '.data'));
}

/** Checks ICJIMS_TRANSPARENCY_KEY_DIR, ICJIMS_CHECKPOINT_DIR and ICJIMS_CHECKPOINT_INTERVAL_SECONDS at start. */
export function validateAccessTransparency(env: Env): void {
  settingsOf(env);
}

/** Opens (creating on first use) the signing key and the checkpoint file of the access log. */
export function openAccessTransparency(env: Env): AccessTransparency {
  const settings = settingsOf(env);
  return {
    signer: TreeHeadSigner.open(settings.keyDir),
    checkpoints: new CheckpointLog(settings.checkpointDir, ACCESS_LOG_NAME),
    checkpointIntervalMs: settings.checkpointIntervalMs,
  };
}
