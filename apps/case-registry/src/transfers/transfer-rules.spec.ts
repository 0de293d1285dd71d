import { ConflictError, RuleViolationError } from '@icjims/contracts';
import { decideTransfer, Place } from './transfer-rules';

function place(overrides: Partial<Place> = {}): Place {
  return { region: 'KG-GB', district: 'leninsky', agency: 'GUVD-GB', ...overrides };
}

describe('decideTransfer', () => {
  it('moves to another region with the district and agency named', () => {
    expect(decideTransfer('under_investigation', place(), { toRegion: 'KG-C', toDistrict: 'alamudun', toAgency: 'MVD-KG' })).toEqual({
      region: 'KG-C',
      district: 'alamudun',
      agency: 'MVD-KG',
    });
  });

  it('leaves no district after moving to another region without one, and keeps the agency', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'KG-C' })).toEqual({ region: 'KG-C', district: null, agency: 'GUVD-GB' });
  });

  it('keeps the district when only the agency changes within the region', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'KG-GB', toAgency: 'PR-GB' })).toEqual(place({ agency: 'PR-GB' }));
  });

  it('moves to another district of the same region', () => {
    expect(decideTransfer('registered', place(), { toRegion: 'KG-GB', toDistrict: 'oktyabrsky' })).toEqual(place({ district: 'oktyabrsky' }));
  });

  it('refuses a transfer to where the case already is', () => {
    expect(() => decideTransfer('registered', place(), { toRegion: 'KG-GB', toDistrict: 'leninsky', toAgency: 'GUVD-GB' })).toThrow(ConflictError);
    expect(() => decideTransfer('registered', place(), { toRegion: 'KG-GB' })).toThrow(ConflictError);
  });

  it('refuses transferring a joined case', () => {
    expect(() => decideTransfer('joined', place(), { toRegion: 'KG-C' })).toThrow(RuleViolationError);
  });
});
