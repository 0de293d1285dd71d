import { journalTreeController } from '@icjims/journal';
import { JournalVerificationDto } from './dto/journal-tree.dto';
import { JournalProofs } from './journal-proofs';

/** The journal tree of the installation over the API: no case data, only hashes, sizes and keys. */
export const JournalTreeController = journalTreeController({
  path: 'journal',
  name: 'journal',
  entry: 'step',
  resource: 'journal-tree',
  readers: ['prosecutor', 'investigator', 'admin', 'auditor'],
  proofs: JournalProofs,
  verification: JournalVerificationDto,
});
