import { checkNationalId, nationalIdCheckDigit } from './national-id-rules';

describe('nationalIdCheckDigit', () => {
  it('is the remainder of the first weights when below 10', () => {
    // 3·1 + 8·2 + 1·5 + 8·7 + 5·8 + 7·9 + 1·1 = 184; 184 mod 11 = 8
    expect(nationalIdCheckDigit('3800108571')).toBe(8);
  });

  it('takes the second weights when the first remainder is 10', () => {
    // first: 87 mod 11 = 10; second: 3·3 + 8·4 + 1·7 + 8·9 + 7·3 = 141; 141 mod 11 = 9
    expect(nationalIdCheckDigit('3800108007')).toBe(9);
  });

  it('is 0 when the second remainder is 10 too', () => {
    // first: 120 mod 11 = 10; second: 142 mod 11 = 10
    expect(nationalIdCheckDigit('3800108135')).toBe(0);
  });
});

describe('checkNationalId', () => {
  it.each([
    ['a man born in 1980', '38001085718', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a woman born in 1994', '49403136515', { dateOfBirth: '1994-03-13', sex: 'female' }],
    ['a check digit from the second weights', '38001080079', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a check digit of 0 after two rounds', '38001081350', { dateOfBirth: '1980-01-08', sex: 'male' }],
    ['a man born in the 1800s', '18001080001', { dateOfBirth: '1880-01-08', sex: 'male' }],
    ['a girl born on the leap day of 2000', '60002290003', { dateOfBirth: '2000-02-29', sex: 'female' }],
    ['a boy born in the 2100s', '70001010008', { dateOfBirth: '2100-01-01', sex: 'male' }],
  ])('reads %s', (_scenario, nationalId, holder) => {
    expect(checkNationalId(nationalId)).toEqual({ holder, problems: [] });
  });

  it.each([
    ['too short', '3800108571'],
    ['too long', '380010857189'],
    ['letters', '3800108571X'],
    ['spaces', '38001 85718'],
    ['an empty string', ''],
    ['century digit 0', '08001085718'],
    ['century digit 9', '98001085718'],
  ])('refuses %s as not 11 digits starting with 1 to 8', (_scenario, nationalId) => {
    expect(checkNationalId(nationalId)).toEqual({ problems: [{ field: 'nationalId', reason: 'nationalId must be 11 digits starting with 1 to 8' }] });
  });

  it.each([
    ['month 13', '38013080000'],
    ['month 00', '38000080000'],
    ['day 00', '38001000000'],
    ['31 April', '38004310000'],
    ['29 February 1900, not a leap year', '30002290000'],
    ['29 February 2023', '62302290000'],
  ])('refuses %s as no valid date of birth', (_scenario, nationalId) => {
    expect(checkNationalId(nationalId).problems).toEqual([{ field: 'nationalId', reason: 'nationalId does not encode a valid date of birth' }]);
  });

  it.each(['38001085710', '38001085719', '49403136510'])('refuses %s for its wrong check digit', (nationalId) => {
    expect(checkNationalId(nationalId).problems).toEqual([{ field: 'nationalId', reason: 'nationalId has a wrong check digit' }]);
  });

  it('accepts a claimed date of birth and sex that agree', () => {
    expect(checkNationalId('49403136515', { dateOfBirth: '1994-03-13', sex: 'female' }).problems).toEqual([]);
  });

  it('names the date of birth when it disagrees', () => {
    expect(checkNationalId('49403136515', { dateOfBirth: '1994-03-14', sex: 'female' }).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' },
    ]);
  });

  it.each(['male', 'unknown'] as const)('names the sex when %s is claimed for a woman’s ID', (sex) => {
    expect(checkNationalId('49403136515', { sex }).problems).toEqual([{ field: 'sex', reason: 'sex does not agree with nationalId' }]);
  });

  it('names both when both disagree, and returns no holder', () => {
    expect(checkNationalId('38001085718', { dateOfBirth: '1980-08-01', sex: 'female' })).toEqual({
      problems: [
        { field: 'dateOfBirth', reason: 'dateOfBirth does not agree with nationalId' },
        { field: 'sex', reason: 'sex does not agree with nationalId' },
      ],
    });
  });

  it('never repeats the ID or the date in a reason', () => {
    const reasons = JSON.stringify(checkNationalId('38001085710', { dateOfBirth: '1980-01-08' }));
    expect(reasons).not.toContain('3800108571');
    expect(reasons).not.toContain('1980');
  });
});
