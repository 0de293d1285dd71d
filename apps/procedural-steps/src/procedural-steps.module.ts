import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { JURISDICTION, SERVICE_ENVIRONMENT } from '@icjims/platform';
import { DeadlineRuleRecord } from './deadlines/deadline-rule-record.entity';
import { DeadlineRuleVersion } from './deadlines/deadline-rule-version.entity';
import { DeadlineRulesController } from './deadlines/deadline-rules.controller';
import { DeadlineRulesService } from './deadlines/deadline-rules.service';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { DEADLINE_SCAN_INTERVAL, readDeadlineScanInterval } from './deadlines/deadline-settings';
import { DeadlineTracker } from './deadlines/deadline-tracker';
import { Deadline } from './deadlines/deadline.entity';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DeadlinesService } from './deadlines/deadlines.service';
import { CASE_FACT_HANDLERS } from './known-cases/case-facts.handlers';
import { StandingCarrier } from './known-cases/standing-carrier';
import { CasePerson } from './known-cases/case-person.entity';
import { CaseRegisteredHandler } from './known-cases/case-registered.handler';
import { KnownCase } from './known-cases/known-case.entity';
import { PersonAlias } from './known-cases/person-alias.entity';
import { PersonUnmergedHandler } from './known-cases/person-unmerged.handler';
import { PreSentenceReportSubmittedHandler } from './pre-sentence-reports/pre-sentence-report-submitted.handler';
import { CaseProofsController } from './journal-tree/case-proofs.controller';
import { JournalProofs } from './journal-tree/journal-proofs';
import { JournalSealer } from './journal-tree/journal-sealer';
import { JournalTreeController } from './journal-tree/journal-tree.controller';
import { JOURNAL_TRANSPARENCY, openJournalTransparency } from './journal-tree/journal-transparency';
import { StepTypesController } from './step-types/step-types.controller';
import { StepTypes } from './step-types/step-types';
import { JournalWriter } from './steps/journal-writer';
import type { ProceduralStepsEnvironment } from './procedural-steps.environment';
import { ProceduralStep } from './steps/step.entity';
import { StepsController } from './steps/steps.controller';
import { StepsService } from './steps/steps.service';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineService } from './timeline/timeline.service';

@Module({
  imports: [TypeOrmModule.forFeature([KnownCase, CasePerson, PersonAlias, ProceduralStep, Deadline, DeadlineRuleRecord, DeadlineRuleVersion])],
  controllers: [
    StepsController,
    CaseProofsController,
    JournalTreeController,
    TimelineController,
    DeadlinesController,
    DeadlineRulesController,
    StepTypesController,
    // Event handlers: their @EventPattern methods are found by the bus transport. What
    // case-registry decides about a case; the pre-sentence reports probation submits.
    CaseRegisteredHandler,
    ...CASE_FACT_HANDLERS,
    PersonUnmergedHandler,
    PreSentenceReportSubmittedHandler,
  ],
  providers: [
    { provide: StepTypes, useFactory: (jurisdiction: Jurisdiction) => new StepTypes(jurisdiction.pack), inject: [JURISDICTION] },
    StepsService,
    JournalWriter,
    JournalProofs,
    JournalSealer,
    { provide: JOURNAL_TRANSPARENCY, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: ProceduralStepsEnvironment) => openJournalTransparency(environment) },
    TimelineService,
    DeadlineTracker,
    DeadlinesService,
    DeadlineRulesService,
    DeadlineScheduler,
    { provide: DEADLINE_SCAN_INTERVAL, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: ProceduralStepsEnvironment) => readDeadlineScanInterval(environment) },
    StandingCarrier,
  ],
})
export class ProceduralStepsModule {}
