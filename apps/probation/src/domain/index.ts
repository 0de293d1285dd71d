/**
 * Probation's legal order as pure rules: no framework, no database, no messaging.
 *
 * How the write path uses it, one transaction per command: load the stream's head and its state
 * (`newProbationCase` / `newPreSentenceReport` for a new stream), `decide(state, command, context)`;
 * on a refusal map it to problem+json (its `status`, `code`, `field`) and write nothing; otherwise
 * append the entries with the expected version, store `applyEntries(state, entries, context)` as
 * the head's state, and publish each entry with `publishedDetails`. The system's daily round asks
 * each running stream `deadlineStatus(state.deadlines, today, zone).toBreach` (→ `breachDeadline`)
 * and gives `completeAtTermEnd` to cases whose term or hours are done; the caseload lists read
 * `dueBetween`. Intake turns a recorded court decision into an `open` command with `intakeOf`.
 */
export * from './allocation';
export * from './commands';
export * from './corrections';
export * from './deadlines';
export * from './decide';
export * from './decision';
export * from './entries';
export * from './evolve';
export * from './intake';
export * from './probation-rules';
export * from './refusal';
export * from './risk-scoring';
export * from './stream-state';
