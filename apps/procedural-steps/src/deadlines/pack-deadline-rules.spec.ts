import { BUILT_IN_PACKS, JurisdictionPack, loadJurisdiction } from '@icjims/jurisdiction';
import { deadlineRuleProblems } from './deadline-rules';
import { LEGAL_REFERENCE_MAX_LENGTH, legalReferenceOf, ruleOfPack, rulesOfPack, sourceShortName } from './pack-deadline-rules';

describe('deadline rules from a jurisdiction pack', () => {
  it('names a source by its pack id without country and year', () => {
    expect(sourceShortName('kg-ccp-2021', 'KG')).toBe('CCP');
    expect(sourceShortName('kg-constitution-2021', 'KG')).toBe('Constitution');
    expect(sourceShortName('ee-pc', 'EE')).toBe('PC');
    expect(sourceShortName('ccp', 'KG')).toBe('CCP');
  });

  it('formats citations as "CCP art. 96 part 1 — note", several joined', () => {
    expect(legalReferenceOf([{ source: 'kg-ccp-2021', article: '96', part: '1', note: 'detention of a suspect' }], 'KG')).toBe('CCP art. 96 part 1 — detention of a suspect');
    expect(
      legalReferenceOf(
        [
          { source: 'ee-constitution', article: '21', part: '2' },
          { source: 'ee-ccp', article: '131¹' },
        ],
        'EE',
      ),
    ).toBe('Constitution art. 21 part 2; CCP art. 131¹');
  });

  it('cuts a long reference with an ellipsis at the length a rule holds', () => {
    const text = legalReferenceOf([{ source: 'kg-ccp-2021', article: '114', note: 'x'.repeat(400) }], 'KG');
    expect(text).toHaveLength(LEGAL_REFERENCE_MAX_LENGTH);
    expect(text.startsWith('CCP art. 114 — xxx')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  it('takes the English label as the title and keeps every label', () => {
    const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
    const rule = ruleOfPack(kg.deadlineRule('detention_court_decision')!, kg.pack);
    expect(rule).toMatchObject({
      code: 'detention_court_decision',
      title: kg.deadlineRule('detention_court_decision')!.labels.en,
      labels: { en: expect.any(String), ky: expect.any(String), ru: expect.any(String) },
      legalReference: expect.stringMatching(/^CCP art\. 114 part 1 — /),
      term: { amount: 48, unit: 'hours' },
    });
  });

  it.each(Object.keys(BUILT_IN_PACKS))('turns every rule of the %s pack into one the rules table accepts', (code) => {
    const pack = BUILT_IN_PACKS[code] as JurisdictionPack;
    for (const rule of rulesOfPack(pack)) expect(deadlineRuleProblems(JSON.parse(JSON.stringify(rule)), { languages: pack.languages })).toEqual([]);
  });

  it('refuses labels in a language the pack does not have, naming it', () => {
    const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
    const rule = { ...rulesOfPack(kg.pack)[0], labels: { en: 'Detention', de: 'Festnahme' } };
    expect(deadlineRuleProblems(rule, { languages: kg.languages })).toEqual([{ field: 'labels.de', reason: 'labels.de: the jurisdiction’s languages are ky, ru, en' }]);
    expect(deadlineRuleProblems({ ...rule, labels: { ru: 'Задержание' } }, { languages: kg.languages }).map((problem) => problem.field)).toEqual(['labels.en']);
  });
});
