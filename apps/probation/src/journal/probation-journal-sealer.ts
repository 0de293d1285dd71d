import { journalSealerService } from '@icjims/journal';
import { openTreeTransparency, TreeTransparency } from '@icjims/platform';
import { probationJournal } from './probation-journal';

/** Injection token: the probation journal's signing key, checkpoint file and interval. */
export const PROBATION_TRANSPARENCY = Symbol('PROBATION_TRANSPARENCY');

/** Opens (creating on first use) the signing key and the checkpoint file of the probation journal. */
export function openProbationTransparency(env: Record<string, string | undefined>): TreeTransparency {
  return openTreeTransparency(env, probationJournal.log);
}

/**
 * Seals committed probation entries into the probation tree in the background and signs its
 * head every checkpoint interval and at shutdown, so that an append costs no more than its own statement.
 */
export const ProbationJournalSealer = journalSealerService(probationJournal, { service: 'probation', lock: 'probation-journal-sealer', transparency: PROBATION_TRANSPARENCY });
