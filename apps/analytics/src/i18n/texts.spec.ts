import { AGE_BANDS } from '@icjims/contracts';
import { BUILT_IN_PACKS, JurisdictionPack } from '@icjims/jurisdiction';
import { CASE_AGES } from '../flow/case-flow';
import { INDICATOR_CATALOGUE } from '../indicators/indicator-catalogue';
import { BREAKDOWNS } from '../indicators/indicator-definition';
import en from './en.json';
import { ageBandLabel, breakdownLabel, TEXT_LANGUAGES, textsIn, titled } from './texts';

const PACK_LANGUAGES = [...new Set(Object.values(BUILT_IN_PACKS).flatMap((pack) => (pack as JurisdictionPack).languages))].sort();
const keysOf = (value: object): string[] => Object.entries(value).flatMap(([key, inner]) => (typeof inner === 'object' ? keysOf(inner).map((k) => `${key}.${k}`) : [key])).sort();

describe('analytics’ texts (i18n/<language>.json)', () => {
  it('has a file for every language the packs use', () => {
    expect([...TEXT_LANGUAGES].sort()).toEqual(expect.arrayContaining(PACK_LANGUAGES));
  });

  it('labels every breakdown and every age of a case in English', () => {
    expect(Object.keys(en.breakdowns).sort()).toEqual([...BREAKDOWNS].sort());
    expect(Object.keys(en.caseAges).sort()).toEqual([...CASE_AGES].sort());
  });

  it.each(PACK_LANGUAGES)('has every text of en.json in %s, none empty, with the same placeholders', (language) => {
    const texts = textsIn(language);
    expect(keysOf(texts)).toEqual(keysOf(en));
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const [group, entries] of Object.entries(en)) {
      for (const [key, english] of Object.entries(entries as Record<string, string>)) {
        const translated = (texts as unknown as Record<string, Record<string, string>>)[group][key];
        expect([group, key, translated.trim().length > 0, placeholders(translated)]).toEqual([group, key, true, placeholders(english)]);
      }
    }
  });

  it('takes the English titles from the catalogue: en.json says what the definitions say', () => {
    expect(en.indicators).toEqual(Object.fromEntries(INDICATOR_CATALOGUE.map((indicator) => [indicator.code, indicator.title])));
  });

  it('titles an indicator in the language asked for, in English otherwise', () => {
    const indicator = INDICATOR_CATALOGUE.find((candidate) => candidate.code === 'cases_registered')!;
    expect(titled(indicator, 'ru')).toEqual({ ...indicator, title: 'Зарегистрированные уголовные дела' });
    expect(titled(indicator, 'xx')).toEqual(indicator);
  });

  it('writes age bands from their bounds', () => {
    expect(AGE_BANDS.map((band) => ageBandLabel(band, 'en'))).toEqual(['under 14', '14–17', '18–24', '25–34', '35–44', '45–54', '55–64', '65 and over', 'Unknown']);
    expect(['under_14', '65_plus', 'unknown'].map((band) => ageBandLabel(band, 'ru'))).toEqual(['до 14 лет', '65 лет и старше', 'Неизвестно']);
  });

  it('falls back to English, then to the code', () => {
    expect(breakdownLabel('sex', 'ky')).toBe('Жынысы');
    expect(breakdownLabel('sex', 'xx')).toBe('Sex');
    expect(breakdownLabel('shoeSize', 'en')).toBe('shoeSize');
  });
});
