import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { PageQuery } from './dto/page-query.dto';
import { LiftRestrictionDto, RestrictionChangeDto, RestrictionHistoryDto, RestrictionListDto, RestrictPersonDto } from './dto/restriction.dto';
import { PersonRestrictionsService } from './person-restrictions.service';

const WHO = 'The data-protection officer or an admin, national only (a regional token is 403).';

@ApiTags('person restrictions')
@Controller('persons')
@Roles('data_protection_officer', 'admin')
export class PersonRestrictionsController {
  constructor(private readonly restrictions: PersonRestrictionsService) {}

  @Get('restrictions')
  @AccessTo({ action: 'list-restrictions', resourceType: 'person' })
  @ApiOperation({
    summary: 'The person records restricted now, with who may see each, until when and why; soonest to lapse first, a page at a time',
    description: `${WHO} Pass the previous page’s nextCursor as \`cursor\`.`,
  })
  @ApiOkResponse({ type: RestrictionListDto })
  @ApiProblems(400)
  inForce(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<RestrictionListDto> {
    return this.restrictions.inForce(query, principal);
  }

  @Get(':personId/restriction')
  @AccessTo({ action: 'read-restriction', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId' })
  @ApiOperation({ summary: 'A record’s restriction in force and every change of it (who, when, what, why)', description: WHO })
  @ApiOkResponse({ type: RestrictionHistoryDto })
  @ApiProblems(400, 404)
  history(@UuidParam('personId') personId: string, @CurrentPrincipal() principal: Principal): Promise<RestrictionHistoryDto> {
    return this.restrictions.history(personId, principal);
  }

  @Put(':personId/restriction')
  @AccessTo({ action: 'restrict', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId' })
  @ApiOperation({
    summary: 'Restrict a person record to named users and/or roles until a date',
    description: `${WHO} Replaces any restriction in force. Until it lapses, everyone else who may otherwise see the record is refused with 403 \`restricted-record\` (flagged in the access log), and sees the person in a case’s list as id and roles only. A merged record is a 409 naming the live one.`,
  })
  @ApiOkResponse({ type: RestrictionChangeDto })
  @ApiProblems(400, 404, 409, 413, 415)
  restrict(@UuidParam('personId') personId: string, @Body() body: RestrictPersonDto, @CurrentPrincipal() principal: Principal): Promise<RestrictionChangeDto> {
    return this.restrictions.restrict(personId, body, principal);
  }

  @Delete(':personId/restriction')
  @HttpCode(200)
  @AccessTo({ action: 'lift-restriction', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId' })
  @ApiOperation({ summary: 'Lift a record’s restriction, with the reason (a JSON body)', description: `${WHO} 404 when none is in force.` })
  @ApiOkResponse({ type: RestrictionChangeDto })
  @ApiProblems(400, 404, 409, 413, 415)
  lift(@UuidParam('personId') personId: string, @Body() body: LiftRestrictionDto, @CurrentPrincipal() principal: Principal): Promise<RestrictionChangeDto> {
    return this.restrictions.lift(personId, body, principal);
  }
}
