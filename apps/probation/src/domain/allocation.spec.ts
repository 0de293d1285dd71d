import type { ProbationPack } from '@icjims/jurisdiction';
import { officeFor, suggestAllocation } from './allocation';
import { TEST_PACK } from './probation-pack.fixtures';

/** The test pack with a district office beside the whole-region ones of KG-A. */
const PACK: ProbationPack = {
  ...TEST_PACK,
  offices: [...TEST_PACK.offices, { code: 'PR-A-NORTH', region: 'KG-A', districts: ['north', 'hills'], labels: { en: 'Office A north' } }],
};

describe('officeFor', () => {
  it('prefers the office that lists the district, else one for the whole region', () => {
    expect(officeFor(PACK, 'KG-A', 'hills')?.code).toBe('PR-A-NORTH');
    expect(officeFor(PACK, 'KG-A', 'south')?.code).toBe('PR-A-01');
    expect(officeFor(PACK, 'KG-A')?.code).toBe('PR-A-01');
    expect(officeFor(PACK, 'KG-B', 'hills')?.code).toBe('PR-B-01');
  });

  it('finds none for a region no office serves', () => {
    expect(officeFor(PACK, 'KG-Z')).toBeUndefined();
    const onlyDistricts = { ...PACK, offices: [PACK.offices[3]] };
    expect(officeFor(onlyDistricts, 'KG-A', 'south')).toBeUndefined();
  });
});

describe('suggestAllocation', () => {
  const caseloads = [
    { office: 'PR-A-01', officerId: 'officer-3', cases: 31 },
    { office: 'PR-A-01', officerId: 'officer-2', cases: 12 },
    { office: 'PR-A-01', officerId: 'officer-1', cases: 12 },
    { office: 'PR-A-NORTH', officerId: 'officer-9', cases: 0 },
  ];

  it('suggests the officer of the office with the fewest cases, ties by id', () => {
    expect(suggestAllocation(PACK, { region: 'KG-A', district: 'south' }, caseloads)).toEqual({ office: 'PR-A-01', officerId: 'officer-1' });
    expect(suggestAllocation(PACK, { region: 'KG-A', district: 'north' }, caseloads)).toEqual({ office: 'PR-A-NORTH', officerId: 'officer-9' });
  });

  it('suggests the office alone when none of its officers is known, nothing when no office serves', () => {
    expect(suggestAllocation(PACK, { region: 'KG-B' }, caseloads)).toEqual({ office: 'PR-B-01' });
    expect(suggestAllocation(PACK, { region: 'KG-Z' }, caseloads)).toBeUndefined();
  });
});
