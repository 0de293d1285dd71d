import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The national ID goes in a body, never in a URL: URLs are logged. */
export class LookupPersonDto {
  @ApiProperty({ example: '21503199012345', maxLength: 32, description: 'National personal identification number in the scheme of the jurisdiction pack (KG: the 14-digit PIN)' })
  @IsString() @MaxLength(32)
  nationalId: string;
}
