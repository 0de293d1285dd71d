import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CriminalCase } from './cases/case.entity';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { PersonsModule } from './persons/persons.module';
import { Offence } from './reference/offence.entity';
import { ReferenceController } from './reference/reference.controller';
import { Region } from './reference/region.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CriminalCase, Region, Offence]), PersonsModule],
  controllers: [CasesController, ReferenceController],
  providers: [CasesService],
})
export class CaseRegistryModule {}
