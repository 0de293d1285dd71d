import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { openProbationTransparency, PROBATION_TRANSPARENCY, ProbationJournalSealer } from './journal/probation-journal-sealer';
import { ApplySentenceCorrection } from './probation-cases/apply-sentence-correction.handler';
import { OpenProbationOnSentence } from './probation-cases/open-probation-on-sentence.handler';
import { ProbationCase } from './probation-cases/probation-case.entity';
import { ProbationCaseWriter } from './probation-cases/probation-case-writer';
import { ProbationCasesController } from './probation-cases/probation-cases.controller';
import { ProbationCasesService } from './probation-cases/probation-cases.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProbationCase])],
  controllers: [ProbationCasesController],
  providers: [
    ProbationCasesService,
    ProbationCaseWriter,
    OpenProbationOnSentence,
    ApplySentenceCorrection,
    ProbationJournalSealer,
    { provide: PROBATION_TRANSPARENCY, useFactory: () => openProbationTransparency(process.env) },
  ],
})
export class ProbationModule {}
