import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasePersonRole } from './case-person-role.entity';
import { CasePersonsController } from './case-persons.controller';
import { CasePersonsService } from './case-persons.service';
import { CaseRoles } from './case-roles';
import { IdentityReviewsController } from './identity-reviews.controller';
import { IdentityReviewsService } from './identity-reviews.service';
import { PersonMergesService } from './person-merges.service';
import { Person } from './person.entity';
import { PersonRestrictionsController } from './person-restrictions.controller';
import { PersonRestrictionsService } from './person-restrictions.service';
import { PersonsController } from './persons.controller';
import { PersonsService } from './persons.service';

@Module({
  imports: [TypeOrmModule.forFeature([Person, CasePersonRole])],
  // Before PersonsController: GET /persons/restrictions and /persons/identity-reviews must not be taken for a person id.
  controllers: [CasePersonsController, PersonRestrictionsController, IdentityReviewsController, PersonsController],
  providers: [
    CasePersonsService,
    PersonRestrictionsService,
    IdentityReviewsService,
    CaseRoles,
    PersonsService,
    PersonMergesService,
  ],
  // Joins and splits move roles the way adding and removing a person does; the case view lists the persons.
  exports: [CaseRoles, CasePersonsService],
})
export class PersonsModule {}
