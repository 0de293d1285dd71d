import { ServiceDefinition } from '@icjims/platform';
import { proceduralStepsEnvironment } from './procedural-steps.environment';
import { adoptJurisdiction } from './adopt-jurisdiction';
import { ProceduralSteps1763900000200 } from './migrations/1763900000200-procedural-steps';
import { Journal1763900000210 } from './migrations/1763900000210-journal';
import { SampleDeadlineRules1763900000220 } from './migrations/1763900000220-sample-deadline-rules';
import { BreachWithdrawal1763900000240 } from './migrations/1763900000240-breach-withdrawal';
import { DeadlineRuleVersions1763900000250 } from './migrations/1763900000250-deadline-rule-versions';
import { DeadlineWarnings1763900000260 } from './migrations/1763900000260-deadline-warnings';
import { JournalTree1763900000230 } from './migrations/1763900000230-journal-tree';
import { JournalHeadState1763900000270 } from './migrations/1763900000270-journal-head-state';
import { ProceduralStepsModule } from './procedural-steps.module';

export const proceduralStepsService: ServiceDefinition = {
  name: 'procedural-steps',
  title: 'ICJIMS procedural steps',
  description:
    'The immutable, hash-chained journal of procedural steps of each case under the legal order of the procedure, its corrections and timeline, the legal deadlines the steps start, and the catalogue of step types. Every step is also a leaf of one Merkle tree over all journals, whose signed heads (checkpoints) are kept outside the database.',
  defaultPort: 3002,
  schema: 'procedural_steps',
  module: ProceduralStepsModule,
  migrations: [ProceduralSteps1763900000200, Journal1763900000210, SampleDeadlineRules1763900000220, JournalTree1763900000230, BreachWithdrawal1763900000240, DeadlineRuleVersions1763900000250, DeadlineWarnings1763900000260, JournalHeadState1763900000270],
  appendOnlyTables: ['steps', 'step_leaves', 'journal_tree', 'deadline_rule_versions'],
  environment: proceduralStepsEnvironment,
  adoptJurisdiction,
};
