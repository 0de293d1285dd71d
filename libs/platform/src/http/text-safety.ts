import { FieldProblem } from '@icjims/contracts';

// Text a caller sends reaches SQL, logs and the access trail. PostgreSQL text and jsonb cannot
// hold U+0000, jsonb refuses unpaired surrogates, and a line break in an identifier forges log
// lines; so such text is refused at the door, and what the trail keeps of a caller's text is
// escaped and bounded.

/** Unicode control characters (category Cc): C0, DEL and C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same without TAB, LF and CR, which free text (a description) may hold. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_FREE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What escapeForTrail rewrites: controls, unpaired surrogates and the backslash (so an escape is never ambiguous). */
const TO_ESCAPE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}|\\\\`, 'g');

/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 32;
/** Most problems one refusal lists. */
const MAX_PROBLEMS = 10;

/** Why `text` is not acceptable input, or undefined. Free text may hold TAB, LF and CR; identifiers, keys and query values may not. */
export function textFault(text: string, freeText: boolean): string | undefined {
  if ((freeText ? CONTROL_IN_FREE_TEXT : CONTROL).test(text)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/** `text` with controls, unpaired surrogates and backslashes written as \uXXXX / \\ — safe for any log or column. */
export function escapeText(text: string): string {
  return text.replace(TO_ESCAPE, (found) => (found === '\\' ? '\\\\' : `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Ends text that was cut to fit. */
export const TRUNCATION_MARKER = '…';

/**
 * Caller-supplied text as an access entry may keep it: escaped, and at most `max` UTF-16
 * units, cut between characters (never inside an escape or a surrogate pair) and marked.
 */
export function escapeForTrail(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  let kept = '';
  for (const character of text) {
    const piece = escapeText(character);
    if (kept.length + piece.length > max - TRUNCATION_MARKER.length) break;
    kept += piece;
  }
  return kept + TRUNCATION_MARKER;
}

/** A field name as a problem may quote it: escaped and short. */
function fieldName(name: string): string {
  return escapeForTrail(name, 128);
}

/** `prefix.key` for nested fields, `key` at the top. */
function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${fieldName(key)}` : fieldName(key);
}

/**
 * The problems of a parsed JSON body: control characters in a key or (other than TAB, LF,
 * CR) in a string, unpaired surrogates, nesting deeper than MAX_JSON_DEPTH.
 */
export function bodyTextProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (value: unknown, field: string, depth: number): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof value === 'string') {
      const fault = textFault(value, true);
      if (fault) problems.push({ field: field || 'body', reason: `${field || 'body'} ${fault}` });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth > MAX_JSON_DEPTH) {
      problems.push({ field: field || 'body', reason: `the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, item] of entries) {
      const keyFault = Array.isArray(value) ? undefined : textFault(key, false);
      if (keyFault) problems.push({ field: join(field, key), reason: `property names ${keyFault}` });
      else visit(item, join(field, key), depth + 1);
    }
  };
  visit(body, '', 1);
  return problems.slice(0, MAX_PROBLEMS);
}

/** The problems of named text inputs (route parameters, query parameters): the names and the values. */
export function namedTextProblems(values: Record<string, unknown>, kind: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const nameFault = textFault(name, false);
    if (nameFault) {
      problems.push({ field: fieldName(name), reason: `${kind} names ${nameFault}` });
      continue;
    }
    for (const text of Array.isArray(value) ? value : [value]) {
      const fault = typeof text === 'string' ? textFault(text, false) : undefined;
      if (fault) {
        problems.push({ field: name, reason: `${name} ${fault}` });
        break;
      }
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}
