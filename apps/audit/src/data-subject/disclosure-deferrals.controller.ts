import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { DisclosureDeferralsService } from './disclosure-deferrals.service';
import { DisclosureDeferralStateDto, SetDisclosureDeferralDto } from './dto/disclosure-deferral.dto';

const SET =
  'Sets until when consultations made for a deferred purpose (AUDIT_DEFERRED_PURPOSES, by default covert_investigation) stay out of data-subject reports; null: until further notice. Without any date such consultations stay withheld. The data-protection officer sets it — on the instruction of the prosecutor in charge, named in decisionReference — national only. Every change is kept (history) and is on the access log.';
const GET = 'The disclosure date in force and every earlier one, newest first. Data-protection officers and auditors, national only.';

/**
 * Person and case dates are two paths rather than a type parameter, so that each id is a
 * checked UUID and each call's access entry names what it was about. The person is the
 * entry's resource, not one of its personIds: setting a date is not a consultation of the
 * person's data, and must not show in their report.
 */
@ApiTags('data-subject-reports')
@Controller('disclosure-deferrals')
export class DisclosureDeferralsController {
  constructor(private readonly deferrals: DisclosureDeferralsService) {}

  @Put('persons/:personId')
  @HttpCode(200)
  @Roles('data_protection_officer')
  @AccessTo({ action: 'set', resourceType: 'disclosure-deferral', resourceIdParam: 'personId' })
  @ApiOperation({ summary: 'Set the disclosure date of a person’s deferred consultations', description: SET })
  @ApiParam({ name: 'personId', format: 'uuid' })
  @ApiOkResponse({ type: DisclosureDeferralStateDto })
  @ApiProblems(400, 413, 415)
  setForPerson(@UuidParam('personId') personId: string, @Body() body: SetDisclosureDeferralDto, @CurrentPrincipal() principal: Principal): Promise<DisclosureDeferralStateDto> {
    return this.deferrals.set('person', personId, body, principal);
  }

  @Get('persons/:personId')
  @Roles('data_protection_officer', 'auditor')
  @AccessTo({ action: 'read', resourceType: 'disclosure-deferral', resourceIdParam: 'personId' })
  @ApiOperation({ summary: 'A person’s disclosure dates', description: GET })
  @ApiParam({ name: 'personId', format: 'uuid' })
  @ApiOkResponse({ type: DisclosureDeferralStateDto })
  @ApiProblems(400)
  getForPerson(@UuidParam('personId') personId: string, @CurrentPrincipal() principal: Principal): Promise<DisclosureDeferralStateDto> {
    return this.deferrals.get('person', personId, principal);
  }

  @Put('cases/:caseId')
  @HttpCode(200)
  @Roles('data_protection_officer')
  @AccessTo({ action: 'set', resourceType: 'disclosure-deferral', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'Set the disclosure date of a case’s deferred consultations', description: `${SET} A case’s date applies to the consultations recorded on that case, for every person in them.` })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiOkResponse({ type: DisclosureDeferralStateDto })
  @ApiProblems(400, 413, 415)
  setForCase(@UuidParam('caseId') caseId: string, @Body() body: SetDisclosureDeferralDto, @CurrentPrincipal() principal: Principal): Promise<DisclosureDeferralStateDto> {
    return this.deferrals.set('case', caseId, body, principal);
  }

  @Get('cases/:caseId')
  @Roles('data_protection_officer', 'auditor')
  @AccessTo({ action: 'read', resourceType: 'disclosure-deferral', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'A case’s disclosure dates', description: GET })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiOkResponse({ type: DisclosureDeferralStateDto })
  @ApiProblems(400)
  getForCase(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<DisclosureDeferralStateDto> {
    return this.deferrals.get('case', caseId, principal);
  }
}
