import { ApiProperty } from '@nestjs/swagger';
import { LinkedCaseDto } from '../../cases/dto/case.dto';
import { CASE_LINK_KINDS, CaseLinkKind } from '../case-link-rules';

/** A join of one case into another, or a split of a new case off another. */
export class CaseLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_LINK_KINDS }) kind: CaseLinkKind;
  @ApiProperty({ type: LinkedCaseDto, description: 'join: the case joined into toCase; split: the case toCase was split off' }) fromCase: LinkedCaseDto;
  @ApiProperty({ type: LinkedCaseDto, description: 'join: the case joined into; split: the new case' }) toCase: LinkedCaseDto;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'join: the persons whose roles toCase gained (those it held already are left out); split: the persons moved',
  })
  personIds: string[];
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'Token subject of who joined or split' }) linkedBy: string;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
}
