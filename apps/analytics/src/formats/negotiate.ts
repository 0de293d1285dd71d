/**
 * Which format a table is answered in, pure: the path's extension when it names one
 * (`.json`, `.csv`, `.jsonstat`, `.sdmx.csv`), else the Accept header (RFC 9110 §12.5.1: media
 * ranges with q-values, wildcards, the most specific range deciding for a type), else JSON.
 * Undefined when the client accepts none of them: the caller answers 406 and lists
 * TABLE_CONTENT_TYPES.
 *
 * JSON-stat 2.0 names no media type of its own; we answer `application/json-stat+json`, the
 * type JSON-stat clients send in practice, and also take `application/vnd.json-stat+json`.
 * SDMX-CSV 2.0's type is `application/vnd.sdmx.data+csv; version=2.0.0`; a `version`
 * parameter asking for another major version (SDMX-CSV 1.0) does not match it.
 */

export const TABLE_FORMATS = ['json', 'csv', 'json-stat', 'sdmx-csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

interface FormatMedia {
  /** The path extension that asks for it. */
  extension: string;
  /** What the answer's Content-Type says. */
  contentType: string;
  /** The media types (without parameters, lower case) an Accept header may name it by. */
  mediaTypes: readonly string[];
}

/** In the server's order of preference: JSON first, for a client that accepts anything. */
export const TABLE_FORMAT_MEDIA: Readonly<Record<TableFormat, FormatMedia>> = {
  json: { extension: '.json', contentType: 'application/json; charset=utf-8', mediaTypes: ['application/json'] },
  csv: { extension: '.csv', contentType: 'text/csv; charset=utf-8', mediaTypes: ['text/csv'] },
  'json-stat': {
    extension: '.jsonstat',
    contentType: 'application/json-stat+json; charset=utf-8',
    mediaTypes: ['application/json-stat+json', 'application/vnd.json-stat+json'],
  },
  'sdmx-csv': {
    extension: '.sdmx.csv',
    contentType: 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
    mediaTypes: ['application/vnd.sdmx.data+csv'],
  },
};

/** Every Content-Type a table may be answered in, for the OpenAPI document and 406 answers. */
export const TABLE_CONTENT_TYPES: readonly string[] = TABLE_FORMATS.map((format) => TABLE_FORMAT_MEDIA[format].contentType);

/** The SDMX-CSV versions we write: 2, 2.0 or 2.0.0. */
const SDMX_CSV_VERSION = /^2(\.0){0,2}$/;

/**
 * The format a request asks for and the name without its extension: `cases_registered.sdmx.csv`
 * → cases_registered, sdmx-csv. A name without a known extension is returned whole and the
 * Accept header decides.
 */
export function requestedTableFormat(name: string, accept: string | undefined): { name: string; format: TableFormat | undefined } {
  // Longest first: `.sdmx.csv` before `.csv`.
  const byExtension = [...TABLE_FORMATS].sort((a, b) => TABLE_FORMAT_MEDIA[b].extension.length - TABLE_FORMAT_MEDIA[a].extension.length);
  for (const format of byExtension) {
    const { extension } = TABLE_FORMAT_MEDIA[format];
    if (name.length > extension.length && name.endsWith(extension)) return { name: name.slice(0, -extension.length), format };
  }
  return { name, format: negotiateTableFormat(accept) };
}

/** The format an Accept header prefers; JSON when it is absent or names nothing parseable. */
export function negotiateTableFormat(accept: string | undefined): TableFormat | undefined {
  const ranges = parseAccept(accept ?? '');
  if (ranges.length === 0) return 'json';
  let best: { format: TableFormat; q: number; specificity: number } | undefined;
  for (const format of TABLE_FORMATS) {
    const match = bestRange(format, ranges);
    if (!match || match.q === 0) continue;
    // Highest q wins; on a tie the more specific range (the client named the type), then the server's order.
    if (!best || match.q > best.q || (match.q === best.q && match.specificity > best.specificity)) best = { format, ...match };
  }
  return best?.format;
}

interface MediaRange {
  type: string;
  subtype: string;
  parameters: Map<string, string>;
  q: number;
}

/** The most specific range matching one of the format's media types, with its q. */
function bestRange(format: TableFormat, ranges: readonly MediaRange[]): { q: number; specificity: number } | undefined {
  let best: { q: number; specificity: number } | undefined;
  for (const range of ranges) {
    const specificity = Math.max(...TABLE_FORMAT_MEDIA[format].mediaTypes.map((mediaType) => matchSpecificity(format, mediaType, range)));
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && range.q > best.q)) best = { q: range.q, specificity };
  }
  return best;
}

/** -1: no match; 0: any type; 1: any subtype of the type (text/…); 2: the type itself; 3: the type with parameters that fit. */
function matchSpecificity(format: TableFormat, mediaType: string, range: MediaRange): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === '*') return 0;
  if (range.type !== type) return -1;
  if (range.subtype === '*') return 1;
  if (range.subtype !== subtype) return -1;
  const charset = range.parameters.get('charset');
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return -1;
  const version = range.parameters.get('version');
  if (format === 'sdmx-csv' && version !== undefined && !SDMX_CSV_VERSION.test(version)) return -1;
  return range.parameters.size > 0 ? 3 : 2;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

/** The media ranges of an Accept header; a range that does not parse is left out. */
function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const element of splitOutsideQuotes(header, ',')) {
    const [mediaRange, ...parameterTexts] = splitOutsideQuotes(element, ';').map((part) => part.trim());
    const [type, subtype, extra] = mediaRange.toLowerCase().split('/');
    if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    const parameters = new Map<string, string>();
    let q = 1;
    let valid = true;
    for (const text of parameterTexts) {
      const equals = text.indexOf('=');
      const name = text.slice(0, equals).trim().toLowerCase();
      const value = unquote(text.slice(equals + 1).trim());
      if (equals < 1 || !TOKEN.test(name)) valid = false;
      else if (name === 'q') {
        if (QVALUE.test(value)) q = Number(value);
        else valid = false;
      } else parameters.set(name, value);
    }
    if (valid) ranges.push({ type, subtype, parameters, q });
  }
  return ranges;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
