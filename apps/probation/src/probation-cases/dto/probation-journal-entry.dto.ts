import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROBATION_ENTRY_TYPES, ProbationEntryType } from '@icjims/contracts';
import { SignedTreeHeadDto, StreamProblem } from '@icjims/journal';

/** An entry of a probation case's journal as stored: full details, free text included, and its link in the chain. */
export class ProbationJournalEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'Position in the case’s journal, from 1' }) sequence: number;
  @ApiProperty({ enum: PROBATION_ENTRY_TYPES }) entryType: ProbationEntryType;
  @ApiProperty({ description: 'The case’s region after the entry' }) region: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened' }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt: string;
  @ApiProperty({ description: 'Who recorded it (token subject), or system' }) recordedBy: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The entry’s details (docs/event-catalogue.md), with what is never published: notes, evidence, an assessment’s answers' })
  details: Record<string, unknown>;
  @ApiProperty({ description: 'Hash of the entry before it (64 zeros for the first)' }) prevHash: string;
  @ApiProperty({ description: 'SHA-256 over the entry’s fields and prevHash' }) hash: string;
}

const CASE_JOURNAL_PROBLEMS: readonly StreamProblem[] = ['chain-broken', 'not-in-checkpoint', 'not-sealed', 'checkpoint-signature'];

export class ProbationCaseVerificationDto {
  @ApiProperty({ description: 'Whether every entry’s hash is recomputed as stored and each links to the one before, up to the head, and every sealed entry is the one the latest signed checkpoint holds' })
  valid: boolean;
  @ApiProperty({ type: 'integer', description: 'Entries found intact, in order, before the first break' }) checked: number;
  @ApiProperty({ type: 'integer', description: 'The head’s version: how many entries the chain should hold' }) version: number;
  @ApiPropertyOptional({ type: 'integer', description: 'The first entry where the chain breaks, when it does' }) firstBrokenSequence?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The entry at the break, when it exists' }) firstBrokenEntryId?: string;
  @ApiPropertyOptional({
    enum: CASE_JOURNAL_PROBLEMS,
    description:
      'What is wrong: the hash chain breaks; an entry is not the one the signed checkpoint holds at its leaf (changed since, even with the chain recomputed); an entry left out of the tree while later ones are in it; or the checkpoint’s signature does not hold',
  })
  problem?: StreamProblem;
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest checkpoint of the probation journal, against which the case’s sealed entries were proven' })
  checkpoint?: SignedTreeHeadDto;
  @ApiProperty({ type: 'integer', description: 'Entries proven to be in the checkpoint as they are stored' }) provenInCheckpoint: number;
  @ApiProperty({ type: 'integer', description: 'Entries recorded after the checkpoint (in the next one)' }) awaitingCheckpoint: number;
}

export class OfficerCaseloadDto {
  @ApiProperty({ example: 'officer-17', description: 'The officer (token subject)' }) officerId: string;
  @ApiProperty({ type: 'integer', description: 'Running cases allocated to them' }) cases: number;
}

export class AllocationSuggestionDto {
  @ApiProperty({ example: 'PR-KG-GB-LENINSKY' }) office: string;
  @ApiProperty({ description: 'The office’s name in the request language' }) label: string;
  @ApiProperty({ example: 'KG-GB' }) region: string;
  @ApiProperty({ type: 'integer', description: 'Running cases (active or absconded) allocated to the office' }) activeCases: number;
  @ApiProperty({ type: 'integer', description: 'Officers holding those cases' }) officers: number;
  @ApiProperty({ type: 'number', description: 'activeCases per officer (activeCases when no officer holds any): the order of the suggestions, lightest first' })
  casesPerOfficer: number;
  @ApiProperty({ type: OfficerCaseloadDto, nullable: true, description: 'Of the officers holding the office’s running cases, the one with the fewest (ties by id); null when none holds any' })
  lightestOfficer: OfficerCaseloadDto | null;
}
