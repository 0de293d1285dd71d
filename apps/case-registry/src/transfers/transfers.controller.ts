import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { TransferCaseDto } from './dto/transfer-case.dto';
import { TransferDto } from './dto/transfer.dto';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@Controller('cases/:caseId/transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @Roles('prosecutor', 'admin')
  @AccessTo({ action: 'transfer', resourceType: 'case', resourceIdParam: 'caseId', caseIdParam: 'caseId' })
  @ApiOperation({
    summary: 'Transfer a case to another region, district or agency',
    description:
      'A prosecutor of the case’s current region, or an admin. Afterwards the case belongs to toRegion: its officers may see it, the old region’s may not. The case number does not change. Refused with 409 when nothing would change, 422 for a closed or joined case. Announced as case.transferred, without the reason.',
  })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  transfer(@UuidParam('caseId') caseId: string, @Body() body: TransferCaseDto, @CurrentPrincipal() principal: Principal): Promise<TransferDto> {
    return this.transfers.transfer(caseId, body, principal);
  }

  @Get()
  @Roles('prosecutor', 'investigator', 'admin')
  @AccessTo({ action: 'read', resourceType: 'case-transfer', caseIdParam: 'caseId' })
  @ApiOperation({ summary: 'Where a case was moved, when, by whom and why, oldest first', description: 'Readable by the case’s current region.' })
  @ApiOkResponse({ type: [TransferDto] })
  @ApiProblems(400, 404)
  history(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal): Promise<TransferDto[]> {
    return this.transfers.history(caseId, principal);
  }
}
