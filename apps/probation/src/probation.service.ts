import { eventTopic } from '@icjims/contracts';
import { ServiceDefinition } from '@icjims/platform';
import { Probation1763900000300 } from './migrations/1763900000300-probation';
import { OpenProbationOnSentence } from './probation-cases/open-probation-on-sentence.handler';
import { ProbationCase } from './probation-cases/probation-case.entity';
import { ProbationModule } from './probation.module';

export const probationService: ServiceDefinition = {
  name: 'probation',
  title: 'ICJIMS probation',
  description:
    'Probation cases opened by probation sentences recorded in procedural-steps. Holds pseudonymous person ids only; personal data stays in the case registry.',
  defaultPort: 3003,
  schema: 'probation',
  module: ProbationModule,
  entities: [ProbationCase],
  migrations: [Probation1763900000300],
  consumes: { topics: [eventTopic('procedural-steps')], handlers: [OpenProbationOnSentence] },
};
