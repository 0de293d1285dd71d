/**
 * What a national-ID pattern says about the IDs it matches, so that the scheme's positions can
 * be checked: it must compile, be anchored and match one length. Regular expressions are read
 * only as far as ID formats need (literals, escapes, classes, groups, {n}).
 */

/**
 * The length of every string an anchored pattern's body matches, when it is one length:
 * literals, escapes, classes, groups with equally long alternatives and {n} quantifiers.
 * Undefined for anything else (*, +, ?, {n,m}, lookarounds, back-references).
 */
function fixedLength(body: string): number | undefined {
  let index = 0;
  const quantifier = (): number | undefined => {
    const braces = /^\{(\d+)(?:,(\d*))?\}/.exec(body.slice(index));
    if (braces) {
      index += braces[0].length;
      return braces[2] === undefined || braces[2] === braces[1] ? Number(braces[1]) : undefined;
    }
    return index < body.length && '*+?'.includes(body[index]) ? undefined : 1;
  };
  const atom = (): number | undefined => {
    const char = body[index++];
    if (char === '\\') {
      const escaped = body[index];
      if (/[1-9k]/.test(escaped ?? '')) return undefined;
      index += escaped === 'u' ? 5 : escaped === 'x' ? 3 : 1;
      return 1;
    }
    if (char === '[') {
      let end = index + (body[index] === '^' ? 1 : 0);
      if (body[end] === ']') end++;
      while (end < body.length && body[end] !== ']') end += body[end] === '\\' ? 2 : 1;
      index = end + 1;
      return end < body.length ? 1 : undefined;
    }
    if (char === '(') {
      if (body.startsWith('?:', index)) index += 2;
      else if (body[index] === '?') return undefined;
      const length = alternatives();
      return body[index++] === ')' ? length : undefined;
    }
    return '*+?{}^$)|'.includes(char) ? undefined : 1;
  };
  const sequence = (): number | undefined => {
    let total = 0;
    while (index < body.length && body[index] !== '|' && body[index] !== ')') {
      const length = atom();
      const times = length === undefined ? undefined : quantifier();
      if (length === undefined || times === undefined) return undefined;
      total += length * times;
    }
    return total;
  };
  const alternatives = (): number | undefined => {
    const lengths = [sequence()];
    while (body[index] === '|') {
      index++;
      lengths.push(sequence());
    }
    return lengths.every((length) => length !== undefined && length === lengths[0]) ? lengths[0] : undefined;
  };
  const length = sequence();
  return index === body.length ? length : undefined;
}

/** Whether `a|b` splits the whole body, so that ^ and $ would anchor only one side. */
function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '\\') index++;
    else if (char === '[') while (index < body.length && body[index] !== ']') index += body[index] === '\\' ? 2 : 1;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

/** The one length of the IDs an anchored pattern matches, or why it has none. */
export function analysePattern(pattern: string): { length: number } | { reason: string } {
  try {
    new RegExp(pattern);
  } catch (error) {
    return { reason: `is not a valid regular expression (${(error as Error).message})` };
  }
  const body = pattern.slice(1, -1);
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$') || hasTopLevelAlternation(body)) {
    return { reason: 'must be anchored: ^ at the start, $ at the end, no | outside a group' };
  }
  const length = fixedLength(body);
  return length === undefined ? { reason: 'must match IDs of one fixed length, so that positions can point into them' } : { length };
}
