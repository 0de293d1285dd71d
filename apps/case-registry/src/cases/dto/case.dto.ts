import { ApiProperty } from '@nestjs/swagger';
import { CASE_SOURCES, CASE_STATUSES, CaseSource, CaseStatus } from '@icjims/contracts';
import { CASE_PERSON_ITEM_SCHEMA, CasePersonItem } from '../../persons/dto/person.dto';
import { OffenceDto } from '../../reference/reference.dto';

export class ResponsibleDto {
  @ApiProperty({ type: String, nullable: true, description: 'Token subject of the responsible prosecutor; null until assigned' })
  prosecutor: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Token subject of the responsible investigator; null until assigned' })
  investigator: string | null;
}

/** A case as search lists it: everything but the free-text description. */
export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KG-GB-2026-000042', description: 'National case number: region-year-sequence, gapless per region and year; kept when the case is transferred' })
  caseNumber: string;
  @ApiProperty({ example: 'KG-GB', description: 'The region the case belongs to now' }) region: string;
  @ApiProperty({ type: String, nullable: true, example: 'leninsky', description: 'Null after a transfer to another region without a district, and for cases registered before districts' })
  district: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GUVD-GB', description: 'Null only for cases registered before agencies' })
  agency: string | null;
  @ApiProperty({ enum: CASE_SOURCES, nullable: true, description: 'Null only for cases registered before the source was recorded' })
  source: CaseSource | null;
  @ApiProperty({ type: OffenceDto, description: 'The classification recorded at registration' }) offence: OffenceDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) offenceCommittedAt: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ description: 'Registered later after the report was received than the jurisdiction pack’s registration term (24 hours in the shipped packs)' }) registeredLate: boolean;
  @ApiProperty({ description: 'Subject of the registering officer’s token' }) registeredBy: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'As procedural-steps derives it from the journal; `registered` until the first step that changes it, `joined` from the moment the case is joined' })
  status: CaseStatus;
  @ApiProperty({ format: 'date-time', description: 'When the step that set the status occurred' }) statusChangedAt: string;
  @ApiProperty({ type: ResponsibleDto }) responsible: ResponsibleDto;
}

/** Another case a case is linked to, by a join or a split. */
export class LinkedCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KG-GB-2026-000042' }) caseNumber: string;
}

export class CaseDto extends CaseSummaryDto {
  @ApiProperty({ maxLength: 2000 }) description: string;
  @ApiProperty({ type: LinkedCaseDto, nullable: true, description: 'The case this one was joined into; null unless joined. GET /cases/{caseId}/links has the history' })
  joinedInto: LinkedCaseDto | null;
  @ApiProperty({ type: LinkedCaseDto, nullable: true, description: 'The case this one was split off; null unless it was' })
  splitFrom: LinkedCaseDto | null;
}

/** A case as `GET /cases/{caseId}` shows it: with its persons and the roles they hold now. */
export class CaseWithPersonsDto extends CaseDto {
  @ApiProperty({
    type: 'array',
    items: CASE_PERSON_ITEM_SCHEMA,
    description: 'As GET /cases/{caseId}/persons lists them: in the order first added, current roles only; a record restricted to others shows as id and roles',
  })
  persons: CasePersonItem[];
}

/** How a case stands to others. */
export type CaseLinks = Pick<CaseDto, 'joinedInto' | 'splitFrom'>;

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto], description: 'Newest registration first' }) items: CaseSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
