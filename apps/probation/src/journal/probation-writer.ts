import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  FieldProblem, ForbiddenError, ConflictError, NotFoundError, PreSentenceReportSubmitted, ProbationCaseAmended, ProbationCaseAnnulled, ProbationCaseOpened,
  ProbationEntryRecorded, ProbationStream, RuleViolationError,
} from '@icjims/contracts';
import { Jurisdiction, localDate } from '@icjims/jurisdiction';
import { EventOutbox } from '@icjims/messaging';
import { JURISDICTION } from '@icjims/platform';
import {
  Actor, applyEntries, CaseCommand, decide, DecisionContext, newPreSentenceReport, newProbationCase, PreSentenceReportState, ProbationEntry, ProbationStreamState,
  publishedDetails, Refusal, ReportCommand, StreamFacts,
} from '../domain';
import { attentionOn } from '../scheduling/attention';
import { probationJournalStore, ProbationStreamHead } from './probation-journal.store';
import type { StoredProbationEntry } from './probation-journal';

export type ProbationCommand = CaseCommand | ReportCommand;

/** A stream that does not exist yet: what its head knows before the first entry. */
export interface NewStream extends StreamFacts {
  stream: ProbationStream;
  streamId: string;
}

/** What an append gave: the head after it and the entries as stored. */
export interface Appended {
  head: ProbationStreamHead<ProbationStreamState>;
  entries: StoredProbationEntry[];
}

/** A refusal of the legal order as a problem: 403 (not the actor's to do), 409 (collides with the stream), 422 (the order forbids it). */
export function refusalError(refusal: Refusal): Error {
  const fields: FieldProblem[] = refusal.field ? [{ field: refusal.field, reason: refusal.reason }] : [];
  const detail = `${refusal.reason} (${refusal.code})`;
  if (refusal.status === 403) return new ForbiddenError(detail);
  if (refusal.status === 409) return new ConflictError(detail);
  return new RuleViolationError(detail, fields);
}

/**
 * The one way an entry enters the probation journal, for the API and the system alike: the
 * stream's head is locked, the legal order decides from the state kept with it (never a
 * replay), the entries are appended with the head and its new state in one statement, and each
 * goes out as `probation-entry.recorded` — with the older probation-case events beside the
 * entries they stand for — in the same transaction.
 */
@Injectable()
export class ProbationWriter {
  constructor(
    private readonly outbox: EventOutbox,
    @Inject(JURISDICTION) private readonly jurisdiction: Jurisdiction,
  ) {}

  /**
   * Gives `command` to the stream `streamId`; 404 when there is none, a refusal as its problem, a stale expected version 409.
   * `mayAct` sees the locked head first and throws when the caller may not act on it (another region, another kind of stream).
   */
  async command(
    manager: EntityManager,
    streamId: string,
    command: ProbationCommand,
    actor: Actor,
    expectedVersion?: number,
    mayAct?: (head: ProbationStreamHead<ProbationStreamState>) => void,
  ): Promise<Appended> {
    const head = await probationJournalStore.loadForUpdate<ProbationStreamState>(manager, streamId);
    if (!head) throw new NotFoundError(`no probation case or report ${streamId}`);
    mayAct?.(head);
    return this.decideAndAppend(manager, head, command, actor, expectedVersion);
  }

  /** Starts a stream with its first command (opening a case, requesting a report); 409 when the stream exists. */
  async start(manager: EntityManager, stream: NewStream, command: ProbationCommand, actor: Actor): Promise<Appended> {
    const facts: StreamFacts = { caseId: stream.caseId, region: stream.region, ...(stream.personId && { personId: stream.personId }) };
    const state = stream.stream === 'probation_case' ? newProbationCase(facts) : newPreSentenceReport(facts);
    const head = await probationJournalStore.create<ProbationStreamState>(manager, {
      streamId: stream.streamId,
      stream: stream.stream,
      caseId: stream.caseId,
      region: stream.region,
      office: null,
      personId: stream.personId ?? null,
      status: state.status,
      state,
    });
    return this.decideAndAppend(manager, head, command, actor);
  }

  private async decideAndAppend(
    manager: EntityManager,
    head: ProbationStreamHead<ProbationStreamState>,
    command: ProbationCommand,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Appended> {
    const context: DecisionContext = { pack: this.jurisdiction.pack.probation, timeZone: this.jurisdiction.timeZone, now: new Date(), actor };
    const decision = decide(head.state, command, context);
    if (!decision.ok) throw refusalError(decision.refusal);
    // The state after each entry, so that each entry's event says where the stream stood after it.
    let current = head.state;
    const states = decision.entries.map((recorded) => (current = applyEntries(current, [recorded], context)));
    const state = states.at(-1)!;
    const appended = await probationJournalStore.append(manager, head, decision.entries, actor.sub, {
      status: state.status,
      state,
      region: state.region,
      office: state.office,
      personId: state.personId,
      attentionOn: attentionOn(state, localDate(context.now, context.timeZone)),
    }, expectedVersion);
    await this.announce(manager, appended, decision.entries, states);
    return appended;
  }

  /** The entries' events, in order, in the append's transaction. */
  private async announce(manager: EntityManager, { head, entries }: Appended, decided: readonly ProbationEntry[], states: readonly ProbationStreamState[]): Promise<void> {
    for (const [i, stored] of entries.entries()) {
      const [recorded, after] = [decided[i], states[i]];
      await this.outbox.record(manager, ProbationEntryRecorded, head.streamId, {
        entryId: stored.id,
        stream: head.stream,
        streamId: head.streamId,
        sequence: stored.sequence,
        entryType: stored.entryType,
        caseId: head.caseId,
        region: stored.region,
        ...(after.office && { office: after.office }),
        ...(stored.personId && { personId: stored.personId }),
        occurredAt: stored.occurredAt.toISOString(),
        recordedAt: stored.recordedAt.toISOString(),
        recordedBy: stored.recordedBy,
        status: after.status,
        details: publishedDetails(recorded) as Record<string, unknown>,
      });
      await this.announceAsProbationCase(manager, head, recorded, stored);
      if (recorded.entryType === 'report_submitted' && after.stream === 'pre_sentence_report') await this.announceReport(manager, head, recorded, stored, after);
    }
  }

  /** A submitted report goes back to the case that requested it: keyed by the criminal case, naming the request step. */
  private async announceReport(
    manager: EntityManager,
    head: ProbationStreamHead<ProbationStreamState>,
    recorded: ProbationEntry<'report_submitted'>,
    stored: StoredProbationEntry,
    state: PreSentenceReportState,
  ): Promise<void> {
    await this.outbox.record(manager, PreSentenceReportSubmitted, head.caseId, {
      reportId: head.streamId,
      caseId: head.caseId,
      region: stored.region,
      sourceStepId: state.sourceStepId,
      ...(stored.personId && { personId: stored.personId }),
      recommendation: recorded.details.recommendation,
      dueOn: recorded.details.dueOn,
      submittedAt: stored.occurredAt.toISOString(),
    });
  }

  /** The probation-case events of v1, which analytics and other consumers keep reading: keyed by the criminal case, as before. */
  private async announceAsProbationCase(manager: EntityManager, head: ProbationStreamHead<ProbationStreamState>, recorded: ProbationEntry, stored: StoredProbationEntry): Promise<void> {
    const about = { probationCaseId: head.streamId, caseId: head.caseId, region: stored.region };
    if (recorded.entryType === 'opened') {
      const { sourceStepId, termMonths, startsOn } = recorded.details;
      await this.outbox.record(manager, ProbationCaseOpened, head.caseId, {
        ...about,
        sourceStepId,
        ...(stored.personId && { personId: stored.personId }),
        termMonths,
        startsOn,
        openedAt: stored.occurredAt.toISOString(),
      });
    } else if (recorded.entryType === 'amended') {
      const { sourceStepId, correctionStepId, termMonths, startsOn, endsOn } = recorded.details;
      await this.outbox.record(manager, ProbationCaseAmended, head.caseId, {
        ...about,
        sourceStepId,
        correctionStepId,
        ...(stored.personId && { personId: stored.personId }),
        termMonths,
        startsOn,
        endsOn,
      });
    } else if (recorded.entryType === 'annulled') {
      const { sourceStepId, correctionStepId, ground } = recorded.details;
      await this.outbox.record(manager, ProbationCaseAnnulled, head.caseId, { ...about, sourceStepId, correctionStepId, ground });
    }
  }
}
