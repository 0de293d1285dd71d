import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '@icjims/auth';
import { Role, ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems } from '@icjims/platform';
import { STEP_CATALOGUE, StepFieldSpec, StepTypeSpec } from './step-catalogue';

class StepFieldDto implements StepFieldSpec {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['string', 'integer', 'boolean', 'date', 'enum'] }) type: StepFieldSpec['type'];
  @ApiProperty() required: boolean;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: [String] }) values?: string[];
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional() maxLength?: number;
}

class StepTypeDto implements StepTypeSpec {
  @ApiProperty({ example: 'sentence' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['case', 'person'], description: 'Whether the step concerns the whole case or one person in it' }) level: 'case' | 'person';
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles that may record it' }) roles: Role[];
  @ApiProperty({ type: [StepFieldDto] }) fields: StepFieldDto[];
}

@ApiTags('reference')
@Controller('step-types')
@Roles(...ROLES)
export class StepTypesController {
  @Get()
  @AccessTo({ action: 'list', resourceType: 'step-type' })
  @ApiOperation({ summary: 'The catalogue of procedural step types: fields, who may record each, case- or person-level' })
  @ApiOkResponse({ type: [StepTypeDto] })
  @ApiProblems()
  list(): readonly StepTypeSpec[] {
    return STEP_CATALOGUE;
  }
}
