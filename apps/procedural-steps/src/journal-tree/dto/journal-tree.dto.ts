import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerQuery } from '@icjims/platform';
import { ChainVerificationDto } from '../../steps/dto/step.dto';

const HEX_HASH = { pattern: '^[0-9a-f]{64}$', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
const MAX_TREE_SIZE = 2 ** 53 - 1;

export class SignedTreeHeadDto {
  @ApiProperty({ example: 'procedural-journal', description: 'The log: procedural-journal, one tree over the journals of every case of the installation' }) log: string;
  @ApiProperty({ description: 'Leaves (steps) in the tree' }) treeSize: number;
  @ApiProperty({ ...HEX_HASH, description: 'RFC 9162 Merkle tree hash of those leaves, hex' }) rootHash: string;
  @ApiProperty({ format: 'date-time', description: 'When it was signed' }) timestamp: string;
  @ApiProperty({ description: 'The key that signed it (see keys)' }) keyId: string;
  @ApiProperty({ description: 'Ed25519 signature, base64, over the encoding documented in docs/offline-verification.md' }) signature: string;
}

export class PublicKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Ed25519 public key, PEM (SPKI)' }) publicKeyPem: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Set once a newer key took over; heads it signed before stay valid' }) retiredAt?: string;
}

export class JournalTreeHeadDto {
  @ApiPropertyOptional({ type: SignedTreeHeadDto, nullable: true, description: 'The latest checkpoint (null before the first step was sealed)' })
  treeHead: SignedTreeHeadDto | null;
  @ApiProperty({ type: [PublicKeyDto], description: 'Every key that signed or signs the journal’s tree heads' }) keys: PublicKeyDto[];
}

export class InclusionProofQueryDto {
  @ApiPropertyOptional({ description: 'The tree size to prove against (default: the latest checkpoint’s)', minimum: 1 })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_TREE_SIZE)
  treeSize?: number;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ description: 'The older tree size', minimum: 1 })
  @IntegerQuery() @IsInt() @Min(1) @Max(MAX_TREE_SIZE)
  from: number;

  @ApiPropertyOptional({ description: 'The newer tree size (default: the latest checkpoint’s)', minimum: 1 })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(MAX_TREE_SIZE)
  to?: number;
}

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

export class ConsistencyProofDto {
  @ApiProperty() fromSize: number;
  @ApiProperty() toSize: number;
  @ApiProperty(HEX_HASH) fromRoot: string;
  @ApiProperty(HEX_HASH) toRoot: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency proof, hex' }) proof: string[];
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest signed checkpoint, when it is of the older size' }) fromTreeHead?: SignedTreeHeadDto;
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest signed checkpoint, when it is of the newer size (compare the older size’s root with a head you kept)' }) toTreeHead?: SignedTreeHeadDto;
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
