import type { ProbationEntryType } from '@icjims/contracts';
import type { ProbationEntry } from './entries';
import type { PreSentenceReportState, ProbationCaseState, ProbationStreamState } from './stream-state';

/** The entry types of each stream. */
export const REPORT_ENTRY_TYPES = ['report_requested', 'report_amended', 'allocated', 'report_section_drafted', 'report_submitted', 'report_withdrawn', 'deadline_breached'] as const satisfies readonly ProbationEntryType[];
export const CASE_ENTRY_TYPES = [
  'opened', 'amended', 'annulled', 'allocated', 'plan_set', 'contact_scheduled', 'contact_recorded', 'community_work_logged', 'assessment_recorded',
  'violation_recorded', 'violation_responded', 'court_submitted', 'court_decided', 'absconded', 'found', 'ended', 'deadline_breached',
] as const satisfies readonly ProbationEntryType[];

/**
 * The state after an accepted entry. Pure and total over the entries decide returns; the
 * deadlines are folded apart (deadlines.ts), since they need the pack's rules and zone.
 */
export function evolve<S extends ProbationStreamState>(state: S, recorded: ProbationEntry): S {
  const next = state.stream === 'probation_case' ? evolveCase(state, recorded) : evolveReport(state, recorded);
  return { ...next, version: state.version + 1 } as S;
}

function evolveCase(state: ProbationCaseState, recorded: ProbationEntry): ProbationCaseState {
  const at = recorded.occurredAt;
  switch (recorded.entryType) {
    case 'opened': {
      const { sourceStepId, caseType, termMonths, startsOn, endsOn, obligations, communityWorkHours } = recorded.details;
      return {
        ...state,
        status: 'active',
        sourceStepId,
        caseType,
        openedAt: at,
        termMonths,
        startsOn,
        endsOn,
        obligations: [...obligations],
        communityWork: communityWorkHours === undefined ? null : { ordered: communityWorkHours, worked: 0 },
      };
    }
    case 'amended': {
      const { termMonths, startsOn, endsOn, personId, caseType, obligations, communityWorkHours } = recorded.details;
      const amended = { ...state, termMonths, startsOn, endsOn, personId: personId ?? state.personId };
      // Older amendments carry no case type: they changed none of the court's other terms.
      if (caseType === undefined) return amended;
      // The hours worked stay worked, even beyond a lowered order (the work is then done); a case
      // corrected into one of no community work keeps no hours (the journal keeps those logged).
      const communityWork = communityWorkHours === undefined ? null : { ordered: communityWorkHours, worked: state.communityWork?.worked ?? 0 };
      return { ...amended, caseType, obligations: [...(obligations ?? state.obligations)], communityWork };
    }
    case 'annulled':
      return { ...state, status: 'annulled', annulment: { correctionStepId: recorded.details.correctionStepId, ground: recorded.details.ground } };
    case 'allocated':
      return { ...state, office: recorded.details.office, officerId: recorded.details.officerId, allocatedAt: at, region: recorded.details.region ?? state.region };
    case 'plan_set':
      return { ...state, plan: recorded.details.items.map((item) => ({ ...item })) };
    case 'contact_scheduled': {
      const { contactId, contactKind, scheduledFor } = recorded.details;
      return { ...state, contacts: { ...state.contacts, [contactId]: { contactKind, scheduledFor } } };
    }
    case 'contact_recorded': {
      const { contactId, outcome, excused } = recorded.details;
      const scheduled = contactId === undefined ? undefined : state.contacts[contactId];
      const contacts = scheduled && contactId !== undefined ? { ...state.contacts, [contactId]: { ...scheduled, outcome, ...(excused !== undefined && { excused }) } } : state.contacts;
      const firstMeetingAt = state.firstMeetingAt ?? (outcome === 'attended' ? at : null);
      const lastAttendedAt = outcome === 'attended' ? at : state.lastAttendedAt;
      return { ...state, contacts, firstMeetingAt, lastAttendedAt, contactsRecorded: state.contactsRecorded + 1 };
    }
    case 'community_work_logged': {
      const work = state.communityWork ?? { ordered: 0, worked: 0 };
      return { ...state, communityWork: { ...work, worked: work.worked + recorded.details.hours } };
    }
    case 'assessment_recorded': {
      const { instrument, instrumentVersion, score, band, nextDueOn } = recorded.details;
      return { ...state, lastAssessment: { instrument, instrumentVersion, score, band, assessedAt: at, ...(nextDueOn !== undefined && { nextDueOn }) } };
    }
    case 'violation_recorded': {
      const { violationId, obligation, violationType, occurredOn } = recorded.details;
      return { ...state, violations: { ...state.violations, [violationId]: { obligation, violationType, occurredOn, responses: [] } } };
    }
    case 'violation_responded': {
      const { violationId, response } = recorded.details;
      const violation = state.violations[violationId];
      if (!violation) return state;
      return { ...state, violations: { ...state.violations, [violationId]: { ...violation, responses: [...violation.responses, response] } } };
    }
    case 'court_submitted': {
      const { submissionId, request, violationId } = recorded.details;
      return { ...state, submissions: { ...state.submissions, [submissionId]: { request, submittedAt: at, ...(violationId !== undefined && { violationId }) } } };
    }
    case 'court_decided': {
      const { submissionId, granted, extensionMonths, endsOn } = recorded.details;
      const submission = state.submissions[submissionId];
      const submissions = submission ? { ...state.submissions, [submissionId]: { ...submission, decision: { granted, decidedAt: at } } } : state.submissions;
      const extended = granted && extensionMonths !== undefined && endsOn !== undefined;
      return { ...state, submissions, ...(extended && { endsOn, extensionMonths: state.extensionMonths + extensionMonths }) };
    }
    case 'absconded':
      return { ...state, status: 'absconded', abscondedSince: recorded.details.since };
    case 'found':
      return { ...state, status: 'active', abscondedSince: null };
    case 'ended':
      return { ...state, status: recorded.details.end, ended: { ...recorded.details } };
    case 'deadline_breached':
      return state; // the clock it breaches is marked by the deadlines' fold
    default:
      throw new TypeError(`${recorded.entryType} is no entry of a probation case`);
  }
}

function evolveReport(state: PreSentenceReportState, recorded: ProbationEntry): PreSentenceReportState {
  const at = recorded.occurredAt;
  switch (recorded.entryType) {
    case 'report_requested': {
      const { sourceStepId, requestedBy, dueOn } = recorded.details;
      return { ...state, status: 'requested', sourceStepId, requestedBy, dueOn, requestedAt: at };
    }
    case 'report_amended':
      return { ...state, dueOn: recorded.details.dueOn, corrections: [...(state.corrections ?? []), recorded.details.correctionStepId] };
    case 'allocated':
      return { ...state, status: state.status === 'requested' ? 'assigned' : state.status, office: recorded.details.office, officerId: recorded.details.officerId, region: recorded.details.region ?? state.region };
    case 'report_section_drafted': {
      const { section } = recorded.details;
      return { ...state, status: 'drafting', sections: state.sections.includes(section) ? state.sections : [...state.sections, section] };
    }
    case 'report_submitted':
      return { ...state, status: 'submitted', recommendation: recorded.details.recommendation, submitted: { submittedAt: at, onTime: recorded.details.onTime } };
    case 'report_withdrawn':
      return { ...state, status: 'withdrawn' };
    case 'deadline_breached':
      return state;
    default:
      throw new TypeError(`${recorded.entryType} is no entry of a pre-sentence report`);
  }
}
