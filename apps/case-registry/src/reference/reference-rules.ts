/** Pure rules of the reference data (regions, districts, agencies, offences); no framework, no database. */
import { FieldProblem } from '@icjims/contracts';

export const AGENCY_KINDS = ['police', 'prosecutor', 'tax_and_customs', 'border_guard', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Region codes are what tokens carry in their `region` claim. */
export const REGION_CODE = /^[A-Za-z0-9-]{1,16}$/;
/** District and agency codes: short, URL- and CSV-safe. */
export const LOCAL_CODE = /^[A-Za-z0-9_-]{1,32}$/;
/** An article with its part/paragraph: "113", "199-1", "121-2-3". */
export const ARTICLE = /^[0-9]{1,4}[a-z]?(-[0-9]{1,3}){0,3}$/;
/** An ICCS code at any level: section (2 digits) to class (6 digits). */
export const ICCS_CODE = /^[0-9]{2,6}$/;

/** One problem for every item whose key already appeared earlier in the list. */
export function duplicateProblems(keys: string[], path: string, field: string): FieldProblem[] {
  const seen = new Set<string>();
  return keys.flatMap((key, index) => {
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [{ field: `${path}.${index}.${field}`, reason: `${field} ${key} appears more than once` }];
  });
}

/** The ICCS section must be the one the code belongs to: its first two digits, then its name. */
export function iccsSectionProblem(iccsCode: string, iccsSection: string, path: string): FieldProblem | undefined {
  const section = iccsCode.slice(0, 2);
  if (new RegExp(`^${section} \\S`).test(iccsSection)) return undefined;
  return { field: `${path}.iccsSection`, reason: `iccsSection must start with the code's section "${section}" and a space, then its name` };
}

/** A code may not be both upserted and removed in one request. */
export function removalProblems(upserted: string[], remove: string[]): FieldProblem[] {
  const listed = new Set(upserted);
  return remove.flatMap((code, index) => (listed.has(code) ? [{ field: `remove.${index}`, reason: `${code} is both listed and to be removed` }] : []));
}
