import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEX_HASH, SignedTreeHeadDto } from '@icjims/journal';
import { ChainVerificationDto } from '../../steps/dto/step.dto';

export class InclusionProofDto {
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ description: 'The step’s leaf in the journal tree, from 0' }) leafIndex: number;
  @ApiProperty() treeSize: number;
  @ApiProperty({ ...HEX_HASH, description: 'sha256(0x00 ‖ canonical JSON of the step’s fields), hex' }) leafHash: string;
  @ApiProperty({ ...HEX_HASH, description: 'The root of the tree of treeSize leaves' }) rootHash: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion proof (audit path), hex, leaf to root' }) path: string[];
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest signed checkpoint, when the proof is against its size' }) treeHead?: SignedTreeHeadDto;
}

export const CASE_JOURNAL_PROBLEMS = ['chain-broken', 'not-in-checkpoint', 'not-sealed', 'checkpoint-signature'] as const;
export type CaseJournalProblem = (typeof CASE_JOURNAL_PROBLEMS)[number];

export class CaseJournalVerificationDto extends ChainVerificationDto {
  @ApiPropertyOptional({
    enum: CASE_JOURNAL_PROBLEMS,
    description:
      'What is wrong: the hash chain breaks; a step is not the one the signed checkpoint holds at its leaf (changed since, even with the chain recomputed); a step left out of the tree while later ones are in it; or the checkpoint’s signature does not hold',
  })
  problem?: CaseJournalProblem;
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest checkpoint, against which the case’s sealed steps were proven' }) checkpoint?: SignedTreeHeadDto;
  @ApiProperty({ description: 'Steps proven to be in the checkpoint as they are stored' }) provenInCheckpoint: number;
  @ApiProperty({ description: 'Steps recorded after the checkpoint (in the next one)' }) awaitingCheckpoint: number;
}

export const JOURNAL_TREE_PROBLEMS = ['step-changed', 'step-missing', 'journal-truncated', 'checkpoint-signature'] as const;
export type JournalTreeProblem = (typeof JOURNAL_TREE_PROBLEMS)[number];

export class JournalVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Leaves (sealed steps) read in order, up to the first one missing' }) leaves: number;
  @ApiProperty({ description: 'Signed checkpoints checked' }) checkpoints: number;
  @ApiProperty({ description: 'The size of the last checkpoint the steps as stored add up to' }) verifiedTreeSize: number;
  @ApiPropertyOptional({ type: SignedTreeHeadDto }) latestCheckpoint?: SignedTreeHeadDto;
  @ApiPropertyOptional({
    enum: JOURNAL_TREE_PROBLEMS,
    description: 'A step changed since it was signed, a step gone, the journal shorter than a checkpoint, or a checkpoint whose signature does not hold',
  })
  problem?: JournalTreeProblem;
  @ApiPropertyOptional({ description: 'The first bad position (leaf index, from 0)' }) firstBadLeafIndex?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The step at that position, when it exists' }) firstBadStepId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) firstBadCaseId?: string;
  @ApiPropertyOptional() firstBadSequence?: number;
  @ApiPropertyOptional({ description: 'For checkpoint-signature: the size of the first checkpoint that does not verify' }) badCheckpointTreeSize?: number;
}
