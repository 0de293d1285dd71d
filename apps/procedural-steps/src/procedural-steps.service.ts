import { eventTopic } from '@icjims/contracts';
import { ServiceDefinition } from '@icjims/platform';
import { CASE_FACT_HANDLERS } from './known-cases/case-facts.handlers';
import { CasePerson } from './known-cases/case-person.entity';
import { CaseRegisteredHandler } from './known-cases/case-registered.handler';
import { KnownCase } from './known-cases/known-case.entity';
import { PersonAlias } from './known-cases/person-alias.entity';
import { ProceduralSteps1763900000200 } from './migrations/1763900000200-procedural-steps';
import { Journal1763900000210 } from './migrations/1763900000210-journal';
import { ProceduralStepsModule } from './procedural-steps.module';
import { ProceduralStep } from './steps/step.entity';

export const proceduralStepsService: ServiceDefinition = {
  name: 'procedural-steps',
  title: 'ICJIMS procedural steps',
  description: 'The immutable, hash-chained journal of procedural steps of each case, its legal order, deadlines, and the catalogue of step types.',
  defaultPort: 3002,
  schema: 'procedural_steps',
  module: ProceduralStepsModule,
  entities: [KnownCase, CasePerson, PersonAlias, ProceduralStep],
  migrations: [ProceduralSteps1763900000200, Journal1763900000210],
  consumes: { topics: [eventTopic('case-registry')], handlers: [CaseRegisteredHandler, ...CASE_FACT_HANDLERS] },
};
