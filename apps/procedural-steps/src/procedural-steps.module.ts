import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseRegisteredHandler } from './known-cases/case-registered.handler';
import { KnownCase } from './known-cases/known-case.entity';
import { StepTypesController } from './step-types/step-types.controller';
import { ProceduralStep } from './steps/step.entity';
import { StepsController } from './steps/steps.controller';
import { StepsService } from './steps/steps.service';

@Module({
  imports: [TypeOrmModule.forFeature([KnownCase, ProceduralStep])],
  controllers: [StepsController, StepTypesController],
  providers: [StepsService, CaseRegisteredHandler],
})
export class ProceduralStepsModule {}
