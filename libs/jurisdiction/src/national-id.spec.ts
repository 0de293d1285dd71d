import ee from '../packs/ee.json';
import kg from '../packs/kg.json';
import kz from '../packs/kz.json';
import { checkNationalId } from './national-id';
import type { NationalIdScheme } from './pack';

/** The Estonian isikukood as the EE pack describes it: GYYMMDDSSSC. */
const EE = ee.nationalId as NationalIdScheme;

/** Kazakhstan's IIN, YYMMDD C SSSS K, written here because the KZ pack may not exist yet. */
const KZ: NationalIdScheme = {
  labels: { en: 'IIN' },
  pattern: '^[0-9]{6}[1-6][0-9]{5}$',
  patternReason: 'must be 12 digits with a century digit of 1 to 6',
  sex: { position: 6, values: { '1': 'male', '2': 'female', '3': 'male', '4': 'female', '5': 'male', '6': 'female' } },
  dateOfBirth: {
    year: { position: 0, length: 2 },
    month: { position: 2, length: 2 },
    day: { position: 4, length: 2 },
    century: { position: 6, values: { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 } },
  },
  checkDigit: { position: 11, modulus: 11, weightRounds: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]], whenTen: 'invalid' },
};

/** The Kyrgyz PIN, S DDMMYYYY NNNNN with no check digit, written here because the KG pack may not exist yet. */
const KG: NationalIdScheme = {
  labels: { en: 'PIN' },
  pattern: '^[12][0-9]{13}$',
  patternReason: 'must be 14 digits starting with 1 or 2',
  sex: { position: 0, values: { '1': 'female', '2': 'male' } },
  dateOfBirth: { day: { position: 1, length: 2 }, month: { position: 3, length: 2 }, year: { position: 5, length: 4 } },
};

const wrong = (reason: string) => ({ problems: [{ field: 'nationalId', reason: `nationalId ${reason}` }] });

describe('checkNationalId with the EE pack’s isikukood', () => {
  it.each([
    ['a man born in 1980', '38001085718', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a woman born in 1994', '49403136515', { dateOfBirth: '1994-03-13', sex: 'female' }],
    ['a check digit from the second weights', '38001080079', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a check digit of 0 after two rounds', '38001081350', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a man born in the 1800s', '18001080001', { dateOfBirth: '1880-01-08', sex: 'male' }],
    ['a girl born on the leap day of 2000', '60002290003', { dateOfBirth: '2000-02-29', sex: 'female' }],
    ['a boy born in the 2100s', '70001010008', { dateOfBirth: '2100-01-01', sex: 'male' }],
  ])('reads %s', (_scenario, id, holder) => {
    expect(checkNationalId(EE, id)).toEqual({ holder, problems: [] });
  });

  it.each([
    ['too short', '3800108571'],
    ['too long', '380010857189'],
    ['letters', '3800108571X'],
    ['spaces', '38001 85718'],
    ['an empty string', ''],
    ['century digit 0', '08001085718'],
    ['century digit 9', '98001085718'],
    ['a trailing line break', '38001085718\n'],
  ])('refuses %s as not 11 digits starting with 1 to 8', (_scenario, id) => {
    expect(checkNationalId(EE, id)).toEqual(wrong('must be 11 digits starting with 1 to 8'));
  });

  it.each([
    ['month 13', '38013080000'],
    ['month 00', '38000080000'],
    ['day 00', '38001000000'],
    ['31 April', '38004310000'],
    ['29 February 1900, not a leap year', '30002290000'],
    ['29 February 2023', '62302290000'],
  ])('refuses %s as no valid date of birth', (_scenario, id) => {
    expect(checkNationalId(EE, id)).toEqual(wrong('does not encode a valid date of birth'));
  });

  it.each(['38001085710', '38001085719', '49403136510'])('refuses %s for its wrong check digit', (id) => {
    expect(checkNationalId(EE, id)).toEqual(wrong('has a wrong check digit'));
  });

  it('accepts a claimed date of birth and sex that agree', () => {
    expect(checkNationalId(EE, '49403136515', { dateOfBirth: '1994-03-13', sex: 'female' }).problems).toEqual([]);
  });

  it('names the date of birth when it disagrees', () => {
    expect(checkNationalId(EE, '49403136515', { dateOfBirth: '1994-03-14', sex: 'female' }).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' },
    ]);
  });

  it.each(['male', 'unknown'] as const)('names the sex when %s is claimed for a woman’s ID', (sex) => {
    expect(checkNationalId(EE, '49403136515', { sex }).problems).toEqual([{ field: 'sex', reason: 'sex does not agree with nationalId' }]);
  });

  it('names both when both disagree, and returns no holder', () => {
    expect(checkNationalId(EE, '38001085718', { dateOfBirth: '1980-08-01', sex: 'female' })).toEqual({
      problems: [
        { field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' },
        { field: 'sex', reason: 'sex does not agree with nationalId' },
      ],
    });
  });

  it('never repeats the ID or the date in a reason', () => {
    const reasons = JSON.stringify(checkNationalId(EE, '38001085710', { dateOfBirth: '1980-01-08' }));
    expect(reasons).not.toContain('3800108571');
    expect(reasons).not.toContain('1980');
  });

  it('refuses a value that is not a string by its pattern', () => {
    expect(checkNationalId(EE, 38001085718 as unknown as string)).toEqual(wrong('must be 11 digits starting with 1 to 8'));
  });
});

describe('checkNationalId with a Kazakh IIN scheme', () => {
  it.each([
    // weights 1..11: 8·1+5·2+0·3+6·4+1·5+5·6+3·7+0·8+0·9+1·10+2·11 = 130; 130 mod 11 = 9
    ['a man born in 1985', '850615300129', { dateOfBirth: '1985-06-15', sex: 'male' }],
    ['a woman born on the leap day of 1992', '920229403454', { dateOfBirth: '1992-02-29', sex: 'female' }],
    ['a boy born in 2000', '000101500011', { dateOfBirth: '2000-01-01', sex: 'male' }],
    ['a girl born in 2005', '051231607778', { dateOfBirth: '2005-12-31', sex: 'female' }],
    ['a man born in the 1800s, his check digit from the second weights', '990101100111', { dateOfBirth: '1899-01-01', sex: 'male' }],
    ['a check digit of 0 from the second weights', '850615300000', { dateOfBirth: '1985-06-15', sex: 'male' }],
  ])('reads %s', (_scenario, id, holder) => {
    expect(checkNationalId(KZ, id)).toEqual({ holder, problems: [] });
  });

  it.each([
    ['11 digits', '85061530012'],
    ['century digit 0', '850615000129'],
    ['century digit 7', '850615700129'],
    ['a letter', '85061530012A'],
  ])('refuses %s by the pattern', (_scenario, id) => {
    expect(checkNationalId(KZ, id)).toEqual(wrong('must be 12 digits with a century digit of 1 to 6'));
  });

  it.each([
    ['29 February 1900', '000229300000'],
    ['month 13', '851315300129'],
  ])('refuses %s as no valid date of birth', (_scenario, id) => {
    expect(checkNationalId(KZ, id)).toEqual(wrong('does not encode a valid date of birth'));
  });

  it.each(['850615300120', '850615300128', '920229403450'])('refuses %s for its wrong check digit', (id) => {
    expect(checkNationalId(KZ, id)).toEqual(wrong('has a wrong check digit'));
  });

  it.each(['0', '5', '9'])('refuses every check digit when the second round gives 10 too (…0005%s)', (digit) => {
    expect(checkNationalId(KZ, `85061530005${digit}`)).toEqual(wrong('has a wrong check digit'));
  });

  it('compares the claimed sex and date of birth', () => {
    expect(checkNationalId(KZ, '920229403454', { dateOfBirth: '1992-02-29', sex: 'male' }).problems).toEqual([
      { field: 'sex', reason: 'sex does not agree with nationalId' },
    ]);
  });
});

describe('checkNationalId with a Kyrgyz PIN scheme (no check digit)', () => {
  it.each([
    ['a man born on 15 May 1985', '21505198500123', { dateOfBirth: '1985-05-15', sex: 'male' }],
    ['a woman born on 1 February 2000', '10102200012345', { dateOfBirth: '2000-02-01', sex: 'female' }],
    ['a woman born on the leap day of 2000', '12902200099999', { dateOfBirth: '2000-02-29', sex: 'female' }],
  ])('reads %s', (_scenario, id, holder) => {
    expect(checkNationalId(KG, id)).toEqual({ holder, problems: [] });
  });

  it.each([
    ['13 digits', '2150519850012'],
    ['sex digit 3', '31505198500123'],
    ['sex digit 0', '01505198500123'],
  ])('refuses %s by the pattern', (_scenario, id) => {
    expect(checkNationalId(KG, id)).toEqual(wrong('must be 14 digits starting with 1 or 2'));
  });

  it.each([
    ['30 February', '23002199000123'],
    ['month 00', '21500198500123'],
    ['29 February 2023', '22902202300123'],
  ])('refuses %s as no valid date of birth', (_scenario, id) => {
    expect(checkNationalId(KG, id)).toEqual(wrong('does not encode a valid date of birth'));
  });

  it('names the date of birth when it disagrees, without repeating it', () => {
    const check = checkNationalId(KG, '21505198500123', { dateOfBirth: '1985-05-16' });
    expect(check).toEqual({ problems: [{ field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' }] });
    expect(JSON.stringify(check)).not.toContain('1985');
  });
});

describe('checkNationalId with a scheme that encodes neither date nor sex', () => {
  const bare: NationalIdScheme = { labels: { en: 'Number' }, pattern: '^[A-Z]{2}[0-9]{6}$', patternReason: 'must be 2 letters and 6 digits' };

  it('checks only the pattern and compares nothing', () => {
    expect(checkNationalId(bare, 'AB123456', { dateOfBirth: '1990-01-01', sex: 'female' })).toEqual({ holder: {}, problems: [] });
    expect(checkNationalId(bare, 'AB12345')).toEqual(wrong('must be 2 letters and 6 digits'));
  });
});

describe('the KG and KZ packs’ schemes', () => {
  it.each([
    ['KG', kg.nationalId, KG, ['21505198500123', '10102200012345', '12902200099999'], ['23002199000123', '31505198500123']],
    ['KZ', kz.nationalId, KZ, ['850615300129', '920229403454', '990101100111', '850615300000'], ['850615300120', '850615300059', '850615000129']],
  ])('%s reads the vectors above as the scheme written here does', (_code, packScheme, inline, valid, invalid) => {
    const scheme = packScheme as NationalIdScheme;
    for (const id of valid) expect(checkNationalId(scheme, id)).toEqual({ holder: checkNationalId(inline, id).holder, problems: [] });
    for (const id of invalid) expect(checkNationalId(scheme, id).problems).toHaveLength(1);
  });
});
