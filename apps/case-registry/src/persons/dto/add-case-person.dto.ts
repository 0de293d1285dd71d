import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { PERSON_ROLES, PersonRole } from '@icjims/contracts';
import { PersonInputDto } from './person-input.dto';

/** Either `personId` or `person`, never both. */
export class AddCasePersonDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing person record. Give this or `person`.' })
  @ValidateIf((body: AddCasePersonDto) => body.person === undefined)
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({
    type: PersonInputDto,
    description:
      'A person to record. With a nationalId that is already recorded, that record is reused — if every fact given agrees with it; otherwise 409 names the fields that differ and nothing changes. Give this or `personId`.',
  })
  @ValidateIf((body: AddCasePersonDto) => body.personId === undefined)
  @IsObject() @ValidateNested() @Type(() => PersonInputDto)
  person?: PersonInputDto;

  @ApiProperty({ enum: PERSON_ROLES, description: 'A person may hold several roles in a case, but each only once at a time' })
  @IsIn(PERSON_ROLES)
  role: PersonRole;
}
