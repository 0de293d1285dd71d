import { Module } from '@nestjs/common';
import { openProbationTransparency, PROBATION_TRANSPARENCY, ProbationJournalSealer } from './journal/probation-journal-sealer';
import { ApplySentenceCorrection } from './probation-cases/apply-sentence-correction.handler';
import { OpenProbationOnSentence } from './probation-cases/open-probation-on-sentence.handler';
import { ProbationWriter } from './journal/probation-writer';
import { ProbationCaseCommandsController } from './probation-cases/probation-case-commands.controller';
import { ProbationCasesController } from './probation-cases/probation-cases.controller';
import { ProbationCasesService } from './probation-cases/probation-cases.service';

@Module({
  controllers: [ProbationCasesController, ProbationCaseCommandsController],
  providers: [
    ProbationCasesService,
    ProbationWriter,
    OpenProbationOnSentence,
    ApplySentenceCorrection,
    ProbationJournalSealer,
    { provide: PROBATION_TRANSPARENCY, useFactory: () => openProbationTransparency(process.env) },
  ],
})
export class ProbationModule {}
