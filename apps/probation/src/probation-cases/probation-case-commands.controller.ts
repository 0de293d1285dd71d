import { randomUUID } from 'node:crypto';
import { applyDecorators, Body, Controller, Headers, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { journalEtag } from '@icjims/journal';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import type { CaseCommand } from '../domain';
import {
  AllocateDto, CaseCommandDto, LogCommunityWorkDto, RecordAbscondingDto, RecordAssessmentDto, RecordContactDto, RecordCourtDecisionDto, RecordDeathDto, RecordFoundDto,
  RecordViolationDto, RespondToViolationDto, ScheduleContactDto, SetPlanDto, SubmitToCourtDto,
} from './dto/probation-case-commands.dto';
import { ProbationCaseDto } from './dto/probation-case.dto';
import { ETAG_HEADER } from './probation-cases.controller';
import { ProbationCasesService } from './probation-cases.service';

type Command<T extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: T }>, 'type' | 'occurredAt'>;
type WithoutTime<C> = C extends CaseCommand ? Omit<C, 'occurredAt'> : never;

/** The fields of a body that are given, as the command takes them (an absent optional field stays absent). */
function pick<T>(body: object, ...fields: (keyof T & string)[]): T {
  const given = body as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => given[field] !== undefined).map((field) => [field, given[field]])) as T;
}

/** What every command on a case documents: the case's version to expect, the case back with its ETag, and the problems. */
const CaseCommandEndpoint = (action: string, summary: string, description: string, created = true) =>
  applyDecorators(
    AccessTo({ action, resourceType: 'probation-case', resourceIdParam: 'probationCaseId' }),
    ApiOperation({
      summary,
      description: `${description} One entry (or more) in the case’s journal, published as probation-entry.recorded, in one transaction. 403 for another region’s or office’s case or a role that may not; 409 when the case has ended, already holds it, or is at another version than expected; 422 when the legal order or the pack refuses it (the field named).`,
    }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The case’s version the caller saw (the ETag of GET /probation-cases/{id}); another version is a 409' }),
    created ? ApiCreatedResponse({ type: ProbationCaseDto, headers: ETAG_HEADER }) : ApiOkResponse({ type: ProbationCaseDto, headers: ETAG_HEADER }),
    ApiProblems(400, 403, 404, 409, 422),
  );

/** The commands of a probation case, each a POST mapping to one command of the domain (the plan is replaced by a PUT). */
@ApiTags('probation-cases')
@Controller('probation-cases/:probationCaseId')
@Roles('probation_officer', 'probation_supervisor', 'admin')
export class ProbationCaseCommandsController {
  constructor(private readonly probationCases: ProbationCasesService) {}

  @Post('allocations')
  @Roles('probation_supervisor', 'admin')
  @CaseCommandEndpoint('allocate', 'Allocate the case to a probation office and an officer', 'initial first; then a reallocation to another officer of the same office or a transfer to another office, which moves the case to that office’s region. The history is kept in the journal.')
  allocate(
    @UuidParam('probationCaseId') id: string,
    @Body() body: AllocateDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'allocate', ...pick<Command<'allocate'>>(body, 'kind', 'office', 'officerId') }, principal, ifMatch, response);
  }

  @Put('plan')
  @CaseCommandEndpoint('set-plan', 'Set the supervision plan (replaces the previous one)', 'An item per obligation of the case, measured as its obligation says (every N days, a due date, hours).', false)
  setPlan(
    @UuidParam('probationCaseId') id: string,
    @Body() body: SetPlanDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    const items = body.items.map((item) => pick<Command<'setPlan'>['items'][number]>(item, 'obligation', 'everyDays', 'dueOn', 'hours'));
    return this.give(id, body, { type: 'setPlan', items }, principal, ifMatch, response);
  }

  @Post('contacts')
  @CaseCommandEndpoint('schedule-contact', 'Schedule a contact (appointment, home visit, phone call)', 'The contact’s id is in the case returned (contacts).')
  scheduleContact(
    @UuidParam('probationCaseId') id: string,
    @Body() body: ScheduleContactDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'scheduleContact', contactId: randomUUID(), contactKind: body.contactKind, scheduledFor: body.scheduledFor }, principal, ifMatch, response);
  }

  @Post('contact-records')
  @CaseCommandEndpoint('record-contact', 'Record a contact: attended, or missed with the pack’s reason (excused or not)', 'A scheduled contact once its time has come (contactId), or an unscheduled one. The note stays in the journal.')
  recordContact(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordContactDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'recordContact', ...pick<Command<'recordContact'>>(body, 'contactId', 'contactKind', 'outcome', 'missedReason', 'note') }, principal, ifMatch, response);
  }

  @Post('community-work')
  @CaseCommandEndpoint('log-community-work', 'Log hours of community work', 'Never beyond the hours ordered; only on a community-work case.')
  logCommunityWork(
    @UuidParam('probationCaseId') id: string,
    @Body() body: LogCommunityWorkDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'logCommunityWork', workedOn: body.workedOn, hours: body.hours }, principal, ifMatch, response);
  }

  @Post('assessments')
  @CaseCommandEndpoint('record-assessment', 'Record a risk and needs assessment', 'Scored by the pack’s instrument version valid that day: the score, the band and when the band’s reassessment falls due. The answers stay in the journal.')
  recordAssessment(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordAssessmentDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    const command = { type: 'recordAssessment' as const, instrument: body.instrument, instrumentVersion: body.version, purpose: body.purpose, answers: body.answers };
    return this.give(id, body, command, principal, ifMatch, response);
  }

  @Post('violations')
  @CaseCommandEndpoint('record-violation', 'Record a violation of an obligation', 'The violation’s id is in the case returned (violations). The evidence stays in the journal.')
  recordViolation(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordViolationDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    const command = { type: 'recordViolation' as const, violationId: randomUUID(), ...pick<Omit<Command<'recordViolation'>, 'violationId'>>(body, 'obligation', 'violationType', 'occurredOn', 'evidence') };
    return this.give(id, body, command, principal, ifMatch, response);
  }

  @Post('violations/:violationId/responses')
  @CaseCommandEndpoint('respond-to-violation', 'Respond to a violation (warning, written warning, plan adjustment …)', 'A response that asks the court for something is a court submission instead. A response the pack orders after a lesser one (requiresEarlier) before any of those was given in the case is a 422 response-order.')
  respondToViolation(
    @UuidParam('probationCaseId') id: string,
    @UuidParam('violationId') violationId: string,
    @Body() body: RespondToViolationDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'respondToViolation', violationId, response: body.response }, principal, ifMatch, response);
  }

  @Post('court-submissions')
  @CaseCommandEndpoint('submit-to-court', 'Submit the case to court: for an extension or a revocation (answering a violation) or an early termination', 'The submission’s id is in the case returned (submissions). A revocation or extension whose response the pack orders after a lesser one (requiresEarlier; KG and KZ: a written warning before a revocation) before any of those was given in the case is a 422 response-order.')
  submitToCourt(
    @UuidParam('probationCaseId') id: string,
    @Body() body: SubmitToCourtDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'submitToCourt', submissionId: randomUUID(), ...pick<Omit<Command<'submitToCourt'>, 'submissionId'>>(body, 'request', 'violationId') }, principal, ifMatch, response);
  }

  @Post('court-submissions/:submissionId/decision')
  @CaseCommandEndpoint('record-court-decision', 'Record the court’s decision on a submission', 'A granted extension moves the end of the term; a granted revocation or early termination ends the case.')
  recordCourtDecision(
    @UuidParam('probationCaseId') id: string,
    @UuidParam('submissionId') submissionId: string,
    @Body() body: RecordCourtDecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'recordCourtDecision', submissionId, ...pick<Omit<Command<'recordCourtDecision'>, 'submissionId'>>(body, 'granted', 'extensionMonths') }, principal, ifMatch, response);
  }

  @Post('absconding')
  @CaseCommandEndpoint('record-absconding', 'Record that the person absconded (is wanted)', 'The term does not complete while they are; record them found.')
  recordAbsconding(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordAbscondingDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'recordAbsconding', since: body.since }, principal, ifMatch, response);
  }

  @Post('found')
  @CaseCommandEndpoint('record-found', 'Record that the absconded person was found', 'Supervision goes on.')
  recordFound(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordFoundDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'recordFound', on: body.on }, principal, ifMatch, response);
  }

  @Post('death')
  @CaseCommandEndpoint('record-death', 'Record the person’s death', 'Ends the case (deceased).')
  recordDeath(
    @UuidParam('probationCaseId') id: string,
    @Body() body: RecordDeathDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProbationCaseDto> {
    return this.give(id, body, { type: 'recordDeath', diedOn: body.diedOn }, principal, ifMatch, response);
  }

  private async give(id: string, body: CaseCommandDto, command: WithoutTime<CaseCommand>, principal: Principal, ifMatch: string | undefined, response: Response): Promise<ProbationCaseDto> {
    const occurredAt = body.occurredAt ?? new Date().toISOString();
    const after = await this.probationCases.command(id, principal, { ...command, occurredAt } as CaseCommand, body.expectedVersion, ifMatch);
    response.setHeader('ETag', journalEtag(after.version));
    return after;
  }
}
