import { ARTICLE, duplicateProblems, iccsSectionProblem, labelsAfterPut, packCodeProblem, removalProblems } from './reference-rules';

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

describe('labelsAfterPut', () => {
  const languages = ['ky', 'ru', 'en'];

  it('lays the given labels over the stored ones and takes name as the English one', () => {
    expect(labelsAfterPut({ labels: { ru: 'Новое' } }, { en: 'Old', ky: 'Эски', ru: 'Старое' }, languages, 'agencies.0')).toEqual({
      labels: { en: 'Old', ky: 'Эски', ru: 'Новое' },
      problems: [],
    });
    expect(labelsAfterPut({ name: 'New', labels: { en: 'Ignored' } }, undefined, languages, 'agencies.0').labels).toEqual({ en: 'New' });
  });

  it('names a language the pack does not have, and a text that is not one', () => {
    expect(labelsAfterPut({ name: 'A', labels: { de: 'B', ru: '' } }, undefined, languages, 'regions.1.districts.0').problems).toEqual([
      { field: 'regions.1.districts.0.labels.de', reason: 'labels.de: the jurisdiction pack has no language "de"; its languages are ky, ru, en' },
      { field: 'regions.1.districts.0.labels.ru', reason: 'labels.ru must be a text of 1–200 characters' },
    ]);
  });

  it('wants an English label for a new item, named by the item’s name field', () => {
    expect(labelsAfterPut({ labels: { ru: 'Тест' } }, undefined, languages, 'offences.2', 'title').problems).toEqual([
      { field: 'offences.2.title', reason: 'title (or labels.en) is required for a new item' },
    ]);
  });
});

describe('packCodeProblem', () => {
  it('accepts one of the pack’s codes and names the others', () => {
    expect(packCodeProblem('grave', ['minor', 'grave'], 'offences.0.severity', 'severity classes')).toBeUndefined();
    expect(packCodeProblem('misdemeanour', ['minor', 'grave'], 'offences.0.severity', 'severity classes')).toEqual({
      field: 'offences.0.severity',
      reason: "severity must be one of the jurisdiction pack's severity classes: minor, grave",
    });
  });
});
