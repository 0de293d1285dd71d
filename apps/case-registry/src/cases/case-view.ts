import { CriminalCase } from './case.entity';
import { CaseDto, CaseLinks, CaseSummaryDto } from './dto/case.dto';

export function toCaseSummary(found: CriminalCase): CaseSummaryDto {
  return {
    id: found.id,
    caseNumber: found.caseNumber,
    region: found.region,
    district: found.district,
    agency: found.agency,
    source: found.source,
    offence: { article: found.offenceArticle, title: found.offenceTitle, severity: found.offenceSeverity, iccsCode: found.iccsCode, iccsSection: found.iccsSection },
    offenceCommittedAt: found.offenceCommittedAt?.toISOString() ?? null,
    receivedAt: found.receivedAt.toISOString(),
    registeredAt: found.registeredAt.toISOString(),
    registeredLate: found.registeredLate,
    registeredBy: found.registeredBy,
    status: found.status,
    statusChangedAt: found.statusChangedAt.toISOString(),
    responsible: { prosecutor: found.responsibleProsecutor, investigator: found.responsibleInvestigator },
  };
}

/** A case that is neither joined nor split off, as every case is when registered. */
export const NO_LINKS: CaseLinks = { joinedInto: null, splitFrom: null };

export function toCaseDto(found: CriminalCase, links: CaseLinks): CaseDto {
  return { ...toCaseSummary(found), ...links, description: found.description };
}
