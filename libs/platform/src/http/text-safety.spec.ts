import { bodyTextProblems, escapeForTrail, MAX_JSON_DEPTH, namedTextProblems, textFault, TRUNCATION_MARKER } from './text-safety';

/** An object nested `depth` levels deep: {"a":{"a":…{}}}. */
function nested(depth: number): unknown {
  let value: unknown = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

describe('textFault', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a line break', 'a\nb'],
    ['a tab', 'a\tb'],
    ['ESC', '\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
  ])('refuses %s in an identifier, key or query value', (_scenario, text) => {
    expect(textFault(text, false)).toBe('must not contain control characters');
  });

  it('lets free text hold TAB, LF and CR but no other control character', () => {
    expect(textFault('line one\r\n\tline two', true)).toBeUndefined();
    expect(textFault('a\u0000b', true)).toBe('must not contain control characters');
    expect(textFault('a\u000bb', true)).toBe('must not contain control characters');
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'ab\ud83d'],
  ])('refuses %s', (_scenario, text) => {
    expect(textFault(text, true)).toBe('must not contain unpaired UTF-16 surrogates');
  });

  it('accepts letters of any script, emoji and typographic punctuation', () => {
    expect(textFault('Žanna Öö — Кыргызстан 😀 “quoted”', false)).toBeUndefined();
  });
});

describe('escapeForTrail', () => {
  it('leaves plain text as it is', () => {
    expect(escapeForTrail('/api/v1/cases/:caseId', 256)).toBe('/api/v1/cases/:caseId');
  });

  it('writes controls and unpaired surrogates as \\uXXXX, and a backslash doubled so that an escape is never ambiguous', () => {
    expect(escapeForTrail('a\u0000b\nc\ud800\\u0000', 256)).toBe('a\\u0000b\\u000ac\\ud800\\\\u0000');
  });

  it('cuts long text to the limit and marks the cut', () => {
    const kept = escapeForTrail('x'.repeat(300), 256);
    expect(kept).toHaveLength(256);
    expect(kept.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('never cuts inside an escape or a surrogate pair', () => {
    const escapes = escapeForTrail('\u0000'.repeat(100), 16);
    expect(escapes).toBe(`${'\\u0000'.repeat(2)}${TRUNCATION_MARKER}`);
    const emoji = escapeForTrail('😀'.repeat(10), 6);
    expect(emoji).toBe(`😀😀${TRUNCATION_MARKER}`);
  });

  it('gives text that JSON, PostgreSQL text and jsonb hold: no NUL, no unpaired surrogate', () => {
    const hostile = '\u0000\ud800\udc00\udc00\n\u2028'.repeat(50);
    const kept = escapeForTrail(hostile, 128);
    expect(kept.length).toBeLessThanOrEqual(128);
    expect(textFault(kept, false)).toBeUndefined();
  });
});

describe('bodyTextProblems', () => {
  it('names a string field holding a NUL, by its path', () => {
    expect(bodyTextProblems({ offence: { article: '121\u0000' }, persons: [{ name: 'ok' }, { name: 'x\u0001' }] })).toEqual([
      { field: 'offence.article', reason: 'offence.article must not contain control characters' },
      { field: 'persons.1.name', reason: 'persons.1.name must not contain control characters' },
    ]);
  });

  it('names a key holding a control character, escaped', () => {
    expect(bodyTextProblems({ 'label\u0000': 'x', nested: { 'a\nb': 1 } })).toEqual([
      { field: 'label\\u0000', reason: 'property names must not contain control characters' },
      { field: 'nested.a\\u000ab', reason: 'property names must not contain control characters' },
    ]);
  });

  it('lets descriptions hold line breaks and tabs', () => {
    expect(bodyTextProblems({ description: 'first line\r\n\tsecond line', count: 3, flag: null })).toEqual([]);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    expect(bodyTextProblems(nested(MAX_JSON_DEPTH))).toEqual([]);
    expect(bodyTextProblems(nested(MAX_JSON_DEPTH + 1))).toEqual([
      { field: expect.stringMatching(/^a(\.a)+$/), reason: `the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  });

  it('stops early on a very deep body and lists at most ten problems', () => {
    expect(bodyTextProblems(nested(20_000))).toHaveLength(1);
    expect(bodyTextProblems(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(10);
  });
});

describe('namedTextProblems', () => {
  it('names a parameter whose value, or one of whose values, holds a control character', () => {
    expect(namedTextProblems({ status: 'open', region: 'KG-GB\u0000', tag: ['a', 'b\n'] }, 'query parameter')).toEqual([
      { field: 'region', reason: 'region must not contain control characters' },
      { field: 'tag', reason: 'tag must not contain control characters' },
    ]);
  });

  it('names a parameter whose name holds one, escaped', () => {
    expect(namedTextProblems({ 'sta\u0000tus': 'open' }, 'query parameter')).toEqual([
      { field: 'sta\\u0000tus', reason: 'query parameter names must not contain control characters' },
    ]);
  });
});
