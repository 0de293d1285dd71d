import {
  CaseRegistered, CloudEvent, DeadlineBreached, EventDefinition, PersonAddedToCase, PersonRemovedFromCase, StepCorrected, StepCorrectedV1, StepRecorded, StepRecordedV1,
  validateEventData,
} from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { Caseload } from './generate';
import { HistoryCounts, nationalHistory, NationalOptions } from './national';

const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
const base: NationalOptions = { seed: 11, cases: 1200, year: 2024, now: new Date('2026-12-04T12:00:00Z'), jurisdiction, blockSize: 600 };
const DEFINITIONS: EventDefinition<object>[] = [CaseRegistered, PersonAddedToCase, PersonRemovedFromCase, StepRecorded, StepCorrected, DeadlineBreached];

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
      if (index % 7 !== 0) continue; // a seventh of them, to stay fast
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

  it('hands out each block in order of time, a case registered before anything else of it happens', () => {
    const seen = new Set<string>();
    const last = new Map<string, string>();
    const wrong: string[] = [];
    for (const event of events) {
      // The block is in every id: seed-block-…
      const block = event.id.split('-')[1];
      if (event.time < (last.get(block) ?? '')) wrong.push(`${event.id} before the event before it`);
      last.set(block, event.time);
      if (event.type === CaseRegistered.type) seen.add(event.subject);
      else if (!seen.has(event.subject)) wrong.push(`${event.id} before its case`);
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
