import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, RequestLanguage, UuidParam } from '@icjims/platform';
import { journalEtag } from '@icjims/journal';
import { RecordStepDto } from './dto/record-step.dto';
import { StepDto } from './dto/step.dto';
import { StepsService } from './steps.service';

const ETAG_HEADER = { description: 'The journal version after the call, for If-Match', schema: { type: 'string', example: '"7"' } };

@ApiTags('steps')
@Controller('cases/:caseId/steps')
export class StepsController {
  constructor(private readonly steps: StepsService) {}

  @Post()
  @Roles('prosecutor', 'investigator')
  @AccessTo({ action: 'record', resourceType: 'step', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Append a procedural step to the case’s journal (steps are never changed or deleted; a correction step fixes a mistake)',
    description:
      'The step must fit the legal order of the journal so far (409 when it conflicts with the state of the case or person, 422 when the order of procedure forbids it); a refusal’s title is in the request language (Accept-Language), its type is not.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The journal version the recorder saw (the ETag of GET …/steps); another version is a 409' })
  @ApiCreatedResponse({ type: StepDto, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  async record(
    @UuidParam('caseId') caseId: string,
    @Body() body: RecordStepDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
    @RequestLanguage() language: string,
  ): Promise<StepDto> {
    const step = await this.steps.record(caseId, body, principal, ifMatch, language);
    response.setHeader('ETag', journalEtag(step.sequence));
    return step;
  }

  @Get()
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'list', resourceType: 'step', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'The case’s journal in order, as recorded (corrections are steps of their own; see the timeline for their effect)' })
  @ApiOkResponse({ type: [StepDto], headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 404)
  async list(
    @UuidParam('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepDto[]> {
    const { steps, version } = await this.steps.list(caseId, principal);
    response.setHeader('ETag', journalEtag(version));
    return steps;
  }
}
