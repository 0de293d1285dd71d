import { caseNumberOf } from './case-number';

describe('caseNumberOf', () => {
  const scheme = { format: '{region}-{year}-{sequence}', sequenceDigits: 6 };

  it('writes region, year and the zero-padded sequence where the format puts them', () => {
    expect(caseNumberOf(scheme, 'KG-GB', 2026, 42)).toBe('KG-GB-2026-000042');
    expect(caseNumberOf({ format: '{sequence}/{year}.{region}', sequenceDigits: 8 }, 'KZ-75', 2026, 42)).toBe('00000042/2026.KZ-75');
  });

  it('keeps every digit of a sequence longer than its padding', () => {
    expect(caseNumberOf(scheme, 'KG-GB', 2026, 1_000_000)).toBe('KG-GB-2026-1000000');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses sequence %p', (sequence) => {
    expect(() => caseNumberOf(scheme, 'KG-GB', 2026, sequence)).toThrow(RangeError);
  });
});
