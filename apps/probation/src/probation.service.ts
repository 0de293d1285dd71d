import { ServiceDefinition } from '@icjims/platform';
import { probationEnvironment } from './probation.environment';
import { Probation1763900000300 } from './migrations/1763900000300-probation';
import { ProbationAnnulment1763900000310 } from './migrations/1763900000310-probation-annulment';
import { ProbationJournal1763900000320 } from './migrations/1763900000320-probation-journal';
import { ProbationCasesOnJournal1763900000330 } from './migrations/1763900000330-probation-cases-on-journal';
import { ProbationAttention1763900000400 } from './migrations/1763900000400-probation-attention';
import { CriminalCasePlaces1763900000500 } from './migrations/1763900000500-criminal-case-places';
import { adoptJurisdiction } from './adopt-jurisdiction';
import { ProbationModule } from './probation.module';

export const probationService: ServiceDefinition = {
  name: 'probation',
  title: 'ICJIMS probation',
  description:
    'Probation cases opened by the court decisions recorded in procedural-steps that the pack places under supervision, amended or annulled by their corrections, and worked by probation offices (allocation, plan, contacts, community work, assessments, violations, court submissions, ends), each change an entry of the hash-chained probation journal. Holds pseudonymous person ids only; personal data stays in the case registry.',
  defaultPort: 3003,
  schema: 'probation',
  module: ProbationModule,
  migrations: [Probation1763900000300, ProbationAnnulment1763900000310, ProbationJournal1763900000320, ProbationCasesOnJournal1763900000330, ProbationAttention1763900000400, CriminalCasePlaces1763900000500],
  appendOnlyTables: ['probation_entries', 'probation_leaves', 'probation_tree'],
  environment: probationEnvironment,
  adoptJurisdiction,
};
