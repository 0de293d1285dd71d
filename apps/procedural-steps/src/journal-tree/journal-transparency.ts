import { openTreeTransparency, TreeTransparency, validateTransparencySettings } from '@icjims/platform';
import { JOURNAL_LOG } from './journal-tree.store';

/** Injection token: the journal's signing key, checkpoint file and interval. */
export const JOURNAL_TRANSPARENCY = Symbol('JOURNAL_TRANSPARENCY');

export type JournalTransparency = TreeTransparency;

type Env = Record<string, string | undefined>;

/** Checks ICJIMS_TRANSPARENCY_KEY_DIR, ICJIMS_CHECKPOINT_DIR and ICJIMS_CHECKPOINT_INTERVAL_SECONDS at start; a bad value is a ConfigError. */
export function validateJournalTransparency(env: Env): void {
  validateTransparencySettings(env);
}

/** Opens (creating on first use) the signing key and the checkpoint file of the journal. */
export function openJournalTransparency(env: Env): JournalTransparency {
  return openTreeTransparency(env, JOURNAL_LOG);
}
