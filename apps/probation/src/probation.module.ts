import { Module } from '@nestjs/common';
import { SERVICE_ENVIRONMENT } from '@icjims/platform';
import { openProbationTransparency, PROBATION_TRANSPARENCY, ProbationJournalSealer } from './journal/probation-journal-sealer';
import { ApplySentenceCorrection } from './probation-cases/apply-sentence-correction.handler';
import { OpenProbationOnSentence } from './probation-cases/open-probation-on-sentence.handler';
import { ProbationJournalProofs } from './journal/probation-journal-proofs';
import { ProbationJournalTreeController } from './journal/probation-journal-tree.controller';
import { ProbationWriter } from './journal/probation-writer';
import { ProbationCaseCommandsController } from './probation-cases/probation-case-commands.controller';
import { ProbationCasesController } from './probation-cases/probation-cases.controller';
import { ProbationCasesService } from './probation-cases/probation-cases.service';
import { CaseloadController } from './caseload/caseload.controller';
import { CaseloadService } from './caseload/caseload.service';
import { CriminalCasePlaceEvents } from './criminal-cases/criminal-case-places.handlers';
import { PreSentenceReportIntake } from './pre-sentence-reports/pre-sentence-report-intake';
import { PreSentenceReportsController } from './pre-sentence-reports/pre-sentence-reports.controller';
import { PreSentenceReportsService } from './pre-sentence-reports/pre-sentence-reports.service';
import { ProbationRound } from './scheduling/probation-round';
import { PROBATION_ROUND_INTERVAL, readProbationRoundInterval } from './scheduling/round-settings';
import type { ProbationEnvironment } from './probation.environment';

@Module({
  controllers: [
    ProbationJournalTreeController,
    ProbationCasesController,
    ProbationCaseCommandsController,
    PreSentenceReportsController,
    CaseloadController,
    // Event handlers: their @EventPattern methods are found by the bus transport.
    OpenProbationOnSentence,
    ApplySentenceCorrection,
    CriminalCasePlaceEvents,
  ],
  providers: [
    ProbationCasesService,
    ProbationWriter,
    ProbationJournalSealer,
    ProbationJournalProofs,
    { provide: PROBATION_TRANSPARENCY, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: ProbationEnvironment) => openProbationTransparency(environment) },
    PreSentenceReportIntake,
    PreSentenceReportsService,
    CaseloadService,
    ProbationRound,
    { provide: PROBATION_ROUND_INTERVAL, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: ProbationEnvironment) => readProbationRoundInterval(environment) },
  ],
})
export class ProbationModule {}
