import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { Offence } from './offence.entity';
import { Region } from './region.entity';
import { OffenceDto, RegionDto } from './reference.dto';

/** Reference data that clients fill their forms from. Any signed-in role may read it. */
@ApiTags('reference')
@Controller('reference')
@Roles(...ROLES)
export class ReferenceController {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @InjectRepository(Offence) private readonly offences: Repository<Offence>,
  ) {}

  @Get('regions')
  @AccessTo({ action: 'list', resourceType: 'region' })
  @ApiOperation({ summary: 'Regions (jurisdictions) a case can belong to' })
  @ApiOkResponse({ type: [RegionDto] })
  @ApiProblems()
  listRegions(): Promise<RegionDto[]> {
    return this.regions.find({ order: { code: 'ASC' } });
  }

  @Get('offences')
  @AccessTo({ action: 'list', resourceType: 'offence' })
  @ApiOperation({ summary: 'Criminal-code articles with severity and ICCS classification' })
  @ApiOkResponse({ type: [OffenceDto] })
  @ApiProblems()
  listOffences(): Promise<OffenceDto[]> {
    return this.offences.find({ order: { article: 'ASC' } });
  }
}
