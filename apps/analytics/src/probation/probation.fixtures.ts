import { randomUUID } from 'node:crypto';
import { CloudEvent, ProbationCaseStatus, ProbationEntryDetails, ProbationEntryRecorded, ProbationEntryRecordedV1, ProbationEntryType, ProbationStream, PreSentenceReportStatus } from '@icjims/contracts';
import { cloudEvent } from '@icjims/testing';

/*
 * probation-entry.recorded as the probation journal publishes it: a stream's entries in order,
 * each typed by ProbationEntryDetails. Tests publish them directly, to choose every date and
 * outcome (the end-to-end suites go through the probation service).
 */

type Status = ProbationCaseStatus | PreSentenceReportStatus;

/** The status a stream is in after an entry of this type (`current`: before it). */
function statusAfter<T extends ProbationEntryType>(entryType: T, details: ProbationEntryDetails[T], current: Status): Status {
  switch (entryType) {
    case 'opened':
    case 'found':
      return 'active';
    case 'absconded':
      return 'absconded';
    case 'annulled':
      return 'annulled';
    case 'ended':
      return (details as ProbationEntryDetails['ended']).end;
    case 'report_requested':
      return 'requested';
    case 'allocated':
      return current === 'requested' ? 'assigned' : current;
    case 'report_section_drafted':
      return 'drafting';
    case 'report_submitted':
      return 'submitted';
    case 'report_withdrawn':
      return 'withdrawn';
    default:
      return current;
  }
}

/** An instant at midday in Bishkek (06:00Z) on a day, or the instant itself. */
const instantOf = (when: string) => (when.length === 10 ? `${when}T06:00:00Z` : when);

export interface ProbationStreamFixture {
  stream: ProbationStream;
  streamId: string;
  caseId: string;
  personId: string;
  /**
   * The stream's next entry, happened `on` (a day: at 06:00Z; or an instant) and recorded
   * five minutes later unless `data.recordedAt` says otherwise.
   */
  entry<T extends ProbationEntryType>(entryType: T, details: ProbationEntryDetails[T], on: string, data?: Partial<ProbationEntryRecordedV1>): CloudEvent<ProbationEntryRecordedV1>;
}

/** A probation case (or a pre-sentence report) of a criminal case, in a region and (once allocated) an office. */
export function probationStream(init: { stream?: ProbationStream; caseId?: string; personId?: string; region?: string; office?: string } = {}): ProbationStreamFixture {
  const stream = init.stream ?? 'probation_case';
  const [streamId, caseId, personId] = [randomUUID(), init.caseId ?? randomUUID(), init.personId ?? randomUUID()];
  let [sequence, status, office]: [number, Status, string | undefined] = [0, 'active', init.office];
  return {
    stream,
    streamId,
    caseId,
    personId,
    entry(entryType, details, on, data = {}) {
      sequence += 1;
      status = statusAfter(entryType, details, status);
      if (entryType === 'allocated') office = (details as ProbationEntryDetails['allocated']).office;
      const occurredAt = instantOf(on);
      return cloudEvent(ProbationEntryRecorded, streamId, {
        entryId: randomUUID(),
        stream,
        streamId,
        sequence,
        entryType,
        caseId,
        region: init.region ?? 'KG-T',
        ...(office && { office }),
        personId,
        occurredAt,
        recordedAt: new Date(Date.parse(occurredAt) + 5 * 60_000).toISOString(),
        recordedBy: 'probation-officer-1',
        status,
        details: details as Record<string, unknown>,
        ...data,
      });
    },
  };
}

/** The `opened` details of a probation case of `caseType` starting on `startsOn` for `termMonths`. */
export function openedDetails(caseType: string, startsOn: string, more: Partial<ProbationEntryDetails['opened']> = {}): ProbationEntryDetails['opened'] {
  const end = new Date(`${startsOn}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + (more.termMonths ?? 12));
  return { sourceStepId: randomUUID(), caseType, termMonths: 12, startsOn, endsOn: end.toISOString().slice(0, 10), obligations: ['reporting'], ...more };
}
