import { ARTICLE, duplicateProblems, iccsSectionProblem, removalProblems } from './reference-rules';

describe('duplicateProblems', () => {
  it('accepts distinct keys', () => {
    expect(duplicateProblems(['KG-GB', 'KG-C'], 'regions', 'code')).toEqual([]);
  });

  it('names every repetition after the first by its position', () => {
    expect(duplicateProblems(['a', 'b', 'a', 'a'], 'agencies', 'code')).toEqual([
      { field: 'agencies.2.code', reason: 'code a appears more than once' },
      { field: 'agencies.3.code', reason: 'code a appears more than once' },
    ]);
  });
});

describe('iccsSectionProblem', () => {
  it('accepts the section named after the code’s first two digits', () => {
    expect(iccsSectionProblem('0502', '05 Acts against property only', 'offences.0')).toBeUndefined();
  });

  it.each([
    ['another section', '04 Acts against property involving violence'],
    ['a section without its name', '05'],
    ['a name without the section', 'Acts against property only'],
  ])('refuses %s', (_label, section) => {
    expect(iccsSectionProblem('0502', section, 'offences.3')).toEqual({
      field: 'offences.3.iccsSection',
      reason: 'iccsSection must start with the code\'s section "05" and a space, then its name',
    });
  });
});

describe('ARTICLE', () => {
  it.each(['113', '209-1', '121-2-3', '133a-1'])('accepts %s', (article) => {
    expect(ARTICLE.test(article)).toBe(true);
  });

  it.each(['', '199 1', '§199', '199-', '-1'])('refuses %p', (article) => {
    expect(ARTICLE.test(article)).toBe(false);
  });
});

describe('removalProblems', () => {
  it('refuses a code that is listed and removed at once', () => {
    expect(removalProblems(['PR-GB', 'GKNB-KG'], ['ENV', 'GKNB-KG'])).toEqual([{ field: 'remove.1', reason: 'GKNB-KG is both listed and to be removed' }]);
  });

  it('accepts removals of codes not listed', () => {
    expect(removalProblems(['PR-GB'], ['GKNB-KG'])).toEqual([]);
  });
});
