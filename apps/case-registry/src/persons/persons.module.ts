import { Module } from '@nestjs/common';
import { CasePersonsController } from './case-persons.controller';
import { CasePersonsService } from './case-persons.service';
import { CaseRoles } from './case-roles';
import { IdentityReviewsController } from './identity-reviews.controller';
import { IdentityReviewsService } from './identity-reviews.service';
import { PersonMergesService } from './person-merges.service';
import { PersonRestrictionsController } from './person-restrictions.controller';
import { PersonRestrictionsService } from './person-restrictions.service';
import { PersonsController } from './persons.controller';
import { PersonsService } from './persons.service';

@Module({
  // Before PersonsController: GET /persons/restrictions and /persons/identity-reviews must not be taken for a person id.
  controllers: [CasePersonsController, PersonRestrictionsController, IdentityReviewsController, PersonsController],
  providers: [
    CasePersonsService,
    PersonRestrictionsService,
    IdentityReviewsService,
    CaseRoles,
    PersonsService,
    PersonMergesService,
    // Read once, when the service starts; a bad value stops the start with a ConfigError naming the variable.
  ],
  // Joins and splits move roles the way adding and removing a person does; the case view lists the persons.
  exports: [CaseRoles, CasePersonsService],
})
export class PersonsModule {}
