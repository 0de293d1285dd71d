import { openTreeTransparency, TreeTransparency } from '@icjims/platform';
import { stepJournal } from '../steps/step-journal';

/** Injection token: the journal's signing key, checkpoint file and interval. */
export const JOURNAL_TRANSPARENCY = Symbol('JOURNAL_TRANSPARENCY');

export type JournalTransparency = TreeTransparency;

type Env = Record<string, string | undefined>;

/** Opens (creating on first use) the signing key and the checkpoint file of the journal. */
export function openJournalTransparency(env: Env): JournalTransparency {
  return openTreeTransparency(env, stepJournal.log);
}
