import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { defineEvent } from './cloud-event';
import { SERVICE_NAMES, ServiceName } from './services';

/**
 * A service signed the head of one of its Merkle logs (the access log, the procedural
 * journal) and wrote it to its checkpoint file. Published so that other services and the
 * bus keep witnesses of every checkpoint: a database rewritten afterwards cannot match them.
 * The data is the signed tree head exactly as @icjims/integrity defines and verifies it
 * (docs/offline-verification.md gives the signed bytes); the event's subject is the log name.
 */
export class TreeHeadSignedV1 {
  /** The log's name, e.g. `audit.access` or `procedural-journal`. */
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{0,127}$/) log: string;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) treeSize: number;
  /** RFC 9162 root hash of the first treeSize leaves, lower-case hex. */
  @IsString() @Matches(/^[0-9a-f]{64}$/) rootHash: string;
  /** When it was signed, ISO 8601 UTC with milliseconds (part of the signed bytes, so exactly this form). */
  @IsString() @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) timestamp: string;
  /** Hex SHA-256 of the signing key's SubjectPublicKeyInfo (DER). */
  @IsString() @Matches(/^[0-9a-f]{64}$/) keyId: string;
  /** Base64 of the 64-byte Ed25519 signature. */
  @IsString() @Matches(/^[A-Za-z0-9+/]{86}==$/) signature: string;
}

/** One definition per producing service, since the type names its producer. */
export const TreeHeadSigned: Record<ServiceName, ReturnType<typeof defineTreeHeadEvent>> = Object.fromEntries(
  SERVICE_NAMES.map((service) => [service, defineTreeHeadEvent(service)]),
) as Record<ServiceName, ReturnType<typeof defineTreeHeadEvent>>;

function defineTreeHeadEvent(service: ServiceName) {
  return defineEvent(service, 'tree-head.signed', 1, TreeHeadSignedV1);
}
