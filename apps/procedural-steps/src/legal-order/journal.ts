import { applyCorrection, correctionRefusal, effectiveJournal, effectiveStepOf } from './corrections';
import { initialJournalState, JournalState } from './journal-state';
import type { EffectiveStep, JournalFacts, JournalStep } from './journal-step';
import { applyStep, checkStep, shapeRefusal } from './procedure';
import { Decision, Refusal, refusal } from './refusal';

export type Replayed = { ok: true; state: JournalState } | { ok: false; refusal: Refusal; atStepId: string };

/** Refusals that concern a step as recorded, before the legal order: a reused id, a stray correction. */
function recordingRefusal(seen: ReadonlySet<string>, step: JournalStep): Refusal | undefined {
  if (seen.has(step.stepId)) return refusal('already-done', `step ${step.stepId} is already in the journal`, 'stepId');
  if (step.correction && step.stepType !== 'correction') return refusal('invalid-step', 'only a correction step carries correction', 'correction');
  return undefined;
}

/**
 * Rebuilds the state from a whole journal and checks it: each correction against the journal
 * recorded before it, then the effective journal step by step under the legal order.
 */
export function replay(steps: readonly JournalStep[], facts: JournalFacts): Replayed {
  const seen = new Set<string>();
  let effective: EffectiveStep[] = [];
  for (const [index, step] of steps.entries()) {
    const refused = recordingRefusal(seen, step) ?? (step.stepType === 'correction' ? shapeRefusal(facts, step) ?? correctionRefusal(steps.slice(0, index), effective, step) : undefined);
    if (refused) return { ok: false, refusal: refused, atStepId: step.stepId };
    seen.add(step.stepId);
    effective = step.correction ? applyCorrection(effective, step.correction, step.stepId) : [...effective, effectiveStepOf(step)];
  }
  let state = initialJournalState(facts);
  for (const step of effective) {
    const refused = checkStep(state, step);
    if (refused) return { ok: false, refusal: refused, atStepId: step.stepId };
    state = applyStep(state, step);
  }
  return { ok: true, state: { ...state, journal: steps } };
}

/** The steps to append for a proposed step (it, when the legal order allows it) and the case status after them, or the refusal. */
export function decide(state: JournalState, step: JournalStep): Decision {
  if (step.stepType === 'correction') return decideCorrection(state, step);
  const refused = recordingRefusal(new Set(state.journal.map((recorded) => recorded.stepId)), step) ?? checkStep(state, step);
  return refused ? { ok: false, refusal: refused } : { ok: true, steps: [step], status: applyStep(state, step).status };
}

/** A correction is accepted when the journal, corrected, still replays cleanly. */
function decideCorrection(state: JournalState, step: JournalStep): Decision {
  const replayed = replay([...state.journal, step], state.facts);
  if (replayed.ok) return { ok: true, steps: [step], status: replayed.state.status };
  if (replayed.atStepId === step.stepId) return { ok: false, refusal: replayed.refusal };
  const broken = replayed.refusal;
  const onCorrectedStep = replayed.atStepId === step.correction?.correctsStepId && broken.field !== undefined;
  return {
    ok: false,
    refusal: {
      ...refusal('correction-breaks-journal', `with this correction step ${replayed.atStepId} would be refused: ${broken.reason}`, onCorrectedStep ? `correction.${broken.field}` : 'correction'),
      stepId: replayed.atStepId,
    },
  };
}

/** The state after an accepted step. A correction rebuilds the state from the corrected journal. */
export function evolve(state: JournalState, step: JournalStep): JournalState {
  const journal = [...state.journal, step];
  if (step.stepType !== 'correction') return { ...applyStep(state, step), journal };
  return { ...effectiveJournal(journal).reduce(applyStep, initialJournalState(state.facts)), journal };
}
