import type { Labels } from './pack';

/**
 * Choosing the language of a response from `Accept-Language` (RFC 9110 § 12.5.4) by the
 * "lookup" scheme of RFC 4647 § 3.4: each range, best q first, is shortened from the right
 * until it names a supported language (`ru-KG` finds `ru`); `*` (what HTTP clients such as
 * fetch send by default) takes English, the fallback, unless q=0 rules it out, then the first
 * supported language left; q=0 rules a language out. Headers come from anyone: a malformed element is
 * skipped, never an error, and only the first MAX_RANGES elements are read.
 */

export const FALLBACK_LANGUAGE = 'en';
const MAX_HEADER_LENGTH = 4096;
const MAX_RANGES = 64;
const RANGE = /^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/i;
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

interface WeightedRange {
  range: string;
  q: number;
}

function parseRanges(header: string): WeightedRange[] {
  const ranges: WeightedRange[] = [];
  for (const element of header.slice(0, MAX_HEADER_LENGTH).split(',', MAX_RANGES)) {
    const [range, ...parameters] = element.split(';').map((part) => part.trim());
    if (!RANGE.test(range)) continue;
    let q = 1;
    let valid = true;
    for (const parameter of parameters) {
      const [name, value = ''] = parameter.split('=').map((part) => part.trim());
      if (name.toLowerCase() !== 'q') continue;
      valid = QVALUE.test(value);
      q = Number(value);
    }
    if (valid) ranges.push({ range: range.toLowerCase(), q });
  }
  return ranges;
}

/** The supported language a range finds by lookup, shortening it tag by tag. */
function lookup(range: string, supported: readonly string[]): string | undefined {
  for (let tag = range; tag; tag = tag.slice(0, Math.max(0, tag.lastIndexOf('-')))) {
    const found = supported.find((language) => language.toLowerCase() === tag);
    if (found) return found;
  }
  return undefined;
}

/** The best supported language for an `Accept-Language` header; `en` when none is acceptable. Never throws. */
export function negotiateLanguage(acceptLanguage: string | undefined, supported: readonly string[]): string {
  if (typeof acceptLanguage !== 'string') return FALLBACK_LANGUAGE;
  const ranges = parseRanges(acceptLanguage);
  const excluded = new Set(ranges.filter(({ q }) => q === 0).map(({ range }) => range));
  const allowed = supported.filter((language) => !excluded.has(language.toLowerCase()));
  // A stable sort keeps the header's order among equal weights.
  for (const { range } of ranges.filter(({ q }) => q > 0).sort((a, b) => b.q - a.q)) {
    const found = range === '*' ? (allowed.find((language) => language === FALLBACK_LANGUAGE) ?? allowed[0]) : lookup(range, allowed);
    if (found) return found;
  }
  return FALLBACK_LANGUAGE;
}

/** The label in `language`, else the English one. */
export function label(labels: Labels, language: string): string {
  return (Object.hasOwn(labels, language) && labels[language]) || labels.en;
}
