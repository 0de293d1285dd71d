import fc from 'fast-check';
import { CASE_STATUSES } from '@icjims/contracts';
import { APPEAL_OUTCOMES, PREVENTIVE_MEASURES, SENTENCE_TYPES, STEP_TYPE_CODES, VERDICT_OUTCOMES } from '../step-types/step-catalogue';
import type { StepDetails } from '../steps/step-rules';
import { effectiveJournal } from './corrections';
import { decide, evolve, replay } from './journal';
import { initialJournalState, JournalState } from './journal-state';
import { FACTS, RECEIVED_AT } from './journal-scenarios';
import type { EffectiveStep, JournalStep } from './journal-step';
import { STEP_RULES } from './procedure';
import { REFUSAL_CODES } from './refusal';

const PERSONS = ['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000003'];
const HOUR = 3_600_000;

/**
 * A random intention; which step it becomes depends on the journal so far: most commands pick a
 * type the case's status admits (else few journals would get past the investigation), some pick
 * any type, and corrections pick a recorded step.
 */
interface Command {
  guided: boolean;
  typeIndex: number;
  person: number;
  advanceHours: number;
  untilDays: number;
  choice: number;
  secondChoice: number;
  target: number;
}

const command = fc.record({
  guided: fc.integer({ min: 0, max: 9 }).map((roll) => roll < 8),
  typeIndex: fc.nat(1000),
  person: fc.nat(PERSONS.length * 4),
  advanceHours: fc.integer({ min: -6, max: 72 }),
  untilDays: fc.integer({ min: -2, max: 200 }),
  choice: fc.nat(20),
  secondChoice: fc.nat(20),
  target: fc.nat(60),
});

const pick = <T>(values: readonly T[], index: number): T => values[index % values.length];

/** `running`: the measures of the step's person, which guided commands extend, change or lift. */
function detailsFor(stepType: string, c: Command, occurredAt: Date, running: readonly string[] = []): StepDetails {
  const until = new Date(occurredAt.getTime() + c.untilDays * 24 * HOUR).toISOString();
  const measure = c.guided && running.length && stepType !== 'preventive_measure_applied' ? pick(running, c.choice) : pick(PREVENTIVE_MEASURES, c.choice);
  switch (stepType) {
    case 'suspicion_notified':
      return { offenceArticle: '121' };
    case 'preventive_measure_applied':
      return c.secondChoice % 3 === 0 ? { measure } : { measure, until };
    case 'preventive_measure_extended':
      return { measure, until };
    case 'preventive_measure_changed':
      return { measure, newMeasure: pick(PREVENTIVE_MEASURES.filter((other) => other !== measure), c.secondChoice) };
    case 'preventive_measure_lifted':
      return { measure };
    case 'investigation_term_extended':
      return { until };
    case 'proceedings_suspended':
      return { ground: 'suspect_absconding' };
    case 'proceedings_terminated':
      return { ground: 'no_evidence' };
    case 'verdict':
      return { outcome: pick(VERDICT_OUTCOMES, c.choice) };
    case 'sentence': {
      const sentenceType = pick(SENTENCE_TYPES, c.choice);
      return sentenceType === 'fine' ? { sentenceType } : { sentenceType, termMonths: 1 + (c.secondChoice % 60) };
    }
    case 'appeal_decided':
      return { outcome: pick(APPEAL_OUTCOMES, c.choice) };
    case 'case_joined':
      return { intoCaseId: '9d2b8a1c-0c6e-4c8e-b1a0-3f5e2d1c4b5a' };
    default:
      return {};
  }
}

/** Steps that end the case, and corrections, are picked less often and steps that move it on more often, so that journals reach court and appeal. */
const ENDING = new Set(['proceedings_terminated', 'case_closed', 'case_joined', 'correction']);
const MOVING_ON = new Set(['investigation_started', 'suspicion_notified', 'indictment', 'verdict', 'sentence', 'appeal_filed', 'appeal_decided']);
const weighted = (codes: readonly string[]) => codes.flatMap((code) => Array<string>(ENDING.has(code) ? 1 : MOVING_ON.has(code) ? 8 : 3).fill(code));
const ANY_TYPE = weighted(STEP_TYPE_CODES);

function stepTypeFor(c: Command, state: JournalState): string {
  if (!c.guided) return pick(ANY_TYPE, c.typeIndex);
  return pick(weighted(STEP_TYPE_CODES.filter((code) => code === 'correction' || STEP_RULES[code].allowedIn.includes(state.status))), c.typeIndex);
}

const PERSON_LEVEL = new Set(['suspicion_notified', 'detention', 'release_from_detention', 'plea_agreement', 'verdict', 'sentence']);
const isPersonLevel = (stepType: string) => PERSON_LEVEL.has(stepType) || stepType.startsWith('preventive_measure_');

/** Guided commands name a person the case knows, or the next new one; the others anyone. */
function personFor(c: Command, state: JournalState): string {
  if (!c.guided) return pick(PERSONS, c.person);
  const known = PERSONS.filter((personId) => state.persons[personId]);
  const unknown = PERSONS.filter((personId) => !state.persons[personId]);
  return pick([...known, ...unknown.slice(0, 1)], c.person);
}

function stepFor(c: Command, index: number, occurredAt: Date, state: JournalState): JournalStep {
  const stepId = `step-${index}`;
  const stepType = stepTypeFor(c, state);
  if (stepType !== 'correction') {
    const personId = isPersonLevel(stepType) ? personFor(c, state) : undefined;
    const running = personId ? Object.keys(state.persons[personId]?.measures ?? {}) : [];
    return { stepId, stepType, occurredAt, ...(personId && { personId }), details: detailsFor(stepType, c, occurredAt, running) };
  }
  const journal = state.journal;
  const target = journal.length ? pick(journal, c.target) : undefined;
  const correctsStepId = target?.stepId ?? 'nothing-recorded';
  const reason = 'property test';
  const amendments = [
    { occurredAt: new Date((target?.occurredAt ?? occurredAt).getTime() + (c.advanceHours - 24) * HOUR) },
    { personId: pick(PERSONS, c.person) },
    { details: detailsFor(target?.stepType ?? '', c, target?.occurredAt ?? occurredAt) },
  ];
  const correction = c.choice % 2 === 0 ? { correctsStepId, reason, action: 'annul' as const } : { correctsStepId, reason, action: 'amend' as const, ...pick(amendments, c.secondChoice) };
  return { stepId, stepType: 'correction', occurredAt, details: {}, correction };
}

/** The step types that decide whether a person is deprived of liberty, as a second, independent model. */
function independentlyDetained(effective: readonly EffectiveStep[], personId: string): { detention: boolean; measures: Set<string> } {
  let detention = false;
  const measures = new Set<string>();
  for (const step of effective) {
    if (step.stepType === 'proceedings_terminated' || step.stepType === 'case_closed') {
      detention = false;
      measures.clear();
    }
    if (step.personId !== personId) continue;
    const { measure, newMeasure } = step.details as Record<string, string>;
    if (step.stepType === 'detention') detention = true;
    if (step.stepType === 'release_from_detention') {
      detention = false;
      measures.delete('custody');
    }
    if (step.stepType === 'preventive_measure_applied') measures.add(measure);
    if (step.stepType === 'preventive_measure_lifted') measures.delete(measure);
    if (step.stepType === 'preventive_measure_changed') {
      measures.delete(measure);
      measures.add(newMeasure);
    }
    if (measures.has('custody')) detention = false; // custody takes over from a detention
  }
  return { detention, measures };
}

function expectConsistent(state: JournalState, accepted: readonly JournalStep[]): void {
  expect(CASE_STATUSES).toContain(state.status);
  const effective = effectiveJournal(accepted);
  const types = effective.map((step) => step.stepType);

  // Nothing follows closure or a join; after termination only resumption or closure.
  for (const [index, stepType] of types.entries()) {
    if (stepType === 'case_closed' || stepType === 'case_joined') expect(types.slice(index + 1)).toEqual([]);
    if (stepType === 'proceedings_terminated' && index + 1 < types.length) expect(['proceedings_resumed', 'case_closed']).toContain(types[index + 1]);
  }

  const persons = Object.entries(state.persons);
  const statusOf = (status: string) => persons.some(([, person]) => person.status === status);
  if (state.status === 'registered') expect(types.every((stepType) => stepType === 'registration')).toBe(true);
  if (['in_court', 'decided', 'under_appeal'].includes(state.status)) expect(types).toContain('indictment');
  if (state.status === 'in_court') expect(statusOf('accused')).toBe(true);
  if (state.status === 'decided') expect(statusOf('accused')).toBe(false);
  if (state.status === 'under_appeal') expect(types.lastIndexOf('appeal_filed')).toBeGreaterThan(types.lastIndexOf('appeal_decided'));
  if (state.status === 'suspended') expect(types[types.length - 1 - [...types].reverse().findIndex((t) => STATUS_STEPS.has(t))]).toBe('proceedings_suspended');

  for (const [personId, person] of persons) {
    // No sentence without a conviction of that person.
    if (person.status === 'sentenced' || person.status === 'convicted') expect(person.verdict?.outcome).toBe('conviction');
    if (person.status === 'acquitted') expect(person.verdict?.outcome).toBe('acquittal');
    if (person.sentenceRound !== undefined) expect(person.status).toBe('sentenced');
    effective.forEach((step, index) => {
      if (step.stepType === 'sentence' && step.personId === personId) {
        expect(effective.slice(0, index).some((earlier) => earlier.stepType === 'verdict' && earlier.personId === personId && earlier.details.outcome === 'conviction')).toBe(true);
      }
    });
    // Detained only after a detention (or custody) not since ended; measures run only until lifted.
    const model = independentlyDetained(effective, personId);
    expect(Boolean(person.detention)).toBe(model.detention);
    expect(new Set(Object.keys(person.measures))).toEqual(model.measures);
  }
}

const STATUS_STEPS = new Set(['investigation_started', 'proceedings_suspended', 'proceedings_resumed', 'proceedings_terminated', 'indictment', 'verdict', 'appeal_filed', 'appeal_decided', 'case_closed', 'case_joined']);

describe('random journals', () => {
  it('never reach an inconsistent state through steps the rules accept', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 40 }), (commands) => {
        let state = initialJournalState(FACTS);
        const accepted: JournalStep[] = [];
        let clock = RECEIVED_AT.getTime();
        commands.forEach((c, index) => {
          clock += c.advanceHours * HOUR;
          const step = stepFor(c, index, new Date(clock), state);
          const decision = decide(state, step);
          if (!decision.ok) {
            expect(decision.refusal.status).toBe(REFUSAL_CODES[decision.refusal.code]);
            return;
          }
          state = evolve(state, step);
          accepted.push(step);
          expect(decision.status).toBe(state.status);
          expectConsistent(state, accepted);
          // An accepted correction leaves a journal that replays.
          if (step.correction) expect(replay(accepted, FACTS).ok).toBe(true);
        });
        // The state built step by step is the state rebuilt from the whole journal.
        expect(replay(accepted, FACTS)).toEqual({ ok: true, state });
      }),
      { numRuns: 150 },
    );
  });
});
