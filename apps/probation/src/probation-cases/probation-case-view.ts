import { assertRegionAccess, Principal } from '@icjims/auth';
import { ForbiddenError } from '@icjims/contracts';
import type { Actor, ProbationCaseState } from '../domain';
import { ProbationCaseDto } from './dto/probation-case.dto';

/**
 * Who may see and work a probation case: the caller's region (a national caller any), and a
 * caller bound to an office that office's cases and the region's not yet allocated ones. Another
 * office's case is refused as another region's is (403), the one rule of the codebase.
 */
export function assertCaseAccess(principal: Principal, where: { region: string; office: string | null }): void {
  assertRegionAccess(principal, where.region);
  if (principal.office !== undefined && where.office !== null && where.office !== principal.office) {
    throw new ForbiddenError(`office ${principal.office} may not access the cases of office ${where.office}`);
  }
}

/** The caller as the domain's actor: their office keeps them to its cases. */
export function actorOf(principal: Principal): Actor {
  return { sub: principal.sub, roles: principal.roles, ...(principal.office !== undefined && { office: principal.office }) };
}

/** The case as the API shows it, from the state kept with the journal's head. */
export function toProbationCaseDto(streamId: string, state: ProbationCaseState, annulledAt: Date | null = null): ProbationCaseDto {
  return {
    id: streamId,
    caseId: state.caseId,
    region: state.region,
    sourceStepId: state.sourceStepId,
    personId: state.personId,
    caseType: state.caseType,
    termMonths: state.termMonths,
    startsOn: state.startsOn,
    endsOn: state.endsOn,
    status: state.status,
    obligations: state.obligations,
    office: state.office,
    officerId: state.officerId,
    communityWork: state.communityWork,
    plan: state.plan,
    contacts: Object.entries(state.contacts).map(([contactId, contact]) => ({ contactId, ...contact })),
    firstMeetingAt: state.firstMeetingAt,
    lastAssessment: state.lastAssessment,
    violations: Object.entries(state.violations).map(([violationId, violation]) => ({ violationId, ...violation })),
    submissions: Object.entries(state.submissions).map(([submissionId, submission]) => ({ submissionId, ...submission })),
    abscondedSince: state.abscondedSince,
    ended: state.ended,
    openedAt: state.openedAt,
    annulledAt: annulledAt?.toISOString() ?? null,
    annulledByStepId: state.annulment?.correctionStepId ?? null,
    annulmentGround: (state.annulment?.ground as ProbationCaseDto['annulmentGround']) ?? null,
    version: state.version,
  };
}
