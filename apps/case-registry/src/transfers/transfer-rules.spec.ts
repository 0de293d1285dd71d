import { ConflictError, RuleViolationError } from '@icjims/contracts';
import { decideTransfer, Place } from './transfer-rules';

function place(overrides: Partial<Place> = {}): Place {
  return { region: 'EE-37', district: 'tallinn', agency: 'PPA-NORTH', ...overrides };
}

describe('decideTransfer', () => {
  it('moves to another region with the district and agency named', () => {
    expect(decideTransfer('under_investigation', place(), { toRegion: 'EE-78', toDistrict: 'tartu', toAgency: 'PPA-SOUTH' })).toEqual({
      region: 'EE-78',
      district: 'tartu',
      agency: 'PPA-SOUTH',
    });
  });

  it('leaves no district after moving to another region without one, and keeps the agency', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'EE-78' })).toEqual({ region: 'EE-78', district: null, agency: 'PPA-NORTH' });
  });

  it('keeps the district when only the agency changes within the region', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'EE-37', toAgency: 'EMTA' })).toEqual(place({ agency: 'EMTA' }));
  });

  it('moves to another district of the same region', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'EE-37', toDistrict: 'keila' })).toEqual(place({ district: 'keila' }));
  });

  it('refuses a transfer to where the case already is', () => {
    expect(() => decideTransfer('registered', place(), { toRegion: 'EE-37', toDistrict: 'tallinn', toAgency: 'PPA-NORTH' })).toThrow(ConflictError);
    expect(() => decideTransfer('registered', place(), { toRegion: 'EE-37' })).toThrow(ConflictError);
  });

  it('refuses transferring a joined case', () => {
    expect(() => decideTransfer('joined', place(), { toRegion: 'EE-78' })).toThrow(RuleViolationError);
  });
});
