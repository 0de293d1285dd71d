import { ApiProperty } from '@nestjs/swagger';
import { RESPONSIBILITIES, Responsibility } from '@icjims/contracts';

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: RESPONSIBILITIES }) responsibility: Responsibility;
  @ApiProperty({ description: 'Token subject of the officer made responsible' }) assignee: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who was responsible before; null for the first assignment' }) previousAssignee: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ description: 'Token subject of who assigned' }) assignedBy: string;
  @ApiProperty({ format: 'date-time' }) assignedAt: string;
}
