import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@icjims/auth';
import { ROLES } from '@icjims/contracts';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ACCESS_PURPOSES } from '../service/tokens';
import { AccessPurpose, AccessPurposeList } from './access-purposes';
import { AccessTo } from './access-spec';

class AccessPurposeDto implements AccessPurpose {
  @ApiProperty({ example: 'investigation', description: 'The value to send in X-Purpose' }) code: string;
  @ApiProperty({ example: 'Investigating a criminal offence' }) description: string;
}

/** The purposes this installation accepts in X-Purpose; served by every service. */
@ApiTags('access purposes')
@Controller('access-purposes')
export class AccessPurposesController {
  constructor(@Inject(ACCESS_PURPOSES) private readonly purposes: AccessPurposeList) {}

  @Get()
  @Roles(...ROLES)
  @AccessTo({ action: 'list', resourceType: 'access-purpose' })
  @ApiOperation({ summary: 'The purposes a caller may state in X-Purpose, with what each means' })
  @ApiOkResponse({ type: [AccessPurposeDto] })
  @ApiProblems(400)
  list(): AccessPurposeDto[] {
    return this.purposes.purposes.map(({ code, description }) => ({ code, description }));
  }
}
