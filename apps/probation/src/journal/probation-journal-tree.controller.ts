import { journalTreeController } from '@icjims/journal';
import { ProbationJournalVerificationDto } from './dto/probation-journal-tree.dto';
import { ProbationJournalProofs } from './probation-journal-proofs';

/** The probation journal's tree over the API, as the procedural journal's. */
export const ProbationJournalTreeController = journalTreeController({
  path: 'probation-journal',
  name: 'probation journal',
  entry: 'entry',
  resource: 'probation-journal-tree',
  readers: ['probation_officer', 'probation_supervisor', 'admin', 'auditor'],
  proofs: ProbationJournalProofs,
  verification: ProbationJournalVerificationDto,
});
