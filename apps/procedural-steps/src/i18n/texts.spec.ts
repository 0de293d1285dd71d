import { BUILT_IN_PACKS, JurisdictionPack } from '@icjims/jurisdiction';
import { STEP_CATALOGUE } from '../step-types/step-catalogue';
import en from './en.json';
import { fill, stepTitle, TEXT_LANGUAGES, textsIn, timelineText } from './texts';

const PACK_LANGUAGES = [...new Set(Object.values(BUILT_IN_PACKS).flatMap((pack) => (pack as JurisdictionPack).languages))].sort();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the service’s texts (i18n/<language>.json)', () => {
  it('has a file for every language the three packs use', () => {
    expect([...TEXT_LANGUAGES].sort()).toEqual(expect.arrayContaining(PACK_LANGUAGES));
  });

  it.each(PACK_LANGUAGES)('gives every step type a title, and every field a description, in %s', (language) => {
    for (const spec of STEP_CATALOGUE) {
      const texts = textsIn(language).stepTypes[spec.code];
      expect({ code: spec.code, title: texts?.title?.trim() || undefined }).toEqual({ code: spec.code, title: expect.any(String) });
      expect(Object.keys(texts.fields).sort()).toEqual(spec.fields.map((field) => field.name).sort());
    }
  });

  it('takes English from the catalogue: en.json says what step-catalogue.ts says', () => {
    for (const spec of STEP_CATALOGUE) {
      expect(en.stepTypes[spec.code as keyof typeof en.stepTypes]).toEqual({ title: spec.title, fields: Object.fromEntries(spec.fields.map((field) => [field.name, field.description])) });
    }
  });

  it.each(PACK_LANGUAGES)('has every other text of en.json in %s, with the same placeholders', (language) => {
    const texts = textsIn(language);
    for (const group of ['fallbackNotes', 'problemTitles', 'timeline'] as const) {
      const english = en[group] as Record<string, string>;
      const translated = texts[group] as Record<string, string>;
      expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
      for (const key of Object.keys(english)) expect([group, key, placeholders(translated[key])]).toEqual([group, key, placeholders(english[key])]);
    }
  });

  it('falls back to English for a language it has no texts in, and to the code for an unknown step type', () => {
    expect(stepTitle('detention', 'de')).toBe('Detention');
    expect(stepTitle('detention', 'ru')).toBe('Задержание');
    expect(stepTitle('pardon', 'ru')).toBe('pardon');
  });

  it('fills placeholders once, leaving unknown ones and braces in values alone', () => {
    expect(fill('{a} and {b}', { a: '{b}' })).toBe('{b} and {b}');
    expect(timelineText('ky', 'heading', { caseNumber: 'KG-GB-2026-000001' })).toBe('KG-GB-2026-000001 ишинин процесстик журналы');
  });
});
