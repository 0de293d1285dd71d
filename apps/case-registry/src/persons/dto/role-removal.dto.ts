import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PERSON_ROLES, PersonRole } from '@icjims/contracts';

export class RemoveRoleDto {
  @ApiProperty({ enum: PERSON_ROLES, description: 'The role to remove; the person keeps their other roles' })
  @IsIn(PERSON_ROLES)
  role: PersonRole;

  @ApiProperty({ maxLength: 500, example: 'Added to the wrong case', description: 'Why; kept with the role, never published' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(500)
  reason: string;
}

export class RoleRemovalDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: PERSON_ROLES }) role: PersonRole;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) removedAt: string;
  @ApiProperty({ description: 'Subject of the remover’s token' }) removedBy: string;
}
