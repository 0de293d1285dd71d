/** Pure rules of the reference data (regions, districts, agencies, offences); no framework, no database. */
import { FieldProblem } from '@icjims/contracts';
import type { Labels } from '@icjims/jurisdiction';

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

export const MAX_LABEL_LENGTH = 200;

/**
 * An item's labels after a PUT: the ones it had, with the given ones laid over them and the
 * English name (`name`/`title`) as `en`. Problems name `<path>.labels.<language>` for a
 * language the pack does not have or a text that is not 1–200 characters, and `<path>.<nameField>`
 * when no English label results.
 */
export function labelsAfterPut(
  item: { labels?: Record<string, unknown>; name?: string },
  had: Labels | undefined,
  languages: readonly string[],
  path: string,
  nameField = 'name',
): { labels?: Labels; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  for (const [language, text] of Object.entries(item.labels ?? {})) {
    const field = `${path}.labels.${language}`;
    if (!languages.includes(language)) {
      problems.push({ field, reason: `labels.${language}: the jurisdiction pack has no language "${language.slice(0, 16)}"; its languages are ${languages.join(', ')}` });
    } else if (typeof text !== 'string' || text.length < 1 || text.length > MAX_LABEL_LENGTH) {
      problems.push({ field, reason: `labels.${language} must be a text of 1–${MAX_LABEL_LENGTH} characters` });
    }
  }
  const labels = { ...had, ...(item.labels as Record<string, string> | undefined), ...(item.name === undefined ? {} : { en: item.name }) };
  if (!labels.en) problems.push({ field: `${path}.${nameField}`, reason: `${nameField} (or labels.en) is required for a new item` });
  return problems.length ? { problems } : { labels: labels as Labels, problems };
}

/** A code the pack defines (a severity class, an agency kind) is one of the pack's. */
export function packCodeProblem(value: string, codes: readonly string[], field: string, what: string): FieldProblem | undefined {
  if (codes.includes(value)) return undefined;
  return { field, reason: `${field.split('.').pop()} must be one of the jurisdiction pack's ${what}: ${codes.join(', ')}` };
}
