import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { DeadlineRulesService } from './deadline-rules.service';
import { DeadlineRuleDto, DeadlineRuleRecordDto, DurationDto } from './dto/deadline-rule.dto';

@ApiTags('deadlines')
@ApiExtraModels(DurationDto)
@Controller('deadline-rules')
export class DeadlineRulesController {
  constructor(private readonly rules: DeadlineRulesService) {}

  @Get()
  @Roles(...ROLES)
  @AccessTo({ action: 'list', resourceType: 'deadline-rule' })
  @ApiOperation({ summary: 'The deadline rules in force: what starts, extends and stops each clock, its term and legal reference' })
  @ApiOkResponse({ type: [DeadlineRuleRecordDto] })
  @ApiProblems()
  list(): Promise<DeadlineRuleRecordDto[]> {
    return this.rules.list();
  }

  @Put(':code')
  @Roles('admin')
  @AccessTo({ action: 'update', resourceType: 'deadline-rule', resourceIdParam: 'code' })
  @ApiOperation({ summary: 'Create or replace a deadline rule (admin); running clocks of the rule are recomputed at once' })
  @ApiBody({ type: DeadlineRuleDto })
  @ApiOkResponse({ type: DeadlineRuleRecordDto })
  @ApiProblems(400, 413, 415)
  put(@Param('code') code: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<DeadlineRuleRecordDto> {
    return this.rules.put(code, body, principal);
  }
}
