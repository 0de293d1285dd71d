import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseLink } from './case-links/case-link.entity';
import { CaseLinksController } from './case-links/case-links.controller';
import { CaseLinksService } from './case-links/case-links.service';
import { CriminalCase } from './cases/case.entity';
import { CaseSearchService } from './cases/case-search.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { PersonsModule } from './persons/persons.module';
import { Agency } from './reference/agency.entity';
import { Court } from './reference/court.entity';
import { District } from './reference/district.entity';
import { Offence } from './reference/offence.entity';
import { ReferenceController } from './reference/reference.controller';
import { ReferenceService } from './reference/reference.service';
import { Region } from './reference/region.entity';
import { CaseAssignment } from './responsibility/case-assignment.entity';
import { ResponsibilityController } from './responsibility/responsibility.controller';
import { ResponsibilityService } from './responsibility/responsibility.service';
import { CaseStatusChangedHandler } from './status/case-status-changed.handler';
import { ProbationEntryRecordedHandler } from './supervision/probation-entry-recorded.handler';
import { CaseTransfer } from './transfers/case-transfer.entity';
import { TransfersController } from './transfers/transfers.controller';
import { TransfersService } from './transfers/transfers.service';

@Module({
  imports: [TypeOrmModule.forFeature([CriminalCase, Region, District, Agency, Offence, Court, CaseAssignment, CaseTransfer, CaseLink]), PersonsModule],
  controllers: [
    CasesController,
    ResponsibilityController,
    TransfersController,
    CaseLinksController,
    ReferenceController,
    // Event handlers: their @EventPattern methods are found by the bus transport. Case status from
    // procedural-steps; who is under supervision by which office from probation's journal.
    CaseStatusChangedHandler,
    ProbationEntryRecordedHandler,
  ],
  providers: [CasesService, CaseSearchService, ResponsibilityService, TransfersService, CaseLinksService, ReferenceService],
})
export class CaseRegistryModule {}
