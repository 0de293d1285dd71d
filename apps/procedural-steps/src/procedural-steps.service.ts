import { eventTopic } from '@icjims/contracts';
import { ServiceDefinition } from '@icjims/platform';
import { CaseRegisteredHandler } from './known-cases/case-registered.handler';
import { KnownCase } from './known-cases/known-case.entity';
import { ProceduralSteps1763900000200 } from './migrations/1763900000200-procedural-steps';
import { ProceduralStepsModule } from './procedural-steps.module';
import { ProceduralStep } from './steps/step.entity';

export const proceduralStepsService: ServiceDefinition = {
  name: 'procedural-steps',
  title: 'ICJIMS procedural steps',
  description: 'The immutable journal of procedural steps of each case, and the catalogue of step types.',
  defaultPort: 3002,
  schema: 'procedural_steps',
  module: ProceduralStepsModule,
  entities: [KnownCase, ProceduralStep],
  migrations: [ProceduralSteps1763900000200],
  consumes: { topics: [eventTopic('case-registry')], handlers: [CaseRegisteredHandler] },
};
