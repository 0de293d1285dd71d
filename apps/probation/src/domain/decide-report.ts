import { codeRefusal, dateRefusal, dayOf, idRefusal, textRefusal } from './checks';
import type { AssignReport, DecisionContext, DraftReportSection, RequestReport, SubmitReport, WithdrawReport } from './commands';
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
