import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CASE_FACT_HANDLERS } from './known-cases/case-facts.handlers';
import { CasePerson } from './known-cases/case-person.entity';
import { CaseRegisteredHandler } from './known-cases/case-registered.handler';
import { KnownCase } from './known-cases/known-case.entity';
import { PersonAlias } from './known-cases/person-alias.entity';
import { StepTypesController } from './step-types/step-types.controller';
import { JournalWriter } from './steps/journal-writer';
import { ProceduralStep } from './steps/step.entity';
import { StepsController } from './steps/steps.controller';
import { StepsService } from './steps/steps.service';

@Module({
  imports: [TypeOrmModule.forFeature([KnownCase, CasePerson, PersonAlias, ProceduralStep])],
  controllers: [StepsController, StepTypesController],
  providers: [StepsService, JournalWriter, CaseRegisteredHandler, ...CASE_FACT_HANDLERS],
})
export class ProceduralStepsModule {}
