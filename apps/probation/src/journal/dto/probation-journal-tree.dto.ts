import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SignedTreeHeadDto, TreeProblem } from '@icjims/journal';

const PROBLEMS: readonly (TreeProblem | 'checkpoint-signature')[] = ['entry-changed', 'entry-missing', 'journal-truncated', 'checkpoint-signature'];

export class ProbationJournalVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Leaves (sealed entries) read in order, up to the first one missing' }) leaves: number;
  @ApiProperty({ description: 'Signed checkpoints checked' }) checkpoints: number;
  @ApiProperty({ description: 'The size of the last checkpoint the entries as stored add up to' }) verifiedTreeSize: number;
  @ApiPropertyOptional({ type: SignedTreeHeadDto }) latestCheckpoint?: SignedTreeHeadDto;
  @ApiPropertyOptional({
    enum: PROBLEMS,
    description: 'An entry changed since it was signed, an entry gone, the journal shorter than a checkpoint, or a checkpoint whose signature does not hold',
  })
  problem?: TreeProblem | 'checkpoint-signature';
  @ApiPropertyOptional({ description: 'The first bad position (leaf index, from 0)' }) firstBadLeafIndex?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The entry at that position, when it exists' }) firstBadEntryId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Its probation case or pre-sentence report' }) firstBadStreamId?: string;
  @ApiPropertyOptional() firstBadSequence?: number;
  @ApiPropertyOptional({ description: 'For checkpoint-signature: the size of the first checkpoint that does not verify' }) badCheckpointTreeSize?: number;
}
