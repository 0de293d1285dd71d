import { ChainLink } from '@icjims/integrity';

/**
 * The fields of an access-log entry that its hash covers: every stored field except the
 * two hashes; absent values are null, times ISO 8601 UTC with milliseconds.
 */
export type ChainedFields = {
  seq: number;
  eventId: string;
  occurredAt: string;
  service: string;
  actorSub: string | null;
  actorRoles: string[];
  actorRegion: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  outcome: string;
  status: number;
  method: string;
  route: string;
  reason: string | null;
  sourceIp: string | null;
  correlationId: string | null;
  recordedAt: string;
};

export type ChainedEntry = ChainLink<ChainedFields>;
