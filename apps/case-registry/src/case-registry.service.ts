import { ServiceDefinition } from '@icjims/platform';
import { CaseRegistryModule } from './case-registry.module';
import { CaseRegistry1763900000100 } from './migrations/1763900000100-case-registry';
import { CaseRegistration1763900000110 } from './migrations/1763900000110-case-registration';
import { Persons1763900000120 } from './migrations/1763900000120-persons';
import { CaseLinks1763900000130 } from './migrations/1763900000130-case-links';
import { PersonProtection1763900000140 } from './migrations/1763900000140-person-protection';
import { JurisdictionReference1763900000150 } from './migrations/1763900000150-jurisdiction-reference';
import { PersonMerges1763900000160 } from './migrations/1763900000160-person-merges';
import { ProbationSupervisions1763900000170 } from './migrations/1763900000170-probation-supervisions';
import { adoptJurisdiction } from './reference/adopt-jurisdiction';

export const caseRegistryService: ServiceDefinition = {
  name: 'case-registry',
  title: 'ICJIMS case registry',
  description:
    'Registered reports of crime with their national case numbers, classification, status, responsible officers, jurisdiction, joins and splits, and the reference data for them. The only service that holds personal data.',
  defaultPort: 3001,
  schema: 'case_registry',
  module: CaseRegistryModule,
  migrations: [CaseRegistry1763900000100, CaseRegistration1763900000110, Persons1763900000120, CaseLinks1763900000130, PersonProtection1763900000140, JurisdictionReference1763900000150, PersonMerges1763900000160, ProbationSupervisions1763900000170],
  // Who restricted whom, which roles a merge moved, and what changed in the reference data: history the service itself may only append to.
  appendOnlyTables: ['person_restriction_changes', 'person_merge_roles', 'reference_changes'],
  // The pack's regions, agencies, offences and courts become the reference data.
  adoptJurisdiction,
};
