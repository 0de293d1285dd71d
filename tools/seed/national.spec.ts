import {
  CaseRegistered, CloudEvent, DeadlineBreached, EventDefinition, PersonAddedToCase, PersonRemovedFromCase, PROBATION_CASE_STATUSES, ProbationEntryRecorded, ProbationEntryRecordedV1,
  StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1, validateEventData,
} from '@icjims/contracts';
import { loadJurisdiction, localDate } from '@icjims/jurisdiction';
import { probationDetailsProblem } from '../../apps/analytics/src/probation/probation-details';
import { caseTypeOf } from '../../apps/probation/src/domain/intake';
import { Caseload } from './generate';
import { HistoryCounts, nationalHistory, NationalOptions } from './national';

const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
const base: NationalOptions = { seed: 11, cases: 1200, year: 2024, now: new Date('2026-12-04T12:00:00Z'), jurisdiction, blockSize: 600 };
const DEFINITIONS: EventDefinition<object>[] = [CaseRegistered, PersonAddedToCase, PersonRemovedFromCase, StepRecorded, StepCorrected, DeadlineBreached, ProbationEntryRecorded];

describe('the national history generated directly', () => {
  const counts: HistoryCounts = { blocks: 0, cases: 0, events: 0, byType: {} };
  const events = [...nationalHistory(base, counts)];
  const ofType = <T>(definition: EventDefinition<object>) => events.filter((event) => event.type === definition.type) as CloudEvent<T>[];

  it('is the same for the same seed, event for event, ids and all, and another for another seed', () => {
    expect(JSON.stringify([...nationalHistory(base)])).toBe(JSON.stringify(events));
    expect(JSON.stringify([...nationalHistory({ ...base, seed: 12 })].slice(0, 50))).not.toBe(JSON.stringify(events.slice(0, 50)));
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('does not depend on the moment it is made, once the year and the one after it are past', () => {
    expect(JSON.stringify([...nationalHistory({ ...base, cases: 300, now: new Date('2030-01-01T00:00:00Z') })])).toBe(JSON.stringify([...nationalHistory({ ...base, cases: 300 })]));
  });

  it('carries the events of the contract, each valid for its type', () => {
    const invalid: string[] = [];
    for (const [index, event] of events.entries()) {
      if (index % 7 !== 0 && event.type !== ProbationEntryRecorded.type) continue; // a seventh of them (every probation entry), to stay fast
      const definition = DEFINITIONS.find((candidate) => candidate.type === event.type);
      try {
        validateEventData(definition as EventDefinition<object>, event);
      } catch (error) {
        invalid.push(`${event.type}: ${(error as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('gives about ten steps, three persons and a registration per case, with corrections and deadline breaches among them', () => {
    const cases = counts.cases;
    expect(cases).toBeGreaterThanOrEqual(1200); // split-off cases come on top
    expect(ofType(CaseRegistered)).toHaveLength(cases);
    expect(ofType(StepRecorded).length / cases).toBeGreaterThan(9);
    expect(ofType(StepRecorded).length / cases).toBeLessThan(12);
    expect(ofType(PersonAddedToCase).length / cases).toBeGreaterThan(2.3);
    expect(ofType(PersonAddedToCase).length / cases).toBeLessThan(3.5);
    expect(ofType(StepCorrected).length).toBeGreaterThan(0);
    const rules = new Set(ofType<{ rule: string }>(DeadlineBreached).map((event) => event.data.rule));
    expect([...rules].every((rule) => jurisdiction.pack.deadlineRules.some((packRule) => packRule.code === rule))).toBe(true);
    expect(rules.size).toBeGreaterThan(0);
    expect(counts.events).toBe(events.length);
  });

  describe('the probation journals', () => {
    const entries = ofType<ProbationEntryRecordedV1>(ProbationEntryRecorded).map((event) => ({ ...event.data, subject: event.subject, time: event.time }));
    const streams = new Map<string, (typeof entries)[number][]>();
    for (const entry of entries) streams.set(entry.streamId, [...(streams.get(entry.streamId) ?? []), entry]);
    const cases = [...streams.values()].filter((stream) => stream[0].stream === 'probation_case');
    const reports = [...streams.values()].filter((stream) => stream[0].stream === 'pre_sentence_report');
    const steps = new Map(ofType<StepRecordedV1>(StepRecorded).map((event) => [event.data.stepId, event.data]));
    const count = (type: string) => entries.filter((entry) => entry.entryType === type).length;

    it('give what analytics reads of each entry as it reads it, keyed by the stream', () => {
      expect(entries.map((entry) => probationDetailsProblem(entry.entryType, entry.details)).filter(Boolean)).toEqual([]);
      expect(entries.every((entry) => entry.subject === entry.streamId && entry.time === entry.recordedAt)).toBe(true);
    });

    it('open a probation case for each sentence the pack supervises, about one case in twenty, and for nothing else', () => {
      const supervised = [...steps.values()].filter((step) => step.stepType === 'sentence' && caseTypeOf(step, jurisdiction.pack.probation));
      const opened = cases.map((stream) => stream[0]);
      expect(opened.every((entry) => entry.entryType === 'opened' && entry.sequence === 1 && entry.status === 'active')).toBe(true);
      expect(opened.map((entry) => entry.details.sourceStepId).sort()).toEqual(supervised.map((step) => step.stepId).sort());
      expect(cases.length / counts.cases).toBeGreaterThan(0.03);
      expect(cases.length / counts.cases).toBeLessThan(0.08);
      const types = new Set(opened.map((entry) => entry.details.caseType));
      expect([...types].sort()).toEqual(['community_work', 'conditional_sentence', 'probation_supervision']);
      expect(opened.every((entry) => (entry.details.caseType === 'community_work') === (typeof entry.details.communityWorkHours === 'number'))).toBe(true);
    });

    it('number each stream 1, 2, 3 … in order of time, from its opening, for the person and case of the step, and end nothing twice', () => {
      for (const stream of streams.values()) {
        expect(stream.map((entry) => entry.sequence)).toEqual(stream.map((_entry, index) => index + 1));
        expect(stream.every((entry, index) => index === 0 || entry.occurredAt >= stream[index - 1].occurredAt)).toBe(true);
        const source = steps.get(stream[0].details.sourceStepId as string);
        expect(stream.every((entry) => entry.caseId === source?.caseId && entry.personId === source?.personId && entry.region === source?.region)).toBe(true);
        const end = stream.findIndex((entry) => !['active', 'absconded', 'requested', 'assigned', 'drafting'].includes(entry.status));
        // Nothing after an end (a report's submission, a case's end or annulment).
        if (end >= 0) expect(end).toBe(stream.length - 1);
        expect(stream.every((entry) => entry.occurredAt <= base.now.toISOString())).toBe(true);
      }
    });

    it('allocate each case to an office of its region and an officer, then meet, plan, keep contact and assess', () => {
      const offices = new Map(jurisdiction.pack.probation.offices.map((office) => [office.code, office.region]));
      for (const stream of cases) {
        const allocated = stream.filter((entry) => entry.entryType === 'allocated');
        for (const entry of allocated) expect(offices.get(entry.details.office as string)).toBe(entry.region);
        expect(stream.slice(stream.findIndex((entry) => entry.entryType === 'allocated')).every((entry) => entry.office === allocated[0].details.office)).toBe(true);
      }
      const longer = cases.filter((stream) => stream.length > 8);
      expect(longer.length / cases.length).toBeGreaterThan(0.5);
      for (const stream of longer) {
        const types = stream.map((entry) => entry.entryType);
        expect(types.slice(0, 2)).toEqual(['opened', 'allocated']);
        expect(types).toEqual(expect.arrayContaining(['contact_scheduled', 'contact_recorded', 'plan_set', 'assessment_recorded']));
      }
      expect(count('contact_recorded') / cases.length).toBeGreaterThan(4);
      expect(entries.filter((entry) => entry.entryType === 'contact_recorded' && entry.details.outcome === 'missed').length).toBeGreaterThan(0);
      expect(entries.every((entry) => entry.entryType !== 'assessment_recorded' || typeof entry.details.nextDueOn === 'string')).toBe(true);
    });

    it('log community work only for community work, within the hours ordered, and complete an order served', () => {
      for (const stream of cases) {
        const logged = stream.filter((entry) => entry.entryType === 'community_work_logged').reduce((sum, entry) => sum + (entry.details.hours as number), 0);
        const ordered = (stream[0].details.communityWorkHours as number | undefined) ?? 0;
        expect(logged).toBeLessThanOrEqual(ordered);
        if (ordered > 0 && logged === ordered) expect(stream[stream.length - 1]).toMatchObject({ entryType: 'ended', status: 'completed' });
      }
      expect(count('community_work_logged')).toBeGreaterThan(0);
    });

    it('record violations with responses, some breaches of deadlines, and ends: completion at the term end, and some other', () => {
      expect(count('violation_recorded')).toBeGreaterThan(0);
      expect(count('violation_responded')).toBeGreaterThan(0);
      // A response the pack lets follow only others (a submission for revocation after a written warning) comes after one of them.
      const responses = new Map(jurisdiction.pack.probation.violationResponses.map((response) => [response.code, response]));
      for (const stream of cases) {
        const given = stream.filter((entry) => entry.entryType === 'violation_responded').map((entry) => entry.details.response as string);
        given.forEach((code, index) => {
          const required = responses.get(code)?.requiresEarlier ?? [];
          const after = given.slice(0, index).some((earlier) => required.includes(earlier));
          if (required.length) expect({ code, before: given.slice(0, index), after }).toEqual({ code, before: given.slice(0, index), after: true });
        });
      }
      const rules = new Set(entries.filter((entry) => entry.entryType === 'deadline_breached').map((entry) => entry.details.rule));
      expect([...rules].every((rule) => jurisdiction.pack.probation.deadlineRules.some((packRule) => packRule.code === rule))).toBe(true);
      expect(rules.size).toBeGreaterThan(0);
      const ended = entries.filter((entry) => entry.entryType === 'ended');
      expect(ended.length).toBeGreaterThan(0);
      expect(ended.every((entry) => entry.status === entry.details.end && (PROBATION_CASE_STATUSES as readonly string[]).includes(entry.status))).toBe(true);
      // A term that ran out completes the case on its last day, unless something else ended it.
      for (const stream of cases) {
        const last = stream[stream.length - 1];
        if (last.entryType === 'ended' && last.details.end === 'completed' && !stream[0].details.communityWorkHours) {
          const endsOn = [...stream].reverse().find((entry) => entry.details.endsOn)?.details.endsOn;
          expect(last.details.endedOn).toBe(endsOn);
          expect(localDate(new Date(last.occurredAt), jurisdiction.timeZone)).toBe(endsOn);
        }
      }
    });

    it('answer some indictments with a pre-sentence report on an accused: requested by a step of the journal, assigned, drafted, submitted', () => {
      expect(reports.length).toBeGreaterThan(0);
      for (const stream of reports) {
        const request = steps.get(stream[0].details.sourceStepId as string);
        expect(request).toMatchObject({ stepType: 'pre_sentence_report_requested', details: { dueOn: stream[0].details.dueOn, requestedBy: stream[0].details.requestedBy } });
        expect(stream.map((entry) => entry.status)).toEqual(['requested', 'assigned', 'drafting', 'drafting', 'drafting', 'submitted'].slice(0, stream.length));
        const submitted = stream.find((entry) => entry.entryType === 'report_submitted');
        if (submitted) expect(submitted.details.onTime).toBe(localDate(new Date(submitted.occurredAt), jurisdiction.timeZone) <= (submitted.details.dueOn as string));
      }
    });
  });

  it('numbers each journal 1, 2, 3 … and corrects only steps recorded before, in the same case', () => {
    const steps = ofType<StepRecordedV1>(StepRecorded);
    const recorded = new Map<string, StepRecordedV1>();
    const sequences = new Map<string, number[]>();
    for (const { data } of steps) {
      recorded.set(data.stepId, data);
      sequences.set(data.caseId, [...(sequences.get(data.caseId) ?? []), data.sequence]);
    }
    for (const numbers of sequences.values()) expect(numbers).toEqual(numbers.map((_number, index) => index + 1));
    const registered = new Set(ofType<{ caseId: string }>(CaseRegistered).map((event) => event.data.caseId));
    expect(steps.every((event) => registered.has(event.data.caseId))).toBe(true);
    for (const { data } of ofType<StepCorrectedV1>(StepCorrected)) {
      expect(recorded.get(data.correctedStepId)?.caseId).toBe(data.caseId);
      expect(recorded.get(data.correctionStepId)?.correctsStepId).toBe(data.correctedStepId);
    }
  });

  it('hands out each block in order of time, a case registered before anything else of it (or of its probation) happens', () => {
    const seen = new Set<string>();
    const last = new Map<string, string>();
    const wrong: string[] = [];
    for (const event of events) {
      // The block is in every id: seed-block-…
      const block = event.id.split('-')[1];
      if (event.time < (last.get(block) ?? '')) wrong.push(`${event.id} before the event before it`);
      last.set(block, event.time);
      if (event.type === CaseRegistered.type) seen.add(event.subject);
      // A probation entry's subject is its stream: its case is in its data.
      else if (!seen.has(event.type === ProbationEntryRecorded.type ? (event.data as ProbationEntryRecordedV1).caseId : event.subject)) wrong.push(`${event.id} before its case`);
    }
    expect(wrong).toEqual([]);
    expect(last.size).toBe(2);
  });

  it('streams: a block is generated only when its events are wanted, and never more than a block at once', () => {
    const made: Caseload[] = [];
    const history = nationalHistory({ ...base, cases: 1000, blockSize: 250, onBlock: (_index, caseload) => made.push(caseload) });
    history.next();
    expect(made).toHaveLength(1);
    for (let step = history.next(); !step.done; step = history.next());
    expect(made).toHaveLength(4);
    expect(made.every((caseload) => caseload.requested === 250)).toBe(true);
  });
});
