import { ProbationEntryRecordedV1 } from '@icjims/contracts';
import { supervisionEntry } from './supervision-rules';

const STREAM = '3f8c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const CASE = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const PERSON = '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f';
const OTHER_PERSON = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

/** An entry of a probation case as probation publishes it. */
function entry(entryType: ProbationEntryRecordedV1['entryType'], details: Record<string, unknown> = {}, data: Partial<ProbationEntryRecordedV1> = {}): ProbationEntryRecordedV1 {
  return {
    entryId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    stream: 'probation_case',
    streamId: STREAM,
    sequence: 3,
    entryType,
    caseId: CASE,
    region: 'KG-GB',
    personId: PERSON,
    occurredAt: '2026-11-20T06:00:00.000Z',
    recordedAt: '2026-11-20T06:05:00.000Z',
    recordedBy: 'probation-officer-1',
    status: 'active',
    details,
    ...data,
  };
}

describe('supervisionEntry', () => {
  it('starts a supervision at the opening: the person, the criminal case and the region, no office yet', () => {
    expect(supervisionEntry(entry('opened', {}, { sequence: 1 }))).toEqual({
      kind: 'change',
      change: { probationCaseId: STREAM, caseId: CASE, sequence: 1, personId: PERSON, allocates: false, office: null, officerId: null, region: 'KG-GB', endedAt: null },
    });
  });

  it('allocates to the office, officer and region the entry names, whatever the envelope held before', () => {
    const outcome = supervisionEntry(entry('allocated', { office: 'PR-KG-C-ALAMUDUN', officerId: 'officer-7', kind: 'transfer', region: 'KG-C' }, { office: 'PR-KG-GB-LENINSKY' }));
    expect(outcome).toMatchObject({ kind: 'change', change: { allocates: true, office: 'PR-KG-C-ALAMUDUN', officerId: 'officer-7', region: 'KG-C' } });
  });

  it('takes the stream’s region for an allocation whose entry names none', () => {
    expect(supervisionEntry(entry('allocated', { office: 'PR-KG-GB-LENINSKY', officerId: 'officer-7', kind: 'initial' }))).toMatchObject({ change: { region: 'KG-GB' } });
  });

  it.each(['ended', 'annulled'] as const)('ends supervision at a %s entry, when it happened', (entryType) => {
    expect(supervisionEntry(entry(entryType, {}, { occurredAt: '2026-12-01T06:00:00.000Z' }))).toMatchObject({
      change: { endedAt: '2026-12-01T06:00:00.000Z', allocates: false },
    });
  });

  it('follows a correction of the person', () => {
    expect(supervisionEntry(entry('amended', { personId: OTHER_PERSON }))).toMatchObject({ change: { personId: OTHER_PERSON } });
    expect(supervisionEntry(entry('amended', {}, { personId: undefined }))).toMatchObject({ change: { personId: null } });
  });

  it('changes nothing but the sequence for the officer’s other work', () => {
    expect(supervisionEntry(entry('contact_recorded', { contactKind: 'office_visit', outcome: 'attended' }))).toMatchObject({
      change: { allocates: false, endedAt: null, personId: PERSON },
    });
  });

  it('ignores a pre-sentence report’s stream', () => {
    expect(supervisionEntry(entry('allocated', { office: 'PR-KG-GB-LENINSKY', officerId: 'officer-7', kind: 'initial' }, { stream: 'pre_sentence_report' }))).toEqual({ kind: 'ignored' });
  });

  it.each([
    ['an office that is no office code', 'allocated', { office: 'pr kg', officerId: 'officer-7' }, 'details.office'],
    ['no office', 'allocated', { officerId: 'officer-7' }, 'details.office'],
    ['no officer', 'allocated', { office: 'PR-KG-GB-LENINSKY' }, 'details.officerId'],
    ['an officer id too long', 'allocated', { office: 'PR-KG-GB-LENINSKY', officerId: 'x'.repeat(129) }, 'details.officerId'],
    ['a region that is no code', 'allocated', { office: 'PR-KG-GB-LENINSKY', officerId: 'officer-7', region: 42 }, 'details.region'],
    ['a corrected person that is no UUID', 'amended', { personId: 'someone' }, 'details.personId'],
  ] as const)('refuses an entry with %s, naming the field', (_scenario, entryType, details, field) => {
    const outcome = supervisionEntry(entry(entryType, details));
    expect(outcome.kind).toBe('unprocessable');
    expect(outcome.kind === 'unprocessable' && outcome.reason).toContain(field);
  });
});
