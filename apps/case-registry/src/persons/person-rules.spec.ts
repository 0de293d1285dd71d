import { ConflictError, RuleViolationError } from '@icjims/contracts';
import { assertMergeable, differingFields, MergeCandidate, PersonFacts, PersonInput, preparePerson, statisticalCategories } from './person-rules';

const TODAY = '2026-11-23';

function personInput(overrides: Partial<PersonInput> = {}): PersonInput {
  return { givenName: 'Mari', familyName: 'Maasikas', nationalId: '49403136515', dateOfBirth: '1994-03-13', sex: 'female', ...overrides };
}

function facts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    givenName: 'Mari',
    familyName: 'Maasikas',
    nationalId: '49403136515',
    dateOfBirth: '1994-03-13',
    sex: 'female',
    citizenship: 'EE',
    disability: null,
    address: null,
    ...overrides,
  };
}

describe('preparePerson', () => {
  it('keeps the facts given, absent optional ones as null', () => {
    expect(preparePerson(personInput(), TODAY)).toEqual({ facts: facts({ citizenship: null }), problems: [] });
  });

  it('trims names and address and composes accents into single characters', () => {
    const prepared = preparePerson(personInput({ givenName: '  Ma\u0308rt ', familyName: 'Tamm ', address: ' Tallinn ' }), TODAY);
    expect(prepared.facts).toMatchObject({ givenName: 'M\u00e4rt', familyName: 'Tamm', address: 'Tallinn' });
  });

  it('takes a missing date of birth from the national ID', () => {
    expect(preparePerson(personInput({ dateOfBirth: undefined }), TODAY).facts?.dateOfBirth).toBe('1994-03-13');
  });

  it('accepts a foreigner without a national ID or a date of birth', () => {
    const prepared = preparePerson(personInput({ nationalId: null, dateOfBirth: null, sex: 'unknown', citizenship: 'UA' }), TODAY);
    expect(prepared.facts).toMatchObject({ nationalId: null, dateOfBirth: null, sex: 'unknown', citizenship: 'UA' });
  });

  it('passes on what the national ID check finds', () => {
    expect(preparePerson(personInput({ nationalId: '49403136510' }), TODAY).problems).toEqual([{ field: 'nationalId', reason: 'nationalId has a wrong check digit' }]);
    expect(preparePerson(personInput({ sex: 'male' }), TODAY).problems).toEqual([{ field: 'sex', reason: 'sex does not agree with nationalId' }]);
  });

  it('refuses a date of birth in the future, and accepts today', () => {
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: '2026-11-24' }), TODAY).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth gives a date of birth in the future' },
    ]);
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: TODAY }), TODAY).problems).toEqual([]);
  });

  it('names the national ID when the future date of birth comes from it', () => {
    expect(preparePerson(personInput({ nationalId: '70001010008', dateOfBirth: undefined, sex: 'male' }), TODAY).problems).toEqual([
      { field: 'nationalId', reason: 'nationalId gives a date of birth in the future' },
    ]);
  });

  it('refuses a date of birth before 1900', () => {
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: '1899-12-31' }), TODAY).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth gives a date of birth before 1900-01-01' },
    ]);
  });

  it.each(['ee', 'QQ', 'EST'])('refuses the citizenship %p', (citizenship) => {
    expect(preparePerson(personInput({ citizenship }), TODAY).problems).toEqual([
      { field: 'citizenship', reason: 'citizenship must be an ISO 3166-1 alpha-2 country code, or XX for stateless' },
    ]);
  });

  it('lists every problem at once', () => {
    const prepared = preparePerson(personInput({ dateOfBirth: '2030-01-01', citizenship: 'QQ' }), TODAY);
    expect(prepared.problems.map((problem) => problem.field)).toEqual(['dateOfBirth', 'dateOfBirth', 'citizenship']);
  });
});

describe('differingFields', () => {
  it('finds no difference in the same facts', () => {
    expect(differingFields(facts(), facts())).toEqual([]);
  });

  it('ignores letter case in names but not accents', () => {
    expect(differingFields(facts(), facts({ givenName: 'MARI', familyName: 'maasikas' }))).toEqual([]);
    expect(differingFields(facts(), facts({ givenName: 'Märi', familyName: 'Mustikas' }))).toEqual(['givenName', 'familyName']);
  });

  it('names a different date of birth and sex', () => {
    expect(differingFields(facts(), facts({ dateOfBirth: '1994-03-14', sex: 'unknown' }))).toEqual(['dateOfBirth', 'sex']);
  });

  it('does not count optional facts the request leaves out', () => {
    expect(differingFields(facts({ disability: true, address: 'Tartu' }), facts({ citizenship: null }))).toEqual([]);
  });

  it('counts optional facts the request gives that the record lacks or holds otherwise', () => {
    expect(differingFields(facts(), facts({ citizenship: 'FI', disability: false, address: 'Tartu' }))).toEqual(['citizenship', 'disability', 'address']);
  });
});

describe('assertMergeable', () => {
  const candidate = (id: string, overrides: Partial<MergeCandidate> = {}): MergeCandidate => ({ id, nationalId: null, mergedInto: null, ...overrides });

  it('lets two records without national IDs merge', () => {
    expect(() => assertMergeable(candidate('a'), candidate('b'))).not.toThrow();
  });

  it('lets a record without a national ID merge into one with it', () => {
    expect(() => assertMergeable(candidate('a', { nationalId: '38001085718' }), candidate('b'))).not.toThrow();
  });

  it('refuses with a conflict when either record was merged before', () => {
    expect(() => assertMergeable(candidate('a', { mergedInto: 'c' }), candidate('b'))).toThrow(new ConflictError('person a was already merged into person c'));
    expect(() => assertMergeable(candidate('a'), candidate('b', { mergedInto: 'c' }))).toThrow(new ConflictError('person b was already merged into person c'));
  });

  it('refuses to merge away the record with the national ID', () => {
    expect(() => assertMergeable(candidate('a'), candidate('b', { nationalId: '38001085718' }))).toThrow(RuleViolationError);
    expect(() => assertMergeable(candidate('a'), candidate('b', { nationalId: '38001085718' }))).toThrow(/must be the surviving record/);
  });

  it('refuses to merge two records with national IDs', () => {
    expect(() => assertMergeable(candidate('a', { nationalId: '38001085718' }), candidate('b', { nationalId: '49403136515' }))).toThrow(
      new RuleViolationError('the two records have different national IDs and so are different persons'),
    );
  });
});

describe('statisticalCategories', () => {
  const config = { nationalCountry: 'EE', timeZone: 'Europe/Tallinn' };

  it('keeps only the categories, at the local date of the offence', () => {
    // 23:30 UTC on the eve of the 18th birthday is already the birthday in Tallinn
    expect(statisticalCategories(facts({ dateOfBirth: '2008-06-01', disability: true }), new Date('2026-05-31T23:30:00Z'), config)).toEqual({
      sex: 'female',
      ageBand: '18_24',
      juvenile: false,
      disability: true,
      citizenshipGroup: 'national',
    });
  });

  it('leaves out a disability that is not known', () => {
    expect(statisticalCategories(facts({ dateOfBirth: null, citizenship: null }), new Date('2026-05-31T12:00:00Z'), config)).toEqual({
      sex: 'female',
      ageBand: 'unknown',
      juvenile: false,
      citizenshipGroup: 'unknown',
    });
  });
});
