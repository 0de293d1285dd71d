import type { ProbationEntry } from './entries';
import type { Refusal } from './refusal';

/** The entries a command appends, in order, or why it is refused. */
export type Decision = { ok: true; entries: ProbationEntry[] } | { ok: false; refusal: Refusal };

export const accept = (...entries: ProbationEntry[]): Decision => ({ ok: true, entries });
export const refuse = (refused: Refusal): Decision => ({ ok: false, refusal: refused });

/** A refusal if there is one, else the decision `then` makes. */
export function unless(refused: Refusal | undefined, then: () => Decision): Decision {
  return refused ? refuse(refused) : then();
}
