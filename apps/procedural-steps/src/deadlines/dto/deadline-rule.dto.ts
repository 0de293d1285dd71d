import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TERM_UNITS } from '../deadline-rules';

/** OpenAPI description of a deadline rule; the rule itself is validated by deadlineRuleProblems. */
class DurationDto {
  @ApiProperty({ type: 'integer', example: 48 }) amount: number;
  @ApiProperty({ enum: TERM_UNITS }) unit: string;
}

class StepMatchDto {
  @ApiProperty({ example: 'preventive_measure_applied', description: 'A step type code from GET /step-types' }) stepType: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { measure: 'custody' }, description: 'Detail values the step must have' })
  where?: Record<string, string | number | boolean>;
}

class ExtensionDto extends StepMatchDto {
  @ApiProperty({ example: 'until', description: 'The datetime field of the step that gives the new due time' }) untilField: string;
}

export class DeadlineRuleDto {
  @ApiProperty({ example: 'detention_court_decision', pattern: '^[a-z][a-z0-9_]{1,63}$' }) code: string;
  @ApiProperty({ maxLength: 200, description: 'In English' }) title: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 200 },
    example: { en: 'Custody: end of the term set by the court', ru: 'Заключение под стражу: окончание срока, установленного судом' },
    description: 'The title by language, in the jurisdiction’s languages (en required when given); the rules a pack brings carry them',
  })
  labels?: Record<string, string>;
  @ApiProperty({ maxLength: 256, description: 'The law that sets the deadline; for a pack’s rule its citations, e.g. "CCP art. 114 part 1 — note"' })
  legalReference: string;
  @ApiProperty({ enum: ['case', 'person'], description: 'person: one clock per person the starting step names' }) scope: 'case' | 'person';
  @ApiProperty({ type: [StepMatchDto], description: 'Any of these starts the clock' }) startsWith: StepMatchDto[];
  @ApiProperty({
    oneOf: [{ $ref: '#/components/schemas/DurationDto' }, { type: 'object', properties: { field: { type: 'string', example: 'until' } }, required: ['field'] }],
    description: 'A fixed duration from the starting step, or the datetime field of the starting step that holds the due time',
  })
  term: DurationDto | { field: string };
  @ApiProperty({ type: [ExtensionDto] }) extendedBy: ExtensionDto[];
  @ApiProperty({ type: [StepMatchDto], description: 'Any of these stops the clock (a case-level step stops every person’s)' }) stoppedBy: StepMatchDto[];
  @ApiProperty({ type: DurationDto, description: 'How long before the due time the deadline counts as running out' }) warnBefore: DurationDto;
}

export class DeadlineRuleRecordDto {
  @ApiProperty({ type: DeadlineRuleDto }) rule: DeadlineRuleDto;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Token subject of the admin who set it; "jurisdiction-pack KG 2026.1" for a rule the pack brought, "sample-seed" for the Estonian sample of an installation from before packs' }) updatedBy: string;
}

export { DurationDto };

export class DeadlineRuleVersionDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'From 1, one more with each change of the rule' }) version: number;
  @ApiProperty({ type: DeadlineRuleDto }) rule: DeadlineRuleDto;
  @ApiProperty({ format: 'date-time', description: 'Clocks that start from then on run under this version (until a later one applies); a clock keeps the version it started under' })
  appliesFrom: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Token subject of the admin who made the change, or "jurisdiction-pack KG 2026.1" for a rule the pack brought' }) updatedBy: string;
}
