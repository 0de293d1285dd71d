import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { CASE_STATUSES } from '@icjims/contracts';
import { APPEAL_OUTCOMES, LEAVING_REASONS, PREVENTIVE_MEASURES, PROBATION_OBLIGATIONS, REPORT_REQUESTERS, SENTENCE_TYPES, STEP_TYPE_CODES, VERDICT_OUTCOMES } from '../step-types/step-catalogue';
import type { StepDetails } from '../steps/step-rules';
import { effectiveJournal } from './corrections';
import { decide, evolve, replay } from './journal';
import { initialJournalState, JournalState, JUDGED } from './journal-state';
import { FACTS, RECEIVED_AT } from './journal-scenarios';
import type { EffectiveStep, JournalStep } from './journal-step';
import { STEP_RULES } from './procedure';
import { REFUSAL_CODES } from './refusal';
import { keepProcedure, restoreProcedure } from './kept-procedure';
import { clocksAfterStep, historiesByCode, KeptClocks, keepClocks, restoreClocks } from '../deadlines/deadline-clocks';
import { deadlineKey, foldDeadlines, RuleVersion } from '../deadlines/deadline-rules';
import { SAMPLE_DEADLINE_RULES } from '../deadlines/sample-deadline-rules';

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

/**
 * `running`: the measures of the step's person, which guided commands extend, change or lift;
 * `requests`: the pre-sentence reports requested on them, which a received report answers.
 */
function detailsFor(stepType: string, c: Command, occurredAt: Date, running: readonly string[] = [], requests: readonly string[] = []): StepDetails {
  const until = new Date(occurredAt.getTime() + c.untilDays * 24 * HOUR).toISOString();
  const measure = c.guided && running.length && stepType !== 'preventive_measure_applied' ? pick(running, c.choice) : pick(PREVENTIVE_MEASURES, c.choice);
  switch (stepType) {
    case 'suspicion_notified':
      return { offenceArticle: '130' };
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
      return { ground: 'death_of_suspect' };
    case 'verdict':
      return { outcome: pick(VERDICT_OUTCOMES, c.choice) };
    case 'sentence': {
      const sentenceType = pick(SENTENCE_TYPES, c.choice);
      const obligations = PROBATION_OBLIGATIONS.slice(0, c.secondChoice % 3);
      if (sentenceType === 'fine') return { sentenceType };
      return { sentenceType, termMonths: 1 + (c.secondChoice % 60), obligations, ...(sentenceType === 'community_work' && { communityWorkHours: 40 * (1 + (c.choice % 5)) }) };
    }
    case 'conditional_early_release':
      return { termMonths: 1 + (c.secondChoice % 24), obligations: PROBATION_OBLIGATIONS.slice(0, 1 + (c.choice % 2)) };
    case 'pre_sentence_report_requested':
      return { dueOn: '2026-06-01', requestedBy: pick(REPORT_REQUESTERS, c.choice) };
    case 'pre_sentence_report_received':
      return { requestStepId: requests.length ? pick(requests, c.secondChoice) : 'step-never', reportId: `report-${c.choice}`, recommendation: 'probation' };
    case 'appeal_decided':
      return { outcome: pick(APPEAL_OUTCOMES, c.choice) };
    case 'case_joined':
      return { intoCaseId: '9d2b8a1c-0c6e-4c8e-b1a0-3f5e2d1c4b5a' };
    case 'person_left':
      return { reason: pick(LEAVING_REASONS, c.choice) };
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

const PERSON_LEVEL = new Set([
  'suspicion_notified', 'detention', 'release_from_detention', 'plea_agreement', 'verdict', 'sentence', 'person_left', 'person_returned',
  'conditional_early_release', 'pre_sentence_report_requested', 'pre_sentence_report_received',
]);
const isPersonLevel = (stepType: string) => PERSON_LEVEL.has(stepType) || stepType.startsWith('preventive_measure_');

/** Guided commands name a person the case knows (one who left, to bring back), or the next new one; the others anyone. */
function personFor(c: Command, state: JournalState, stepType: string): string {
  if (!c.guided) return pick(PERSONS, c.person);
  const gone = PERSONS.filter((personId) => state.persons[personId]?.left);
  if (stepType === 'person_returned' && gone.length) return pick(gone, c.person);
  const known = PERSONS.filter((personId) => state.persons[personId]);
  const unknown = PERSONS.filter((personId) => !state.persons[personId]);
  return pick([...known, ...unknown.slice(0, 1)], c.person);
}

function stepFor(c: Command, index: number, occurredAt: Date, state: JournalState): JournalStep {
  const stepId = `step-${index}`;
  const stepType = stepTypeFor(c, state);
  if (stepType !== 'correction') {
    const personId = isPersonLevel(stepType) ? personFor(c, state, stepType) : undefined;
    const running = personId ? Object.keys(state.persons[personId]?.measures ?? {}) : [];
    const requests = personId ? Object.keys(state.persons[personId]?.reports ?? {}) : [];
    return { stepId, stepType, occurredAt, ...(personId && { personId }), details: detailsFor(stepType, c, occurredAt, running, requests) };
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

/**
 * Who is out of the case before each effective step (and, last, after them all), from leaving and
 * returning alone, as a second, independent model: leaving counts for a person an earlier step named.
 */
function absences(effective: readonly EffectiveStep[]): Array<ReadonlySet<string>> {
  const named = new Set<string>();
  const out = new Set<string>();
  const before: Array<ReadonlySet<string>> = [];
  for (const { stepType, personId } of effective) {
    before.push(new Set(out));
    if (personId === undefined) continue;
    if (stepType === 'person_left' && named.has(personId)) out.add(personId);
    else if (stepType === 'person_returned') out.delete(personId);
    else if (stepType !== 'person_left') named.add(personId);
  }
  return [...before, out];
}

/** The only steps about a person who has left the case (leaving again is refused). */
const ABOUT_THOSE_GONE = new Set(['release_from_detention', 'preventive_measure_lifted', 'person_returned', 'pre_sentence_report_received']);

/** What may still come after the judgment's end: parole after closure, and a report answering a request, whatever became of the case. */
const AFTER_THE_END: Readonly<Record<string, readonly string[]>> = {
  case_closed: ['conditional_early_release', 'pre_sentence_report_received'],
  case_joined: ['pre_sentence_report_received'],
};
const ASIDE_FROM_THE_PROCEDURE = new Set(['person_left', 'person_returned', 'pre_sentence_report_received']);

function expectConsistent(state: JournalState, accepted: readonly JournalStep[]): void {
  expect(CASE_STATUSES).toContain(state.status);
  const effective = effectiveJournal(accepted);
  const types = effective.map((step) => step.stepType);

  // Nothing follows closure or a join; after termination only resumption or closure (persons may still leave and return).
  for (const [index, stepType] of types.entries()) {
    const allowed = AFTER_THE_END[stepType];
    if (allowed) expect(types.slice(index + 1).filter((next) => !allowed.includes(next))).toEqual([]);
    const after = types.slice(index + 1).find((next) => !ASIDE_FROM_THE_PROCEDURE.has(next));
    if (stepType === 'proceedings_terminated' && after) expect(['proceedings_resumed', 'case_closed']).toContain(after);
  }

  const persons = Object.entries(state.persons);
  const statusOf = (status: string) => persons.some(([, person]) => person.status === status);
  if (state.status === 'registered') expect(types.every((stepType) => stepType === 'registration')).toBe(true);
  if (['in_court', 'decided', 'under_appeal'].includes(state.status)) expect(types).toContain('indictment');
  const inCase = persons.filter(([, person]) => !person.left).map(([, person]) => person);
  if (state.status === 'in_court') expect(statusOf('accused') || persons.some(([, person]) => person.left)).toBe(true);
  // Nobody who has left is awaited: in court with no accused still in it but someone judged is decided.
  if (state.status === 'in_court' && !inCase.some((person) => person.status === 'accused')) expect(inCase.some((person) => JUDGED.includes(person.status))).toBe(false);
  if (state.status === 'decided' || state.status === 'under_appeal') expect(inCase.some((person) => person.status === 'accused')).toBe(false);
  if (state.status === 'under_appeal') expect(types.lastIndexOf('appeal_filed')).toBeGreaterThan(types.lastIndexOf('appeal_decided'));
  if (state.status === 'suspended') expect(types[types.length - 1 - [...types].reverse().findIndex((t) => STATUS_STEPS.has(t))]).toBe('proceedings_suspended');

  // Leaving and returning, against the independent model: who is out, what names them while out, who was indicted.
  const out = absences(effective);
  expect(new Set(persons.filter(([, person]) => person.left).map(([personId]) => personId))).toEqual(out[effective.length]);
  effective.forEach((step, index) => {
    if (step.personId !== undefined && out[index].has(step.personId)) expect([step.stepId, step.stepType, ABOUT_THOSE_GONE.has(step.stepType)]).toEqual([step.stepId, step.stepType, true]);
  });

  for (const [personId, person] of persons) {
    if (person.status === 'accused') expect(out[effective.findIndex((step) => step.stepId === person.sinceStepId)].has(personId)).toBe(false);
    // No sentence without a conviction of that person.
    if (person.status === 'sentenced' || person.status === 'convicted') expect(person.verdict?.outcome).toBe('conviction');
    if (person.status === 'acquitted') expect(person.verdict?.outcome).toBe('acquittal');
    if (person.sentenceRound !== undefined) expect(person.status).toBe('sentenced');
    effective.forEach((step, index) => {
      if (step.stepType === 'sentence' && step.personId === personId) {
        expect(effective.slice(0, index).some((earlier) => earlier.stepType === 'verdict' && earlier.personId === personId && earlier.details.outcome === 'conviction')).toBe(true);
      }
    });
    // Parole only for imprisonment imposed on the person; a report received only for a request on them, once.
    effective.forEach((step, index) => {
      if (step.personId !== personId) return;
      const before = effective.slice(0, index).filter((earlier) => earlier.personId === personId);
      if (step.stepType === 'conditional_early_release') {
        expect(before.filter((earlier) => earlier.stepType === 'sentence').pop()?.details.sentenceType).toBe('imprisonment');
      }
      if (step.stepType === 'pre_sentence_report_received') {
        const answering = (candidate: EffectiveStep) => candidate.stepType === 'pre_sentence_report_received' && candidate.details.requestStepId === step.details.requestStepId;
        expect(before.some((earlier) => earlier.stepType === 'pre_sentence_report_requested' && earlier.stepId === step.details.requestStepId)).toBe(true);
        expect(before.some(answering)).toBe(false);
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

/** Every rule of the EE pack (the one with most), one version each, always applying. */
const HISTORIES: RuleVersion[][] = SAMPLE_DEADLINE_RULES.map((rule) => [{ version: 1, appliesFrom: new Date(0), rule }]);
const ZONE = 'Europe/Tallinn';

describe('the state kept with the journal’s head', () => {
  it('decides and folds, kept as JSON and restored after every step, exactly as the journal replayed does, clocks included', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 40 }), (commands) => {
        let state = initialJournalState(FACTS);
        let kept = keepProcedure(state);
        let keptClocks: KeptClocks = { running: [], gone: [] };
        const byCode = historiesByCode(HISTORIES);
        const accepted: JournalStep[] = [];
        let clock = RECEIVED_AT.getTime();
        commands.forEach((c, index) => {
          clock += c.advanceHours * HOUR;
          const step = stepFor(c, index, new Date(clock), state);
          if (step.correction) return; // corrections are decided on the journal replayed, not on the kept state
          // Through JSON, as the head's jsonb column keeps it.
          const restored = restoreProcedure(JSON.parse(JSON.stringify(kept)), FACTS);
          const decision = decide(restored, step);
          expect(decision).toEqual(decide(state, step));
          if (!decision.ok) return;
          state = evolve(state, step);
          kept = keepProcedure(evolve(restored, step));
          expect(kept).toEqual(keepProcedure(state));
          const clocks = restoreClocks(JSON.parse(JSON.stringify(keptClocks)), byCode)!;
          const touched = clocksAfterStep(byCode, clocks, step, ZONE);
          keptClocks = keepClocks(clocks);
          // The rows written are exactly those a recomputation from the whole journal changes, as it has them.
          const rows = (steps: JournalStep[]) => new Map(foldDeadlines(HISTORIES, effectiveJournal(steps), ZONE).deadlines.map((deadline) => [deadlineKey(deadline), deadline]));
          const [before, after] = [rows(accepted), rows([...accepted, step])];
          const changed = [...after].filter(([key, deadline]) => !isDeepStrictEqual(before.get(key), deadline));
          expect(new Map(touched.map((deadline) => [deadlineKey(deadline), deadline]))).toEqual(new Map(changed));
          accepted.push(step);
        });
        // The clocks folded step by step are those a fold of the whole effective journal leaves running.
        expect(keptClocks).toEqual(keepClocks(foldDeadlines(HISTORIES, effectiveJournal(accepted), ZONE).clocks));
        expect(restoreProcedure(kept, FACTS)).toEqual({ ...state, journal: [] });
      }),
      { numRuns: 50 },
    );
  });
});
