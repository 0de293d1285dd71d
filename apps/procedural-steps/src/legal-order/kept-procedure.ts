import type { JournalFacts } from './journal-step';
import type { JournalState, PersonState, ProcedureState, RunningMeasure } from './journal-state';

/** A ProcedureState as JSON keeps it: every instant an ISO string. */
export type KeptProcedure = Record<string, unknown>;

/** The procedure's state as it is kept with the journal's head (the facts and the journal are not kept). */
export function keepProcedure(state: ProcedureState): KeptProcedure {
  const { status, statusSince, statusStepId, stepCount, resumeTo, appealRound, investigationUntil, persons } = state;
  return JSON.parse(JSON.stringify({ status, statusSince, statusStepId, stepCount, resumeTo, appealRound, investigationUntil, persons })) as KeptProcedure;
}

const instant = (value: unknown): Date => new Date(value as string);
const optionalInstant = (value: unknown): Date | undefined => (value === undefined ? undefined : instant(value));

function restoreMeasure(kept: RunningMeasure): RunningMeasure {
  return { ...kept, decidedAt: instant(kept.decidedAt), ...(kept.until !== undefined && { until: instant(kept.until) }) };
}

function restorePerson(kept: PersonState): PersonState {
  return {
    ...kept,
    since: instant(kept.since),
    ...(kept.detention && { detention: { ...kept.detention, since: instant(kept.detention.since) } }),
    ...(kept.releasedAt !== undefined && { releasedAt: instant(kept.releasedAt) }),
    measures: Object.fromEntries(Object.entries(kept.measures).map(([measure, running]) => [measure, restoreMeasure(running as RunningMeasure)])),
    ...(kept.releasedOnParole && { releasedOnParole: { ...kept.releasedOnParole, at: instant(kept.releasedOnParole.at) } }),
    ...(kept.reports && {
      reports: Object.fromEntries(Object.entries(kept.reports).map(([requestId, report]) => [requestId, { ...report, requestedAt: instant(report.requestedAt) }])),
    }),
    ...(kept.left && { left: { ...kept.left, since: instant(kept.left.since) } }),
  };
}

/**
 * The state decide and evolve work on, from what the head keeps: the procedure as it stood
 * after the last step, with no journal (an ordinary step is decided against the state alone;
 * a correction needs the journal and is decided on a replay).
 */
export function restoreProcedure(kept: KeptProcedure, facts: JournalFacts): JournalState {
  const procedure = kept as unknown as ProcedureState;
  const investigationUntil = optionalInstant(procedure.investigationUntil);
  return {
    ...procedure,
    statusSince: instant(procedure.statusSince),
    ...(investigationUntil && { investigationUntil }),
    persons: Object.fromEntries(Object.entries(procedure.persons).map(([personId, person]) => [personId, restorePerson(person)])),
    facts,
    journal: [],
  };
}
