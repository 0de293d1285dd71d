import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_OUTCOMES, SERVICE_NAMES } from '@icjims/contracts';

export class AccessActorDto {
  @ApiProperty({ type: String, nullable: true, description: 'Token subject; null when no valid token was presented' }) sub: string | null;
  @ApiProperty({ type: [String], example: ['prosecutor'] }) roles: string[];
  @ApiProperty({ type: String, nullable: true, example: 'KG-GB', description: 'Region of the token; null for national callers' }) region: string | null;
}

export class AccessLogEntryDto {
  @ApiProperty({ type: 'integer', example: 42, description: 'Position in the log: gapless, from 1' }) seq: number;
  @ApiProperty({ description: 'Id of the access event (CloudEvent id)' }) eventId: string;
  @ApiProperty({ format: 'date-time', description: 'When the call was served or refused' }) occurredAt: string;
  @ApiProperty({ enum: SERVICE_NAMES }) service: string;
  @ApiProperty({ type: AccessActorDto }) actor: AccessActorDto;
  @ApiProperty({ example: 'read' }) action: string;
  @ApiProperty({ example: 'case' }) resourceType: string;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty({ enum: ACCESS_OUTCOMES }) outcome: string;
  @ApiProperty({ type: 'integer', example: 200, description: 'HTTP status answered' }) status: number;
  @ApiProperty({ example: 'GET' }) method: string;
  @ApiProperty({ example: '/api/v1/cases/:caseId', description: 'Route template, never the raw URL' }) route: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why a call was refused' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIp: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Correlation id of the request' }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'investigation', description: 'Why the caller consulted the data (X-Purpose); null when none was stated' })
  purpose: string | null;
  @ApiProperty({ type: [String], description: 'Pseudonymous ids of the persons whose data the call consulted or changed' }) personIds: string[];
  @ApiProperty({
    type: [String],
    example: ['restricted-record'],
    description: 'Circumstances to notice: restricted-record (the call touched a restricted person record), person-ids-truncated (more persons were consulted than personIds lists)',
  })
  flags: string[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'Outcome throttled: how many requests of this client the limiter turned away in the window starting at occurredAt' })
  count: number | null;
  @ApiProperty({ format: 'date-time', description: 'When the audit service appended it' }) recordedAt: string;
  @ApiProperty({ enum: [1, 2], description: 'Which fields the hash covers: 1 (entries written before purpose, personIds, flags and count existed) or 2 (all)' })
  format: number;
  @ApiProperty({ example: '0'.repeat(64), description: 'hash of the previous entry (64 zeros for the first)' }) prevHash: string;
  @ApiProperty({ description: 'sha256 hex of prevHash followed by the canonical JSON of this entry’s fields' }) hash: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto], description: 'Newest first' }) items: AccessLogEntryDto[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'Pass as `before` for the next (older) page; null on the last page' })
  nextBefore: number | null;
}
