import { canonicalJson, ChainLink, Json } from '@icjims/integrity';

/**
 * An entry's format says which of its fields its hash covers, so that entries written
 * before a field existed keep verifying as they were written:
 * - 1: the nineteen fields of the first access log (1763900000500);
 * - 2: those, `format` itself, and why and whom the call consulted: `purpose`, `personIds`,
 *   `flags`, `count` (1763900000510).
 */
export type EntryFormat = 1 | 2;
export const CURRENT_ENTRY_FORMAT: EntryFormat = 2;

/** The fields of a format-1 entry, all of which its hash covers. */
export type ChainedFieldsV1 = {
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

/**
 * Every stored field of an access-log entry except the two hashes; absent values are null
 * (empty lists for the lists), times ISO 8601 UTC with milliseconds. A format-1 entry has
 * the defaults in the fields it predates. `flags` may also hold `person-ids-truncated`.
 */
export type ChainedFields = ChainedFieldsV1 & {
  format: EntryFormat;
  purpose: string | null;
  personIds: string[];
  flags: string[];
  count: number | null;
};

export type ChainedEntry = ChainLink<ChainedFields>;

/** Set in `flags` when the call consulted more persons than `personIds` lists. */
export const PERSON_IDS_TRUNCATED = 'person-ids-truncated';

/**
 * The object an entry's chain hash and Merkle leaf cover (never its own two hashes). A format-1 entry whose newer
 * fields are not empty cannot have been written so: it has none (and verification fails).
 */
export function hashedFields(entry: ChainedFields | ChainedEntry): ChainedFieldsV1 | ChainedFields {
  const { prevHash: _, hash: __, ...fields } = entry as ChainedEntry;
  if (fields.format === 2) return fields;
  const { format, purpose, personIds, flags, count, ...v1 } = fields;
  if (format !== 1 || purpose !== null || personIds.length || flags.length || count !== null) {
    throw new RangeError(`access-log entry ${fields.seq} is of format ${format} with fields its format does not have`);
  }
  return v1;
}

/**
 * The entry's leaf data (RFC 9162 leaf, the canonical JSON of its hashed fields); its
 * chain hash is sha256(prevHash ‖ the same text).
 */
export function entryJson(entry: ChainedFields | ChainedEntry): string {
  return canonicalJson(hashedFields(entry) as unknown as Json);
}
