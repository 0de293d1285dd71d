import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, RequestLanguage } from '@icjims/platform';
import { DeadlinesService } from './deadlines.service';
import { DeadlinePageDto } from './dto/deadline.dto';
import { DeadlineQuery } from './dto/deadline-query.dto';

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Get()
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'list', resourceType: 'deadline' })
  @ApiOperation({ summary: 'Deadlines running out (or breached, or stopped in time), soonest first; by region, responsible person, due before' })
  @ApiOkResponse({ type: DeadlinePageDto })
  @ApiProblems(400)
  list(@Query() query: DeadlineQuery, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<DeadlinePageDto> {
    return this.deadlines.list(query, principal, language);
  }
}
