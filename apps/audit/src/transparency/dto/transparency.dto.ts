import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerQuery } from '@icjims/platform';
import { LogProblem, LogVerdict } from '../access-log-verifier';

const PROBLEMS: LogProblem[] = ['chain-broken', 'entry-changed', 'log-truncated', 'head-mismatch', 'tree-mismatch', 'checkpoint-invalid'];

export class LogVerificationDto implements LogVerdict {
  @ApiProperty({ description: 'True when the chain holds, the head is the newest entry, and the entries give the root of every signed checkpoint' })
  valid: boolean;
  @ApiProperty({ type: 'integer', description: 'Positions (seq) vouched for, in order, before the first problem (all of them when valid; pruned ones included)' }) checked: number;
  @ApiPropertyOptional({ type: 'integer', description: 'The first position (seq) the log cannot vouch for: changed, missing, or cut off; absent when valid' })
  firstBrokenSeq?: number;
  @ApiPropertyOptional({
    enum: PROBLEMS,
    description:
      'chain-broken: an entry does not hash or link as stored; entry-changed: the entries do not give a signed checkpoint’s root; log-truncated: the log is shorter than a checkpoint or its tree; head-mismatch: the stored head is not the newest entry; tree-mismatch: the stored tree does not match the entries; checkpoint-invalid: a checkpoint’s signature does not verify',
  })
  problem?: LogProblem;
  @ApiPropertyOptional({ description: 'What is wrong, in a sentence' }) detail?: string;
  @ApiProperty({ type: 'integer', description: 'Entries read (entries pruned after their retention period are not there to read)' }) entries: number;
  @ApiPropertyOptional({ type: 'integer', description: 'When the oldest entries were pruned: the last one pruned, at the size of a signed checkpoint whose root the kept tree still gives' })
  prunedThroughSeq?: number;
  @ApiProperty({ type: 'integer', description: 'Signed checkpoints (kept outside the database) compared with the entries' }) checkpoints: number;
  @ApiProperty({ type: 'integer', description: 'The largest checkpoint size whose signed root the recomputed entries give' }) verifiedTreeSize: number;
}

export class SignedTreeHeadDto {
  @ApiProperty({ example: 'audit.access', description: 'Which log' }) log: string;
  @ApiProperty({ type: 'integer', description: 'Entries the tree covers: seq 1 to treeSize' }) treeSize: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'RFC 9162 root hash, hex' }) rootHash: string;
  @ApiProperty({ format: 'date-time', description: 'When it was signed' }) timestamp: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the signing key’s SubjectPublicKeyInfo' }) keyId: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) over the bytes docs/offline-verification.md gives' }) signature: string;
}

export class PublicKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Ed25519 public key, SPKI PEM' }) publicKeyPem: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it stopped signing; absent for the current key' }) retiredAt?: string;
}

export class SigningKeysDto {
  @ApiProperty({ type: [PublicKeyDto], description: 'Every key that ever signed this log’s heads, oldest first' }) keys: PublicKeyDto[];
}

export class InclusionProofQuery {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The entry to prove' })
  @IntegerQuery() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  seq: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The tree size to prove it in; default the latest signed tree head’s' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  treeSize?: number;
}

export class InclusionProofDto {
  @ApiProperty({ example: 'audit.access' }) log: string;
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty({ type: 'integer', description: 'seq − 1' }) leafIndex: number;
  @ApiProperty({ type: 'integer' }) treeSize: number;
  @ApiProperty({ description: 'The leaf data: canonical JSON of the entry’s hashed fields' }) leafData: string;
  @ApiProperty({ description: 'sha256(0x00 ‖ leafData), hex' }) leafHash: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion path, hex, leaf upwards' }) auditPath: string[];
  @ApiProperty({ description: 'The root the path leads to at treeSize (compare with a signed tree head of that size)' }) rootHash: string;
}

export class ConsistencyProofQuery {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The older tree size' })
  @IntegerQuery() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  from: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The newer tree size; default the latest signed tree head’s' })
  @IsOptional() @IntegerQuery() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  to?: number;
}

export class ConsistencyProofDto {
  @ApiProperty({ example: 'audit.access' }) log: string;
  @ApiProperty({ type: 'integer' }) fromSize: number;
  @ApiProperty({ type: 'integer' }) toSize: number;
  @ApiProperty({ description: 'Root at fromSize, hex' }) fromRoot: string;
  @ApiProperty({ description: 'Root at toSize, hex' }) toRoot: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency proof, hex' }) proof: string[];
}
