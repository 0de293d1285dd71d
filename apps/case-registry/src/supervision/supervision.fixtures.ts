import { randomUUID } from 'node:crypto';
import { CloudEvent, ProbationEntryRecorded, ProbationEntryRecordedV1, ProbationEntryType } from '@icjims/contracts';
import { cloudEvent } from '@icjims/testing';

/** A probation case's journal as probation publishes it (probation-entry.recorded), for the supervision suites. */
export interface ProbationCaseFixture {
  probationCaseId: string;
  /** The case's next entry, as its own event (a new event id each call). */
  entry(entryType: ProbationEntryType, details?: Record<string, unknown>, data?: Partial<ProbationEntryRecordedV1>): CloudEvent<ProbationEntryRecordedV1>;
  opened(): CloudEvent<ProbationEntryRecordedV1>;
  allocated(office: string, options?: { officerId?: string; kind?: 'initial' | 'reallocation' | 'transfer'; region?: string }): CloudEvent<ProbationEntryRecordedV1>;
  ended(): CloudEvent<ProbationEntryRecordedV1>;
  annulled(): CloudEvent<ProbationEntryRecordedV1>;
}

/** The supervision of `personId` under an order made in criminal case `caseId` of `region`. */
export function probationCase(caseId: string, personId: string, region = 'KG-GB'): ProbationCaseFixture {
  const probationCaseId = randomUUID();
  let sequence = 0;
  let office: string | undefined;
  // A transfer to an office of another region moves the stream there.
  let streamRegion = region;
  let status: ProbationEntryRecordedV1['status'] = 'active';
  const entry: ProbationCaseFixture['entry'] = (entryType, details = {}, data = {}) => {
    sequence += 1;
    return cloudEvent(ProbationEntryRecorded, probationCaseId, {
      entryId: randomUUID(),
      stream: 'probation_case',
      streamId: probationCaseId,
      sequence,
      entryType,
      caseId,
      region: streamRegion,
      ...(office && { office }),
      personId,
      occurredAt: '2026-11-20T06:00:00.000Z',
      recordedAt: '2026-11-20T06:05:00.000Z',
      recordedBy: 'system',
      status,
      details,
      ...data,
    });
  };
  return {
    probationCaseId,
    entry,
    opened: () =>
      entry('opened', { sourceStepId: randomUUID(), caseType: 'probation_supervision', termMonths: 12, startsOn: '2026-11-20', endsOn: '2027-11-19', obligations: [] }),
    allocated(to, options = {}) {
      office = to;
      streamRegion = options.region ?? streamRegion;
      return entry('allocated', { office: to, officerId: options.officerId ?? 'officer-1', kind: options.kind ?? 'initial', ...(options.region && { region: options.region }) });
    },
    ended() {
      status = 'completed';
      return entry('ended', { end: 'completed', endedOn: '2027-11-19' });
    },
    annulled() {
      status = 'annulled';
      return entry('annulled', { sourceStepId: randomUUID(), correctionStepId: randomUUID(), ground: 'sentence_annulled' });
    },
  };
}
