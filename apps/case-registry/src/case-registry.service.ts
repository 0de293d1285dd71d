import { ServiceDefinition } from '@icjims/platform';
import { CaseRegistryModule } from './case-registry.module';
import { CriminalCase } from './cases/case.entity';
import { CaseRegistry1763900000100 } from './migrations/1763900000100-case-registry';
import { Persons1763900000120 } from './migrations/1763900000120-persons';
import { CasePersonRole } from './persons/case-person-role.entity';
import { Person } from './persons/person.entity';
import { readPersonsConfig } from './persons/persons-config';
import { Offence } from './reference/offence.entity';
import { Region } from './reference/region.entity';

export const caseRegistryService: ServiceDefinition = {
  name: 'case-registry',
  title: 'ICJIMS case registry',
  description: 'Registered reports of crime with their national case numbers and classification, and the reference data for them. The only service that holds personal data.',
  defaultPort: 3001,
  schema: 'case_registry',
  module: CaseRegistryModule,
  entities: [CriminalCase, Region, Offence, Person, CasePersonRole],
  migrations: [CaseRegistry1763900000100, Persons1763900000120],
  validateEnvironment: (env) => void readPersonsConfig(env),
};
