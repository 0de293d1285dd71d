import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class AssignResponsibleDto {
  @ApiProperty({ example: 'officer-4711', minLength: 1, maxLength: 128, description: 'Token subject (`sub`) of the officer to make responsible' })
  @IsString() @Length(1, 128)
  assignee: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why; kept in the case’s history, never published' })
  @IsOptional() @IsString() @Length(1, 500)
  reason?: string;
}
