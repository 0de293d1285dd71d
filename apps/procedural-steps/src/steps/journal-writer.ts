import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseStatusChanged, ConflictError, StepCorrected, StepRecorded } from '@icjims/contracts';
import type { Jurisdiction } from '@icjims/jurisdiction';
import { journalStore } from '@icjims/journal';
import { EventOutbox } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import { DeadlineTracker, RulesInForce } from '../deadlines/deadline-tracker';
import { clocksAfterStep, keepClocks, restoreClocks } from '../deadlines/deadline-clocks';
import { foldDeadlines, RuleClocks } from '../deadlines/deadline-rules';
import { KnownCase } from '../known-cases/known-case.entity';
import { stepJournal } from './step-journal';
import { ProceduralStep } from './step.entity';
import { StepDetails } from './step-rules';
import { StepTypes } from '../step-types/step-types';
import { LegalOrderRefusalError } from './legal-order-check';
import { Correction, correctionToDetails, decide, effectiveJournal, evolve, initialJournalState, JournalFacts, JournalState, JournalStep, replay } from '../legal-order';
import { keepProcedure, restoreProcedure } from '../legal-order/kept-procedure';
import { journalOf } from './journal-step.mapper';
import { catalogueFingerprint, HeadState, rulesFingerprint } from './head-state';

/** A step as its recorder proposes it, checked for form already. */
export interface StepProposal {
  stepType: string;
  occurredAt: Date;
  recordedBy: string;
  personId?: string;
  details: StepDetails;
  correction?: Correction;
}

/** The legal order's state and the clocks running, after the journal's last step. */
interface Folded {
  procedure: JournalState;
  clocks: Map<string, RuleClocks>;
}

/**
 * The one way a step enters a journal, for the API and the system steps alike: the case's head
 * is locked by the caller (with the state kept beside it, `lockCaseHead`); the legal order
 * decides from that state; the step becomes the next link of the case's hash chain and the
 * head moves, with the state after it, in one statement; its events go out with it; and the
 * clocks it stops, extends or starts are written in one more statement. Ordinary steps read no
 * journal. A correction is decided on the whole journal replayed (it must re-check every step
 * after the corrected one), and so is a case whose kept state is missing or was folded under
 * other rules: folded again once, then kept.
 */
@Injectable()
export class JournalWriter {
  private readonly catalogue: string;

  constructor(
    private readonly outbox: EventOutbox,
    private readonly deadlines: DeadlineTracker,
    readonly stepTypes: StepTypes,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {
    this.catalogue = catalogueFingerprint(stepTypes, jurisdiction.timeZone);
  }

  /** `known` must be locked by the caller's transaction (`lockCaseHead`); `language`: of a refusal's title. */
  async append(manager: EntityManager, known: KnownCase, proposal: StepProposal, language = 'en'): Promise<ProceduralStep> {
    const rules = await this.deadlines.rulesAt(manager, known.rulesRevision);
    const step: JournalStep = { stepId: randomUUID(), ...proposal };
    // A correction is decided on the whole journal; any other step on the state kept with the head.
    const journal = proposal.correction ? await journalOf(manager, known.caseId) : undefined;
    const before = journal ? this.replayed(known, journal) : await this.folded(manager, known, rules);
    if (!before) throw await this.brokenJournal(manager, known, journal);
    const decision = decide(before.procedure, step);
    if (!decision.ok) throw new LegalOrderRefusalError(decision.refusal, language);
    const { steps: decided, status } = decision;

    // The clocks after the steps: folded on from the kept ones, or (a correction) recomputed from the corrected journal.
    const withSteps = journal && [...journal, ...decided];
    const recomputed = withSteps && foldDeadlines(rules.histories, effectiveJournal(withSteps), this.jurisdiction.timeZone);
    const clocks = recomputed?.clocks ?? before.clocks;
    const touched = recomputed ? [] : [...new Set(decided.flatMap((one) => clocksAfterStep(rules.byCode, clocks, one, this.jurisdiction.timeZone)))];
    const state: HeadState = { rules: rulesFingerprint(this.catalogue, rules.revision), procedure: keepProcedure(decided.reduce(evolve, before.procedure)), clocks: keepClocks(clocks) };

    const recordedAt = new Date();
    const unlinked = decided.map((one) => ({
      id: one.stepId,
      caseId: known.caseId,
      stepType: one.stepType,
      occurredAt: one.occurredAt,
      recordedAt,
      recordedBy: proposal.recordedBy,
      personId: one.personId ?? null,
      // A correction is stored flat, as its details, beside the id of the step it corrects.
      details: one.correction ? correctionToDetails(one.correction) : one.details,
      correctsStepId: one.correction?.correctsStepId ?? null,
    }));
    // The steps and the case's new head (version, last hash, status, state) in one statement.
    const appended = await journalStore.appendEntries(manager, stepJournal, known.caseId, known, unlinked, { headColumns: { status, journal_state: state } });

    const previousStatus = known.status;
    Object.assign(known, { ...appended.head, status, journalState: state });
    for (const [index, stored] of appended.entries.entries()) {
      await this.outbox.record(manager, StepRecorded, known.caseId, {
        stepId: stored.id,
        caseId: known.caseId,
        region: known.region,
        sequence: stored.sequence,
        stepType: stored.stepType,
        occurredAt: stored.occurredAt.toISOString(),
        recordedAt: stored.recordedAt.toISOString(),
        recordedBy: stored.recordedBy,
        personId: stored.personId ?? undefined,
        details: publishedDetails(stored),
        correctsStepId: stored.correctsStepId ?? undefined,
      });
      const { correction } = decided[index];
      if (correction && withSteps) await this.announceCorrection(manager, known, withSteps, stored.id, correction);
    }
    const last = appended.entries[appended.entries.length - 1];
    if (status !== previousStatus) {
      await this.outbox.record(manager, CaseStatusChanged, known.caseId, {
        caseId: known.caseId,
        region: known.region,
        status,
        previousStatus,
        stepId: last.id,
        occurredAt: last.occurredAt.toISOString(),
      });
    }
    if (recomputed) await this.deadlines.keep(manager, known.caseId, recomputed.deadlines);
    else await this.deadlines.write(manager, known.caseId, known.region, touched);
    return appended.entries[0];
  }

  /**
   * The legal order's state after the journal's last step, from the state kept with the head
   * (folded again first when there is none, or it was folded under other rules); undefined when
   * the journal no longer replays under the rules. `known` locked by the caller.
   */
  async stateOf(manager: EntityManager, known: KnownCase): Promise<JournalState | undefined> {
    return (await this.folded(manager, known, await this.deadlines.rulesAt(manager, known.rulesRevision)))?.procedure;
  }

  /**
   * Folds the case's state and clocks again from its whole journal, keeps them with the head and
   * makes its deadline rows what the journal sets: for a case with no kept state, kept under
   * other rules, or whose steps now concern other persons (a merge or unmerge). `known` locked.
   */
  async refold(manager: EntityManager, known: KnownCase, rules?: RulesInForce): Promise<Folded | undefined> {
    rules ??= await this.deadlines.rulesAt(manager, known.rulesRevision);
    const journal = await journalOf(manager, known.caseId);
    const { deadlines, clocks } = foldDeadlines(rules.histories, effectiveJournal(journal), this.jurisdiction.timeZone);
    await this.deadlines.keep(manager, known.caseId, deadlines);
    const folded = this.replayed(known, journal);
    // A journal that no longer replays keeps no state: every append is refused until it is corrected.
    const state: HeadState | null = folded ? { rules: rulesFingerprint(this.catalogue, rules.revision), procedure: keepProcedure(folded.procedure), clocks: keepClocks(clocks) } : null;
    await manager.query(`UPDATE known_cases SET journal_state = $2 WHERE case_id = $1`, [known.caseId, state]);
    known.journalState = state;
    return folded && { procedure: folded.procedure, clocks };
  }

  /** The kept state when it was folded under the rules in force; a new journal's initial state; else folded again. */
  private async folded(manager: EntityManager, known: KnownCase, rules: RulesInForce): Promise<Folded | undefined> {
    const kept = known.journalState;
    if (kept?.rules === rulesFingerprint(this.catalogue, rules.revision)) {
      const clocks = restoreClocks(kept.clocks, rules.byCode);
      if (clocks) return { procedure: restoreProcedure(kept.procedure, this.facts(known)), clocks };
    }
    if (known.version === 0) return { procedure: initialJournalState(this.facts(known)), clocks: restoreClocks({ running: [], gone: [] }, rules.byCode) as Map<string, RuleClocks> };
    return this.refold(manager, known, rules);
  }

  /** The journal replayed under the legal order, and its clocks; undefined when it no longer replays. */
  private replayed(known: KnownCase, journal: JournalStep[]): Folded | undefined {
    const replayed = replay(journal, this.facts(known));
    return replayed.ok ? { procedure: replayed.state, clocks: new Map() } : undefined;
  }

  /** Only a change of the rules themselves can make a stored journal stop replaying. */
  private async brokenJournal(manager: EntityManager, known: KnownCase, journal?: JournalStep[]): Promise<ConflictError> {
    const replayed = replay(journal ?? (await journalOf(manager, known.caseId)), this.facts(known));
    const where = replayed.ok ? '' : ` at step ${replayed.atStepId} (${replayed.refusal.reason})`;
    return new ConflictError(`the journal no longer fits the rules${where}; correct that step first`);
  }

  private facts(known: KnownCase): JournalFacts {
    return { receivedAt: known.receivedAt, stepTypes: this.stepTypes };
  }

  /** What the corrected step now stands as, with every correction so far applied, for projections outside this service. */
  private async announceCorrection(manager: EntityManager, known: KnownCase, journal: JournalStep[], correctionStepId: string, correction: Correction): Promise<void> {
    const corrected = journal.find((candidate) => candidate.stepId === correction.correctsStepId) as JournalStep;
    const standing = effectiveJournal(journal).find((candidate) => candidate.stepId === corrected.stepId);
    await this.outbox.record(manager, StepCorrected, known.caseId, {
      caseId: known.caseId,
      region: known.region,
      correctionStepId,
      correctedStepId: corrected.stepId,
      stepType: corrected.stepType,
      action: correction.action,
      ...(standing && {
        standsAs: { occurredAt: standing.occurredAt.toISOString(), ...(standing.personId && { personId: standing.personId }), details: standing.details },
      }),
    });
  }
}

/** A correction's reason is free text that may name people: it stays in the journal and is not published. */
function publishedDetails(step: ProceduralStep): StepDetails {
  if (!step.correctsStepId) return step.details;
  const { reason: _reason, ...published } = step.details;
  return published;
}
