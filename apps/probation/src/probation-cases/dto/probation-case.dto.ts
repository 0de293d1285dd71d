import { ApiProperty } from '@nestjs/swagger';
import { PROBATION_ANNULMENT_GROUNDS, ProbationAnnulmentGround } from '@icjims/contracts';
import { PROBATION_STATUSES, ProbationStatus } from '../../domain/probation-rules';

export class ProbationCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The criminal case the sentence was passed in' }) caseId: string;
  @ApiProperty({ example: 'KG-GB', description: 'Region (jurisdiction) of the criminal case' }) region: string;
  @ApiProperty({ format: 'uuid', description: 'The procedural step (sentence) that opened this probation case' }) sourceStepId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Pseudonymous id of the sentenced person, when the step named one' })
  personId: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 600, example: 24, description: 'Probation term in months' }) termMonths: number;
  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'Day the sentence was passed: the calendar date of the step’s occurredAt in the jurisdiction’s time zone (Asia/Bishkek for KG)' })
  startsOn: string;
  @ApiProperty({
    format: 'date',
    example: '2028-11-20',
    description: 'startsOn plus termMonths; a day the last month lacks is clamped to its end (Jan 31 + 1 month = Feb 28/29)',
  })
  endsOn: string;
  @ApiProperty({
    enum: PROBATION_STATUSES,
    description:
      'active while supervised; annulled (final) when a correction of the sentence annulled it or made it another kind of sentence; completed and revoked arrive with supervision',
  })
  status: ProbationStatus;
  @ApiProperty({ format: 'date-time', description: 'When this service opened the probation case' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was annulled; null unless annulled' }) annulledAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The correction step that annulled it; null unless annulled' })
  annulledByStepId: string | null;
  @ApiProperty({
    enum: PROBATION_ANNULMENT_GROUNDS,
    nullable: true,
    description: 'sentence_annulled: the sentence step was annulled; sentence_no_longer_probation: it was corrected into another kind of sentence. Null unless annulled',
  })
  annulmentGround: ProbationAnnulmentGround | null;
}
