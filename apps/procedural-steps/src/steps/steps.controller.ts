import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { RecordStepDto } from './dto/record-step.dto';
import { StepDto } from './dto/step.dto';
import { StepsService } from './steps.service';

@ApiTags('steps')
@Controller('cases/:caseId/steps')
export class StepsController {
  constructor(private readonly steps: StepsService) {}

  @Post()
  @Roles('prosecutor', 'investigator')
  @AccessTo({ action: 'record', resourceType: 'step', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'Append a procedural step to the case’s journal (steps are never changed or deleted)' })
  @ApiCreatedResponse({ type: StepDto })
  @ApiProblems(400, 404, 413, 415)
  record(@UuidParam('caseId') caseId: string, @Body() body: RecordStepDto, @CurrentPrincipal() principal: Principal): Promise<StepDto> {
    return this.steps.record(caseId, body, principal);
  }

  @Get()
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'list', resourceType: 'step', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'The case’s journal in order' })
  @ApiOkResponse({ type: [StepDto] })
  @ApiProblems(400, 404)
  list(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<StepDto[]> {
    return this.steps.list(caseId, principal);
  }
}
