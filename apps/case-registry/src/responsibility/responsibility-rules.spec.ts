import { RuleViolationError } from '@icjims/contracts';
import { decideAssignment, ResponsibilityState } from './responsibility-rules';

function caseState(overrides: Partial<ResponsibilityState> = {}): ResponsibilityState {
  return { status: 'under_investigation', responsible: { prosecutor: null, investigator: null }, ...overrides };
}

describe('decideAssignment', () => {
  it('makes the first assignment with no previous assignee', () => {
    expect(decideAssignment(caseState(), 'prosecutor', 'p-1')).toEqual({ change: true, previousAssignee: null });
  });

  it('reassigns from the current assignee', () => {
    const state = caseState({ responsible: { prosecutor: 'p-1', investigator: null } });
    expect(decideAssignment(state, 'prosecutor', 'p-2')).toEqual({ change: true, previousAssignee: 'p-1' });
  });

  it('changes nothing when the assignee already is responsible', () => {
    const state = caseState({ responsible: { prosecutor: 'p-1', investigator: null } });
    expect(decideAssignment(state, 'prosecutor', 'p-1')).toEqual({ change: false });
  });

  it('keeps prosecutor and investigator apart', () => {
    const state = caseState({ responsible: { prosecutor: 'officer-1', investigator: null } });
    expect(decideAssignment(state, 'investigator', 'officer-1')).toEqual({ change: true, previousAssignee: null });
  });

  it('refuses assigning anyone to a closed case', () => {
    expect(() => decideAssignment(caseState({ status: 'closed' }), 'investigator', 'i-1')).toThrow(RuleViolationError);
  });
});
