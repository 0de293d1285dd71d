import { label, negotiateLanguage } from './languages';

const KG = ['ky', 'ru', 'en'];

describe('negotiateLanguage', () => {
  it.each([
    ['one supported language', 'ru', 'ru'],
    ['a regional variant, by lookup', 'ru-KG', 'ru'],
    ['a longer tag shortened tag by tag', 'ky-Cyrl-KG', 'ky'],
    ['the highest q, whatever the order', 'en;q=0.5, ky;q=0.9, ru;q=0.7', 'ky'],
    ['the first of equal weights', 'ru, ky', 'ru'],
    ['the first supported one in the list', 'de-DE, fr;q=0.9, ru;q=0.8', 'ru'],
    ['* as English, the fallback', 'de, *;q=0.5', 'en'],
    ['* after q=0 rules English out', 'en;q=0, *', 'ky'],
    ['* still English when q=0 rules another language out', 'ky;q=0, *', 'en'],
    ['q=0 ruling a language out', 'ru;q=0, en;q=0.1', 'en'],
    ['case-insensitive tags and parameters', 'RU-kg;Q=0.8', 'ru'],
    ['spaces around parts', '  ky ; q = 0.9 ,ru', 'ru'],
    ['q with three decimals', 'ru;q=0.001, ky;q=0.002', 'ky'],
    ['other parameters ignored', 'ky;level=1;q=0.4, ru;q=0.3', 'ky'],
  ])('chooses %s', (_scenario, header, expected) => {
    expect(negotiateLanguage(header, KG)).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['nothing supported', 'de, fr;q=0.5'],
    ['garbage', '%%%;;;,,,==='],
    ['q out of range', 'ru;q=2, ky;q=-1'],
    ['q not a number', 'ru;q=abc, ky;q='],
    ['q with four decimals', 'ru;q=0.0001'],
    ['everything excluded', '*;q=0'],
    ['only excluded languages', 'ky;q=0, ru;q=0.0'],
    ['a tag with a subtag longer than 8', 'ru-abcdefghi'],
    ['control characters', 'ru\u0000\n'],
  ])('falls back to en for %s', (_scenario, header) => {
    expect(negotiateLanguage(header, KG)).toBe('en');
  });

  it('answers a huge header quickly, reading only its start', () => {
    const header = `${'xx;q=0.1, '.repeat(200_000)}ky`;
    const started = Date.now();
    expect(negotiateLanguage(header, KG)).toBe('en');
    expect(negotiateLanguage(`ky, ${header}`, KG)).toBe('ky');
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('never throws on values that are not strings', () => {
    expect(negotiateLanguage(42 as unknown as string, KG)).toBe('en');
  });

  it('answers the supported tag as the pack writes it', () => {
    expect(negotiateLanguage('kk-kz', ['kk', 'ru', 'en'])).toBe('kk');
  });
});

describe('label', () => {
  const labels = { en: 'Custody', ru: 'Заключение под стражу', ky: 'Камакка алуу' };

  it('gives the label in the language', () => {
    expect(label(labels, 'ru')).toBe('Заключение под стражу');
  });

  it.each(['de', '', 'constructor', '__proto__', 'toString'])('falls back to en for %j', (language) => {
    expect(label(labels, language)).toBe('Custody');
  });
});
