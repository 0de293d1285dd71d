/** Pure rules of who is responsible for a case; no framework, no database. */
import { CaseStatus, Responsibility } from '@icjims/contracts';
import { assertCaseOpen } from '../cases/case-rules';

export interface ResponsibilityState {
  status: CaseStatus;
  responsible: Record<Responsibility, string | null>;
}

/** What assigning `assignee` does: nothing when they already are responsible (a repeated PUT), else a change from whoever was. */
export type AssignmentDecision = { change: false } | { change: true; previousAssignee: string | null };

export function decideAssignment(state: ResponsibilityState, responsibility: Responsibility, assignee: string): AssignmentDecision {
  assertCaseOpen(state.status, `assigned a responsible ${responsibility}`);
  const current = state.responsible[responsibility];
  return current === assignee ? { change: false } : { change: true, previousAssignee: current };
}
