import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsDateTime } from '@icjims/platform';

export const DEFERRAL_SUBJECT_TYPES = ['person', 'case'] as const;
export type DeferralSubjectType = (typeof DEFERRAL_SUBJECT_TYPES)[number];

export class SetDisclosureDeferralDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2027-06-01T00:00:00Z',
    description: 'Until when consultations made for a deferred purpose stay out of data-subject reports; null: until further notice',
  })
  @ValidateIf((body: SetDisclosureDeferralDto) => body.withheldUntil !== null)
  @IsDateTime()
  withheldUntil: string | null;

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Disclosure would prejudice the investigation (prosecutor’s instruction)' })
  @IsString() @Length(1, 500)
  reason: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, example: 'PO-2026/1184', description: 'The decision or instruction this rests on (a prosecutor’s or court’s reference)' })
  @IsOptional() @IsString() @Length(1, 128)
  decisionReference?: string;
}

export class DisclosureDeferralDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: until further notice' }) withheldUntil: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) decisionReference: string | null;
  @ApiProperty({ description: 'Token subject of the data-protection officer who set it' }) setBy: string;
  @ApiProperty({ format: 'date-time' }) setAt: string;
}

export class DisclosureDeferralStateDto {
  @ApiProperty({ enum: DEFERRAL_SUBJECT_TYPES }) subjectType: DeferralSubjectType;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ type: DisclosureDeferralDto, nullable: true, description: 'The date in force (the latest one set); null when none was ever set' })
  current: DisclosureDeferralDto | null;
  @ApiProperty({ type: [DisclosureDeferralDto], description: 'Every date set for this subject, newest first (the current one included)' })
  history: DisclosureDeferralDto[];
}
