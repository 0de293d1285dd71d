import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { DeadlineRulesService } from './deadline-rules.service';
import { DeadlineRuleDto, DeadlineRuleRecordDto, DeadlineRuleVersionDto, DurationDto } from './dto/deadline-rule.dto';

@ApiTags('deadlines')
@ApiExtraModels(DurationDto)
@Controller('deadline-rules')
export class DeadlineRulesController {
  constructor(private readonly rules: DeadlineRulesService) {}

  @Get()
  @Roles(...ROLES)
  @AccessTo({ action: 'list', resourceType: 'deadline-rule' })
  @ApiOperation({ summary: 'The deadline rules in force, each in its latest version: what starts, extends and stops each clock, its term and legal reference' })
  @ApiOkResponse({ type: [DeadlineRuleRecordDto] })
  @ApiProblems()
  list(): Promise<DeadlineRuleRecordDto[]> {
    return this.rules.list();
  }

  @Get(':code/versions')
  @Roles(...ROLES)
  @AccessTo({ action: 'read', resourceType: 'deadline-rule', resourceIdParam: 'code' })
  @ApiOperation({ summary: 'Every version of a deadline rule, newest first: the rule, who changed it, when, and from when it applies' })
  @ApiOkResponse({ type: [DeadlineRuleVersionDto] })
  @ApiProblems(404)
  versions(@Param('code') code: string): Promise<DeadlineRuleVersionDto[]> {
    return this.rules.versions(code);
  }

  @Put(':code')
  @Roles('admin')
  @AccessTo({ action: 'update', resourceType: 'deadline-rule', resourceIdParam: 'code' })
  @ApiOperation({
    summary: 'Create or replace a deadline rule (admin) as its next version; clocks that started since it applies are recomputed at once, earlier ones keep their version',
  })
  @ApiQuery({
    name: 'appliesFrom',
    required: false,
    schema: { type: 'string', format: 'date-time', example: '2026-12-01T00:00:00+06:00' },
    description: 'From when the new version applies to clocks that start; now when not given; not before the latest version’s',
  })
  @ApiBody({ type: DeadlineRuleDto })
  @ApiOkResponse({ type: DeadlineRuleRecordDto })
  @ApiProblems(400, 413, 415)
  put(
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Query('appliesFrom') appliesFrom?: string,
  ): Promise<DeadlineRuleRecordDto> {
    return this.rules.put(code, body, principal, appliesFrom);
  }
}
