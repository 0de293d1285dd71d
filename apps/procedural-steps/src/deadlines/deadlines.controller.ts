import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, RequestLanguage } from '@icjims/platform';
import { DeadlinesService } from './deadlines.service';
import { DeadlinePageDto } from './dto/deadline.dto';
import { DeadlineQuery, MyDeadlineQuery } from './dto/deadline-query.dto';

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

  @Get('mine')
  @Roles('prosecutor', 'investigator')
  @AccessTo({ action: 'list', resourceType: 'deadline' })
  @ApiOperation({
    summary: 'My deadlines: those of the cases I am responsible for (as prosecutor or investigator), soonest first',
    description: 'The due list of the caller (token `sub` as the case’s responsible prosecutor or investigator); a supervisor’s list of a region is `GET /deadlines?region=`.',
  })
  @ApiOkResponse({ type: DeadlinePageDto })
  @ApiProblems(400)
  mine(@Query() query: MyDeadlineQuery, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<DeadlinePageDto> {
    return this.deadlines.list({ ...query, responsible: principal.sub }, principal, language);
  }
}
