import { ConfigError } from '@icjims/platform';
import { DEFAULT_OPEN_DATA_MAX_AGE, readOpenDataMaxAge, strongEtag } from './open-data-cache';

describe('ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS', () => {
  it('is 300 seconds when not set', () => {
    expect(readOpenDataMaxAge({})).toBe(DEFAULT_OPEN_DATA_MAX_AGE);
    expect(readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: '' })).toBe(300);
  });

  it('takes whole seconds from 0 (revalidate every time) to a day', () => {
    expect(readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: '0' })).toBe(0);
    expect(readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: '60' })).toBe(60);
    expect(readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: '86400' })).toBe(86_400);
  });

  it.each(['-1', '1.5', '5m', ' 60', '86401', '999999', 'true'])('stops the start on %p, naming the variable', (raw) => {
    expect(() => readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: raw })).toThrow(ConfigError);
    expect(() => readOpenDataMaxAge({ ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS: raw })).toThrow(/ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS must be an integer from 0 to 86400/);
  });
});

describe('strongEtag', () => {
  const CSV = 'period,value,status\r\n2026-01,4,\r\n';

  it('is a quoted tag without W/, the same for the same bytes in the same format and language', () => {
    const tag = strongEtag(['text/csv; charset=utf-8', 'en'], CSV);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEtag(['text/csv; charset=utf-8', 'en'], CSV)).toBe(tag);
  });

  it('differs when one byte, the format or the language differs', () => {
    const tag = strongEtag(['text/csv; charset=utf-8', 'en'], CSV);
    expect(strongEtag(['text/csv; charset=utf-8', 'en'], CSV.replace('4', '5'))).not.toBe(tag);
    expect(strongEtag(['application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8', 'en'], CSV)).not.toBe(tag);
    expect(strongEtag(['text/csv; charset=utf-8', 'ru'], CSV)).not.toBe(tag);
  });

  it('keeps the parts apart: moving text from one to the next is another tag', () => {
    expect(strongEtag(['text/csv', 'en'], 'x')).not.toBe(strongEtag(['text/csv', ''], 'en\nx'));
  });
});
