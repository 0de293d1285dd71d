import { ApiProperty } from '@nestjs/swagger';
import { BURST_KEYS, REFUSAL_OUTCOMES } from './report-query.dto';

class ReportPeriodDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

export class UserRowDto {
  @ApiProperty({ description: 'The user (token subject)' }) sub: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their region in their latest entry of the period; null: national' }) region: string | null;
}

export class PersonsConsultedRowDto extends UserRowDto {
  @ApiProperty({ type: 'integer', description: 'Distinct persons whose data they were shown or changed (allowed calls)' }) persons: number;
  @ApiProperty({ type: 'integer', description: 'Allowed calls that named persons' }) entries: number;
  @ApiProperty({ description: 'Their average of distinct persons per period of the same length, over the baseline periods' }) baseline: number;
  @ApiProperty({ enum: ['threshold', 'baseline'], isArray: true, description: 'Why they are reported' }) reasons: ('threshold' | 'baseline')[];
}

export class PersonsConsultedReportDto extends ReportPeriodDto {
  @ApiProperty({ type: 'integer' }) threshold: number;
  @ApiProperty({ type: 'integer' }) baselineFactor: number;
  @ApiProperty({ type: 'integer' }) baselinePeriods: number;
  @ApiProperty({ type: 'integer' }) baselineMinimum: number;
  @ApiProperty({ type: [PersonsConsultedRowDto], description: 'Most persons first' }) items: PersonsConsultedRowDto[];
}

export class OffHoursRowDto extends UserRowDto {
  @ApiProperty({ type: 'integer', description: 'Calls outside working time, allowed or not' }) entries: number;
  @ApiProperty({ type: 'integer', description: 'Distinct persons named in those calls' }) persons: number;
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
}

export class OffHoursReportDto extends ReportPeriodDto {
  @ApiProperty({ example: 'Asia/Bishkek', description: 'The zone working time is read in: AUDIT_TIME_ZONE, else the jurisdiction pack’s' }) timeZone: string;
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday' }) workingDays: number[];
  @ApiProperty({ example: '08:00-18:00' }) workingHours: string;
  @ApiProperty({ type: [OffHoursRowDto], description: 'Most calls first' }) items: OffHoursRowDto[];
}

export class RegionRefusalsRowDto extends UserRowDto {
  @ApiProperty({ type: 'integer', description: 'Calls refused because the resource belongs to another region' }) refusals: number;
  @ApiProperty({ type: 'integer', description: 'Distinct resources (or routes, where no resource was named) they were refused' }) resources: number;
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
}

export class RegionRefusalsReportDto extends ReportPeriodDto {
  @ApiProperty({ type: [RegionRefusalsRowDto], description: 'Most refusals first' }) items: RegionRefusalsRowDto[];
}

export class RefusalBurstRowDto {
  @ApiProperty({ description: 'The user (token subject) or the client address' }) key: string;
  @ApiProperty({ type: 'integer', description: 'Refusals of this key in the period' }) refusals: number;
  @ApiProperty({ type: 'integer', description: 'Most refusals within one window' }) peak: number;
  @ApiProperty({ format: 'date-time', description: 'When the busiest window ended (its last refusal)' }) peakEndedAt: string;
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
}

export class RefusalBurstsReportDto extends ReportPeriodDto {
  @ApiProperty({ enum: BURST_KEYS }) by: string;
  @ApiProperty({ enum: REFUSAL_OUTCOMES, isArray: true }) outcomes: string[];
  @ApiProperty({ type: 'integer' }) windowSeconds: number;
  @ApiProperty({ type: 'integer' }) threshold: number;
  @ApiProperty({ type: [RefusalBurstRowDto], description: 'Highest peak first' }) items: RefusalBurstRowDto[];
}
