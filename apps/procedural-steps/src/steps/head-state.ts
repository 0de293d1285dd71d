import { createHash } from 'node:crypto';
import type { KeptClocks } from '../deadlines/deadline-clocks';
import type { KeptProcedure } from '../legal-order/kept-procedure';
import type { StepTypes } from '../step-types/step-types';

/**
 * Raise when the rules in code change what a kept state holds or how a step folds into it
 * (a new rule in legal-order/, a new field of the state): every case then refolds its state
 * from its journal once, at its next step, instead of trusting a state folded under old rules.
 */
export const HEAD_STATE_FORMAT = 1;

/**
 * What the journal's head keeps beside its version and hash (`known_cases.journal_state`), so
 * that an ordinary step is decided and its clocks moved without reading the journal: the legal
 * order's state after the last step, the deadline clocks running then, and the rules both were
 * folded under. A state whose `rules` are not those in force is folded again from the journal.
 */
export interface HeadState {
  rules: string;
  procedure: KeptProcedure;
  clocks: KeptClocks;
}

/** The rules of this service's code and pack that a state depends on: the format, the step catalogue under the pack, the pack's zone. */
export function catalogueFingerprint(stepTypes: StepTypes, timeZone: string): string {
  return createHash('sha256').update(JSON.stringify({ format: HEAD_STATE_FORMAT, catalogue: stepTypes.all, timeZone })).digest('hex').slice(0, 16);
}

/** The whole fingerprint: the catalogue's, and the revision of the deadline rules (deadline_rules_revision). */
export function rulesFingerprint(catalogue: string, rulesRevision: string): string {
  return `${catalogue}/${rulesRevision}`;
}
