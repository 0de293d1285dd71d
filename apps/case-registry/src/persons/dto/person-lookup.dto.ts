import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The national ID goes in a body, never in a URL: URLs are logged. */
export class LookupPersonDto {
  @ApiProperty({ example: '49403136515', maxLength: 32, description: 'National personal identification number (sample scheme: Estonian isikukood)' })
  @IsString() @MaxLength(32)
  nationalId: string;
}
