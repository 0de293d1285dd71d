import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { CasesService } from './cases.service';
import { CaseDto } from './dto/case.dto';
import { RegisterCaseDto } from './dto/register-case.dto';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('prosecutor', 'investigator')
  @AccessTo({ action: 'register', resourceType: 'case' })
  @ApiOperation({ summary: 'Register a report of a crime; returns the case with its national case number' })
  @ApiCreatedResponse({ type: CaseDto })
  @ApiProblems(400, 413, 415)
  register(@Body() body: RegisterCaseDto, @CurrentPrincipal() principal: Principal): Promise<CaseDto> {
    return this.cases.register(body, principal);
  }

  @Get(':caseId')
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'read', resourceType: 'case', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'A case with its current status' })
  @ApiOkResponse({ type: CaseDto })
  @ApiProblems(400, 404)
  get(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<CaseDto> {
    return this.cases.get(caseId, principal);
  }
}
