import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerQuery } from '@icjims/platform';

/** The API's shapes of what a journal's tree proves, the same for every journal (procedural, probation). */

export const HEX_HASH = { pattern: '^[0-9a-f]{64}$', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
const MAX_TREE_SIZE = 2 ** 53 - 1;

export class SignedTreeHeadDto {
  @ApiProperty({
    example: 'procedural-journal',
    description: 'The log: procedural-journal (one tree over the journals of every case) or probation-journal (over every probation case and pre-sentence report)',
  })
  log: string;
  @ApiProperty({ description: 'Leaves (journal entries) in the tree' }) treeSize: number;
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
  @ApiPropertyOptional({ type: SignedTreeHeadDto, nullable: true, description: 'The latest checkpoint (null before the first entry was sealed)' })
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

export class ConsistencyProofDto {
  @ApiProperty() fromSize: number;
  @ApiProperty() toSize: number;
  @ApiProperty(HEX_HASH) fromRoot: string;
  @ApiProperty(HEX_HASH) toRoot: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency proof, hex' }) proof: string[];
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest signed checkpoint, when it is of the older size' }) fromTreeHead?: SignedTreeHeadDto;
  @ApiPropertyOptional({ type: SignedTreeHeadDto, description: 'The latest signed checkpoint, when it is of the newer size (compare the older size’s root with a head you kept)' }) toTreeHead?: SignedTreeHeadDto;
}
