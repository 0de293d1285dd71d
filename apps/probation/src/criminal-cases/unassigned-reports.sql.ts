import type { OfficeTakes } from '../domain';

/**
 * The SQL condition "a pre-sentence report `s` not yet assigned that this office takes", as
 * domain/allocation.ts decides (`takes`), for the lists that show such reports: the report's
 * criminal case's district (`criminal_case_places`, joined as `p` on the case and the report's
 * region, so a case moved to another region counts as a place not known). `bind` adds a parameter.
 */
export const PLACE_JOIN = `LEFT JOIN criminal_case_places p ON p.case_id = s.case_id AND p.region = s.region`;

export function unassignedReportTakenBy(office: OfficeTakes, bind: (value: unknown) => string): string {
  const rest = office.takesTheRest ? ` OR p.district IS NULL OR NOT (p.district = ANY(${bind(office.listedInRegion)}::text[]))` : '';
  return `(s.office IS NULL AND s.stream = 'pre_sentence_report' AND s.region = ${bind(office.region)} AND (p.district = ANY(${bind(office.districts)}::text[])${rest}))`;
}
