import { isUUID } from 'class-validator';
import { OFFICE_PATTERN, ProbationEntryRecordedV1 } from '@icjims/contracts';

/*
 * What case-registry keeps of the probation journal: who is supervised, by which office and
 * officer, and whether supervision still goes on — the ground of a probation officer's sight of a
 * person. Pure: what one entry changes; the store applies it once, in stream order.
 */

/** What one probation case's entry changes in its supervision. */
export interface SupervisionChange {
  probationCaseId: string;
  /** The criminal case the order was made in. */
  caseId: string;
  /** The entry's place in the stream: an entry at or below the last one applied changes nothing. */
  sequence: number;
  /** The person supervised after the entry, when the entry names one; null keeps the one known. */
  personId: string | null;
  /** True when the entry allocates: office, officer and region replace those known. */
  allocates: boolean;
  /** The allocation after the entry (for a supervision first seen at a later entry: the office the entry names, no officer). */
  office: string | null;
  officerId: string | null;
  region: string;
  /** When supervision ended or lost its ground (`ended`, `annulled`); null when the entry does not end it. */
  endedAt: string | null;
}

export type SupervisionEntryOutcome =
  | { kind: 'change'; change: SupervisionChange }
  /** Not about supervision: a pre-sentence report's stream. */
  | { kind: 'ignored' }
  /** Details that can never be applied: the reason, for the dead letter. */
  | { kind: 'unprocessable'; reason: string };

const isOfficerId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 128;
const isRegion = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 16;

/**
 * What an entry of the probation journal changes in its case's supervision. `opened` names the
 * person, `amended` may correct them, `allocated` moves the case to an office and an officer (a
 * transfer to another office moves the sight of the person with it), `ended` and `annulled` end it.
 * Every other entry changes nothing but the last sequence — and the person, when its envelope names them.
 */
export function supervisionEntry(entry: ProbationEntryRecordedV1): SupervisionEntryOutcome {
  if (entry.stream !== 'probation_case') return { kind: 'ignored' };
  const details = entry.details;
  const unprocessable = (what: string): SupervisionEntryOutcome => ({ kind: 'unprocessable', reason: `probation entry ${entry.entryId}: ${what}` });
  const change: SupervisionChange = {
    probationCaseId: entry.streamId,
    caseId: entry.caseId,
    sequence: entry.sequence,
    personId: entry.personId ?? null,
    allocates: false,
    office: entry.office ?? null,
    officerId: null,
    region: entry.region,
    endedAt: null,
  };
  switch (entry.entryType) {
    case 'amended': {
      const corrected = details.personId;
      if (corrected !== undefined && !(typeof corrected === 'string' && isUUID(corrected))) return unprocessable(`an amended entry's details.personId must be a UUID`);
      return { kind: 'change', change: { ...change, personId: corrected ?? change.personId } };
    }
    case 'allocated': {
      const { office, officerId, region } = details;
      if (typeof office !== 'string' || !OFFICE_PATTERN.test(office)) return unprocessable(`an allocated entry's details.office must be an office code`);
      if (!isOfficerId(officerId)) return unprocessable(`an allocated entry's details.officerId must be an id of at most 128 characters`);
      if (region !== undefined && !isRegion(region)) return unprocessable(`an allocated entry's details.region must be a region code`);
      return { kind: 'change', change: { ...change, allocates: true, office, officerId, region: region ?? entry.region } };
    }
    case 'ended':
    case 'annulled':
      return { kind: 'change', change: { ...change, endedAt: entry.occurredAt } };
    default:
      return { kind: 'change', change };
  }
}
