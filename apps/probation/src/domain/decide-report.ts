import { codeRefusal, dateRefusal, dayOf, idRefusal, textRefusal } from './checks';
import type { AmendReport, AssignReport, DecisionContext, DraftReportSection, RequestReport, SubmitReport, WithdrawReport } from './commands';
import { decideAllocate } from './decide-intake';
import { accept, Decision, unless } from './decision';
import { entry } from './entries';
import { firstRefusal, refusal } from './refusal';
import type { PreSentenceReportState } from './stream-state';

/** A pre-sentence report: requested (from the requesting step), assigned, drafted in sections, submitted or withdrawn. */

export function decideRequestReport(_state: PreSentenceReportState, command: RequestReport, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => idRefusal(command.sourceStepId, 'sourceStepId'),
    () => codeRefusal(context.pack.reportRequesters, command.requestedBy, 'report requesters', 'requestedBy'),
    () => dateRefusal(command.dueOn, 'dueOn', { notBefore: { date: dayOf(command.occurredAt, context), what: 'the request' } }),
  );
  return unless(refused, () => accept(entry('report_requested', command.occurredAt, { sourceStepId: command.sourceStepId, requestedBy: command.requestedBy, dueOn: command.dueOn })));
}

/**
 * A correction of the request step moved the due date: the report is due on the new date (the
 * deadline follows it, and so does `onTime` at submission). A correction already applied, or one
 * that leaves the date as it is, appends nothing (`already-done`): a redelivered correction never
 * undoes a later one. A report submitted or withdrawn takes none (the stream's guard).
 */
export function decideAmendReport(state: PreSentenceReportState, command: AmendReport, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => idRefusal(command.correctionStepId, 'correctionStepId'),
    () => ((state.corrections ?? []).includes(command.correctionStepId) ? refusal('already-done', `correction ${command.correctionStepId} is already applied`, 'correctionStepId') : undefined),
    () => dateRefusal(command.dueOn, 'dueOn', { notBefore: { date: dayOf(state.requestedAt, context), what: 'the request' } }),
    () => (command.dueOn === state.dueOn ? refusal('already-done', `the report is already due on ${state.dueOn}`, 'dueOn') : undefined),
  );
  return unless(refused, () => accept(entry('report_amended', command.occurredAt, { sourceStepId: state.sourceStepId, correctionStepId: command.correctionStepId, dueOn: command.dueOn })));
}

/** To an office and an officer: the first time `initial`, then within the office or to another. */
export function decideAssignReport(state: PreSentenceReportState, command: AssignReport, context: DecisionContext): Decision {
  const kind = !state.office ? 'initial' : command.office === state.office ? 'reallocation' : 'transfer';
  return decideAllocate(state, { ...command, kind }, context);
}

export function decideDraftReportSection(_state: PreSentenceReportState, command: DraftReportSection, context: DecisionContext): Decision {
  const refused = firstRefusal(
    () => codeRefusal(context.pack.reportSections, command.section, 'report sections', 'section'),
    () => textRefusal(command.text, 'text', 20_000),
  );
  return unless(refused, () => accept(entry('report_section_drafted', command.occurredAt, { section: command.section, ...(command.text !== undefined && { text: command.text }) })));
}

/** Submitted once every section of the pack is drafted; on time when submitted by its due date. */
export function decideSubmitReport(state: PreSentenceReportState, command: SubmitReport, context: DecisionContext): Decision {
  const missing = context.pack.reportSections.filter((section) => !state.sections.includes(section.code)).map((section) => section.code);
  const refused = firstRefusal(
    () => (missing.length ? refusal('missing-prerequisite', `sections not drafted yet: ${missing.join(', ')}`) : undefined),
    () => codeRefusal(context.pack.reportRecommendations, command.recommendation, 'report recommendations', 'recommendation'),
  );
  const onTime = dayOf(command.occurredAt, context) <= state.dueOn;
  return unless(refused, () => accept(entry('report_submitted', command.occurredAt, { recommendation: command.recommendation, dueOn: state.dueOn, onTime })));
}

export function decideWithdrawReport(state: PreSentenceReportState, command: WithdrawReport): Decision {
  return accept(entry('report_withdrawn', command.occurredAt, { sourceStepId: state.sourceStepId }));
}
