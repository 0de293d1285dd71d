import { JurisdictionPackError, loadJurisdiction } from '@icjims/jurisdiction';
import { keepPrePackData } from './installation';

describe('keepPrePackData', () => {
  const ee = loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' });
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

  it('has nothing to keep when the service holds nothing', () => {
    expect(keepPrePackData('analytics', 0, 'indicator cells counted', kg)).toBe(false);
  });

  it('keeps data from before packs under the EE pack, whose sample it was recorded against', () => {
    expect(keepPrePackData('analytics', 3, 'indicator cells counted', ee)).toBe(true);
  });

  it('refuses another pack, saying what is held, why and what to do', () => {
    expect(() => keepPrePackData('probation', 2, 'probation cases opened', kg)).toThrow(JurisdictionPackError);
    expect(() => keepPrePackData('probation', 2, 'probation cases opened', kg)).toThrow(
      'probation holds 2 probation cases opened before jurisdiction packs, against the EE sample data, so it cannot take the KG pack: ' +
        'start it with ICJIMS_JURISDICTION=EE to keep them, or set up a new installation (another ICJIMS_DATA_DIR or database) for KG.',
    );
  });
});
