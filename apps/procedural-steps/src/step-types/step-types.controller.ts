import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '@icjims/auth';
import { label } from '@icjims/jurisdiction';
import { Role, ROLES } from '@icjims/contracts';
import { AccessTo, ApiProblems, RequestLanguage } from '@icjims/platform';
import { PACK_LISTS, PackList, STEP_FIELD_TYPES, StepFieldSpec, StepTypeSpec } from './step-catalogue';
import { StepTypes } from './step-types';
import { fieldDescription, stepTitle, textsIn } from '../i18n/texts';

class StepFieldDto implements StepFieldSpec {
  @ApiProperty() name: string;
  @ApiProperty({ enum: STEP_FIELD_TYPES, description: '`codes`: a JSON array of distinct codes from `values`, at most `maxItems` of them' }) type: StepFieldSpec['type'];
  @ApiProperty() required: boolean;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: [String] }) values?: string[];
  @ApiPropertyOptional({
    enum: PACK_LISTS,
    description: 'The values are the codes of this list of the jurisdiction pack; where the pack lists none, the journal’s own codes (and the description says so)',
  })
  valuesFrom?: PackList;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { custody: 'Заключение под стражу' },
    description: 'The label of each value in the request language (Accept-Language), for values the pack lists',
  })
  valueLabels?: Record<string, string>;
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional() maxLength?: number;
  @ApiPropertyOptional({ description: 'For `codes`: the most codes the list may hold' }) maxItems?: number;
  @ApiPropertyOptional({ description: 'For `date`: not before the day the step is recorded (in the jurisdiction’s time zone)' }) notPast?: boolean;
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
  constructor(private readonly stepTypes: StepTypes) {}

  @Get()
  @AccessTo({ action: 'list', resourceType: 'step-type' })
  @ApiOperation({
    summary: 'The catalogue of procedural step types: fields, who may record each, case- or person-level',
    description:
      'Titles, field descriptions and the labels of the values the jurisdiction pack lists (preventive measures, termination grounds, court levels, probation obligations, report requesters) are in the request language (Accept-Language); codes are not.',
  })
  @ApiOkResponse({ type: [StepTypeDto] })
  @ApiProblems()
  list(@RequestLanguage() language: string): StepTypeDto[] {
    return this.stepTypes.all.map((spec) => ({
      ...spec,
      title: stepTitle(spec.code, language),
      roles: [...spec.roles],
      fields: spec.fields.map((field) => this.fieldDto(spec.code, field, language)),
    }));
  }

  private fieldDto(code: string, field: StepFieldSpec, language: string): StepFieldDto {
    const { valuesFrom } = field;
    const description = fieldDescription(code, field.name, language, field.description);
    const dto: StepFieldDto = { ...field, description, values: field.values && [...field.values] };
    if (!valuesFrom) return dto;
    if (this.stepTypes.fallbacks.includes(valuesFrom)) return { ...dto, description: `${description}. ${textsIn(language).fallbackNotes[valuesFrom]}` };
    const labelled = (field.values ?? []).map((code) => [code, label(this.stepTypes.labelsOf(valuesFrom, code) ?? { en: code }, language)]);
    return { ...dto, valueLabels: Object.fromEntries(labelled) };
  }
}
