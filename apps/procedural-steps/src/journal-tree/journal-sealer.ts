import { journalSealerService } from '@icjims/journal';
import { stepJournal } from '../steps/step-journal';
import { JOURNAL_TRANSPARENCY } from './journal-transparency';

/**
 * Seals committed steps into the journal tree in the background and signs its head every
 * checkpoint interval and at shutdown (libs/journal's JournalTreeSealer), so that recording a
 * step costs no more than its own statement.
 */
export const JournalSealer = journalSealerService(stepJournal, { service: 'procedural-steps', lock: 'journal-sealer', transparency: JOURNAL_TRANSPARENCY });
