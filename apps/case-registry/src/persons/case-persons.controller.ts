import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { CasePersonsService } from './case-persons.service';
import { AddCasePersonDto } from './dto/add-case-person.dto';
import { CasePersonDto, CasePersonListDto, RestrictedCasePersonDto } from './dto/person.dto';
import { RemoveRoleDto, RoleRemovalDto } from './dto/role-removal.dto';

@ApiTags('persons')
@ApiExtraModels(CasePersonDto, RestrictedCasePersonDto)
@Controller('cases/:caseId/persons')
@Roles('prosecutor', 'investigator', 'admin')
export class CasePersonsController {
  constructor(private readonly casePersons: CasePersonsService) {}

  @Post()
  @AccessTo({ action: 'add', resourceType: 'person', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'Add a person to a case in a role',
    description:
      'Give `personId` for an existing record the caller may see (any other is the 404 of an unknown record), or `person` to record one: a national ID on a record the caller may see reuses that record when every fact given agrees with it, and is a 409 naming the differing fields otherwise (the record is never changed). A national ID held by a record out of the caller’s reach is not revealed: the answer is a new (provisional) record with the caller’s facts, which a national admin reviews. A record restricted to others is a 403 `restricted-record`. A person may hold several roles in a case but not the same one twice (409). A regional caller may add persons to cases of their region only; a closed or joined case takes none (422). Emits PersonAddedToCase with the pseudonymous person id and the statistical categories only.',
  })
  @ApiCreatedResponse({ type: CasePersonDto, description: 'The person in this case with every role they now hold in it' })
  @ApiProblems(400, 403, 404, 409, 413, 415, 422)
  add(@UuidParam('caseId') caseId: string, @Body() body: AddCasePersonDto, @CurrentPrincipal() principal: Principal): Promise<CasePersonDto> {
    return this.casePersons.add(caseId, body, principal);
  }

  @Get()
  @AccessTo({ action: 'list', resourceType: 'person', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'The persons of a case with their roles, age band and juvenile status at the time of the offence',
    description: 'A person whose record is restricted to others shows as `{id, caseId, roles, restricted: true}` only.',
  })
  @ApiOkResponse({ type: CasePersonListDto })
  @ApiProblems(400, 404)
  list(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<CasePersonListDto> {
    return this.casePersons.list(caseId, principal);
  }

  @Post(':personId/removals')
  @AccessTo({ action: 'remove', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Remove a person’s role in a case, with the reason',
    description:
      'A soft removal: the role stays on record with who removed it, when and why; refused (422) for a closed or joined case. A person the caller may not see is the 404 of an unknown record; one restricted to others is a 403 `restricted-record`. Emits PersonRemovedFromCase (reason "removed").',
  })
  @ApiCreatedResponse({ type: RoleRemovalDto })
  @ApiProblems(400, 403, 404, 413, 415, 422)
  removeRole(
    @UuidParam('caseId') caseId: string,
    @UuidParam('personId') personId: string,
    @Body() body: RemoveRoleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoleRemovalDto> {
    return this.casePersons.removeRole(caseId, personId, body, principal);
  }
}
