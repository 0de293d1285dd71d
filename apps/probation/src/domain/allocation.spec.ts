import type { ProbationPack } from '@icjims/jurisdiction';
import { officeFor, officeTakes, servingOffices, suggestAllocation, takes } from './allocation';
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

describe('servingOffices and officeTakes', () => {
  /** A region with district offices only (as KG's), beside the test pack's. */
  const DISTRICTS_ONLY: ProbationPack = {
    ...PACK,
    offices: [...PACK.offices, { code: 'PR-C-EAST', region: 'KG-C', districts: ['east'], labels: { en: 'C east' } }, { code: 'PR-C-WEST', region: 'KG-C', districts: ['west'], labels: { en: 'C west' } }],
  };

  it('names the office officeFor names, else every office of the region', () => {
    expect(servingOffices(DISTRICTS_ONLY, 'KG-C', 'east')).toEqual(['PR-C-EAST']);
    expect(servingOffices(DISTRICTS_ONLY, 'KG-C', 'north')).toEqual(['PR-C-EAST', 'PR-C-WEST']);
    expect(servingOffices(DISTRICTS_ONLY, 'KG-C')).toEqual(['PR-C-EAST', 'PR-C-WEST']);
    expect(servingOffices(DISTRICTS_ONLY, 'KG-A', 'hills')).toEqual(['PR-A-NORTH']);
    expect(servingOffices(DISTRICTS_ONLY, 'KG-A')).toEqual(['PR-A-01']);
    expect(servingOffices(DISTRICTS_ONLY, 'KG-Z')).toEqual([]);
  });

  it('lets a query decide as servingOffices does, for every office and place of the pack', () => {
    for (const office of DISTRICTS_ONLY.offices) {
      const taken = officeTakes(DISTRICTS_ONLY, office.code)!;
      for (const district of [undefined, 'east', 'west', 'north', 'hills', 'south']) {
        expect([office.code, district, takes(taken, district)]).toEqual([office.code, district, servingOffices(DISTRICTS_ONLY, office.region, district).includes(office.code)]);
      }
    }
    expect(officeTakes(DISTRICTS_ONLY, 'PR-NOWHERE')).toBeUndefined();
  });
});
