import { ConflictError, RuleViolationError } from '@icjims/contracts';
import { loadJurisdiction } from '@icjims/jurisdiction';
import {
  assertMergeable, assertUnmergeable, differingFields, MergeCandidate, PersonFacts, PersonInput, preparePerson, RoleRowState, rolesHeld, statisticalCategories,
} from './person-rules';

const TODAY = '2026-11-23';
const KG = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
/** A KG PIN: 1 = female, the date of birth 13.03.1994, serial 00042. */
const PIN = '11303199400042';

function personInput(overrides: Partial<PersonInput> = {}): PersonInput {
  return { givenName: 'Aigerim', familyName: 'Asanova', nationalId: PIN, dateOfBirth: '1994-03-13', sex: 'female', ...overrides };
}

function facts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    givenName: 'Aigerim',
    familyName: 'Asanova',
    nationalId: PIN,
    dateOfBirth: '1994-03-13',
    sex: 'female',
    citizenship: 'KG',
    disability: null,
    address: null,
    ...overrides,
  };
}

describe('preparePerson', () => {
  it('keeps the facts given, absent optional ones as null', () => {
    expect(preparePerson(personInput(), TODAY, KG)).toEqual({ facts: facts({ citizenship: null }), problems: [] });
  });

  it('trims names and address and composes accents into single characters', () => {
    const prepared = preparePerson(personInput({ givenName: '  Ma\u0308rt ', familyName: 'Tamm ', address: ' Bishkek ' }), TODAY, KG);
    expect(prepared.facts).toMatchObject({ givenName: 'M\u00e4rt', familyName: 'Tamm', address: 'Bishkek' });
  });

  it('takes a missing date of birth from the national ID', () => {
    expect(preparePerson(personInput({ dateOfBirth: undefined }), TODAY, KG).facts?.dateOfBirth).toBe('1994-03-13');
  });

  it('accepts a foreigner without a national ID or a date of birth', () => {
    const prepared = preparePerson(personInput({ nationalId: null, dateOfBirth: null, sex: 'unknown', citizenship: 'UA' }), TODAY, KG);
    expect(prepared.facts).toMatchObject({ nationalId: null, dateOfBirth: null, sex: 'unknown', citizenship: 'UA' });
  });

  it('passes on what the national ID check finds', () => {
    expect(preparePerson(personInput({ nationalId: '31303199400042' }), TODAY, KG).problems).toEqual([
      { field: 'nationalId', reason: 'nationalId must be 14 digits: 1 (female) or 2 (male), then the date of birth as DDMMYYYY, then a 5-digit serial number' },
    ]);
    expect(preparePerson(personInput({ sex: 'male' }), TODAY, KG).problems).toEqual([{ field: 'sex', reason: 'sex does not agree with nationalId' }]);
  });

  it('refuses a date of birth in the future, and accepts today', () => {
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: '2026-11-24' }), TODAY, KG).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth gives a date of birth in the future' },
    ]);
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: TODAY }), TODAY, KG).problems).toEqual([]);
  });

  it('names the national ID when the future date of birth comes from it', () => {
    expect(preparePerson(personInput({ nationalId: '20101203000001', dateOfBirth: undefined, sex: 'male' }), TODAY, KG).problems).toEqual([
      { field: 'nationalId', reason: 'nationalId gives a date of birth in the future' },
    ]);
  });

  it('refuses a date of birth before 1900', () => {
    expect(preparePerson(personInput({ nationalId: null, dateOfBirth: '1899-12-31' }), TODAY, KG).problems).toEqual([
      { field: 'dateOfBirth', reason: 'dateOfBirth gives a date of birth before 1900-01-01' },
    ]);
  });

  it.each(['kg', 'QQ', 'KGZ'])('refuses the citizenship %p', (citizenship) => {
    expect(preparePerson(personInput({ citizenship }), TODAY, KG).problems).toEqual([
      { field: 'citizenship', reason: 'citizenship must be an ISO 3166-1 alpha-2 country code, or XX for stateless' },
    ]);
  });

  it('lists every problem at once', () => {
    const prepared = preparePerson(personInput({ dateOfBirth: '2030-01-01', citizenship: 'QQ' }), TODAY, KG);
    expect(prepared.problems.map((problem) => problem.field)).toEqual(['dateOfBirth', 'dateOfBirth', 'citizenship']);
  });
});

describe('differingFields', () => {
  it('finds no difference in the same facts', () => {
    expect(differingFields(facts(), facts())).toEqual([]);
  });

  it('ignores letter case in names but not accents', () => {
    expect(differingFields(facts(), facts({ givenName: 'AIGERIM', familyName: 'asanova' }))).toEqual([]);
    expect(differingFields(facts(), facts({ givenName: 'Aigérim', familyName: 'Asanov' }))).toEqual(['givenName', 'familyName']);
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
    expect(() => assertMergeable(candidate('a', { nationalId: '21503199012345' }), candidate('b'))).not.toThrow();
  });

  it('refuses with a conflict when either record was merged before', () => {
    expect(() => assertMergeable(candidate('a', { mergedInto: 'c' }), candidate('b'))).toThrow(new ConflictError('person a was already merged into person c'));
    expect(() => assertMergeable(candidate('a'), candidate('b', { mergedInto: 'c' }))).toThrow(new ConflictError('person b was already merged into person c'));
  });

  it('refuses to merge away the record with the national ID', () => {
    expect(() => assertMergeable(candidate('a'), candidate('b', { nationalId: '21503199012345' }))).toThrow(RuleViolationError);
    expect(() => assertMergeable(candidate('a'), candidate('b', { nationalId: '21503199012345' }))).toThrow(/must be the surviving record/);
  });

  it('refuses to merge two records with national IDs', () => {
    expect(() => assertMergeable(candidate('a', { nationalId: '21503199012345' }), candidate('b', { nationalId: PIN }))).toThrow(
      new RuleViolationError('the two records have different national IDs and so are different persons'),
    );
  });
});

describe('assertUnmergeable', () => {
  const candidate = (id: string, mergedInto: string | null = null): MergeCandidate => ({ id, nationalId: null, mergedInto });

  it('lets a merge whose survivor is still live be undone', () => {
    expect(() => assertUnmergeable(candidate('m', 's'), candidate('s'))).not.toThrow();
  });

  it('refuses a record that is not merged with a conflict', () => {
    expect(() => assertUnmergeable(candidate('m'), null)).toThrow(new ConflictError('person m is not merged into another record; there is no merge to undo'));
  });

  it('refuses while the survivor is merged into a third record, naming the later merge to undo first', () => {
    expect(() => assertUnmergeable(candidate('m', 's'), candidate('s', 't'))).toThrow(
      new ConflictError('person s, into which person m was merged, was itself merged into person t since: undo that later merge first (merges are undone in reverse order)'),
    );
  });
});

describe('rolesHeld', () => {
  const row = (personId: string, role: RoleRowState['role'], active: boolean, caseId = 'c1'): RoleRowState => ({ caseId, personId, role, active });

  it('lists each role of the record in the case once, active if any of its rows is, in catalogue order', () => {
    const rows = [row('m', 'witness', false), row('m', 'suspect', false), row('m', 'witness', true), row('s', 'victim', true), row('m', 'accused', true, 'c2')];
    expect(rolesHeld(rows, 'c1', 'm')).toEqual([
      { role: 'suspect', active: false },
      { role: 'witness', active: true },
    ]);
    expect(rolesHeld(rows, 'c1', 's')).toEqual([{ role: 'victim', active: true }]);
    expect(rolesHeld(rows, 'c2', 's')).toEqual([]);
  });
});

describe('statisticalCategories', () => {
  const config = KG;

  it('keeps only the categories, at the local date of the offence', () => {
    // 23:30 UTC on the eve of the 18th birthday is already the birthday in Bishkek (05:30)
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

  it.each<[string, string, string | null, string]>([
    ['a citizen of the pack’s country', 'KG', 'KG', 'national'],
    ['a citizen of a CIS state', 'KG', 'KZ', 'cis'],
    ['a citizen of another state', 'KG', 'DE', 'other_foreign'],
    ['a stateless person', 'KG', 'XX', 'stateless'],
    ['an EU citizen under the EE pack', 'EE', 'FI', 'eu'],
    ['a citizen of a CIS state under the KZ pack', 'KZ', 'KG', 'cis'],
  ])('counts %s in the pack’s citizenship group', (_label, pack, citizenship, group) => {
    const categories = statisticalCategories(facts({ citizenship }), new Date('2026-05-31T12:00:00Z'), loadJurisdiction({ ICJIMS_JURISDICTION: pack }));
    expect(categories.citizenshipGroup).toBe(group);
  });
});
