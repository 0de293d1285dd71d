import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ee from '../packs/ee.json';
import { BUILT_IN_PACKS } from './built-in-packs';
import { jurisdictionOf, loadJurisdiction } from './load-jurisdiction';
import type { JurisdictionPack } from './pack';
import { JurisdictionPackError } from './pack-source';

const folder = mkdtempSync(join(tmpdir(), 'jurisdiction-'));
function packFile(name: string, content: unknown): string {
  const file = join(folder, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const brokenEe = () => {
  const pack = structuredClone(ee);
  pack.regions[3].code = 'EE-37';
  pack.probation.offices.splice(3, 1); // the office of the region renamed above
  pack.deadlineRules[2].cites = [];
  return pack;
};

describe('loadJurisdiction', () => {
  it('loads the built-in pack ICJIMS_JURISDICTION names, in any case', () => {
    expect(loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' }).code).toBe('EE');
    expect(loadJurisdiction({ ICJIMS_JURISDICTION: ' ee ' }).timeZone).toBe('Europe/Tallinn');
  });

  it('refuses an unknown code, naming the variable, the value and the packs it knows', () => {
    const load = () => loadJurisdiction({ ICJIMS_JURISDICTION: 'xy' });
    expect(load).toThrow(JurisdictionPackError);
    expect(load).toThrow(`ICJIMS_JURISDICTION=xy: no built-in jurisdiction pack has that code; built-in packs: ${Object.keys(BUILT_IN_PACKS).join(', ')}`);
  });

  it('defaults to KG', () => {
    expect(loadJurisdiction({}).code).toBe('KG');
    expect(loadJurisdiction({ ICJIMS_JURISDICTION: ' ' }).timeZone).toBe('Asia/Bishkek');
  });

  it('says so when the default pack is not built in', () => {
    jest.isolateModules(() => {
      jest.doMock('./built-in-packs', () => ({ BUILT_IN_PACKS: { EE: ee } }));
      const { loadJurisdiction: loadWithEeOnly } = jest.requireActual<typeof import('./load-jurisdiction')>('./load-jurisdiction');
      expect(() => loadWithEeOnly({})).toThrow('ICJIMS_JURISDICTION=KG (the default): no built-in jurisdiction pack has that code; built-in packs: EE');
    });
  });

  it('loads the pack file ICJIMS_JURISDICTION_FILE names instead', () => {
    const file = packFile('ee-copy.json', { ...ee, version: 'file-1' });
    expect(loadJurisdiction({ ICJIMS_JURISDICTION_FILE: file }).pack.version).toBe('file-1');
    expect(loadJurisdiction({ ICJIMS_JURISDICTION_FILE: file, ICJIMS_JURISDICTION: 'EE' }).code).toBe('EE');
  });

  it('refuses a pack file of another country than ICJIMS_JURISDICTION names', () => {
    const file = packFile('ee.json', ee);
    expect(() => loadJurisdiction({ ICJIMS_JURISDICTION_FILE: file, ICJIMS_JURISDICTION: 'KZ' })).toThrow(
      `ICJIMS_JURISDICTION=KZ but ICJIMS_JURISDICTION_FILE=${file} holds the pack of EE`,
    );
  });

  it.each([
    ['a missing file', join(folder, 'none.json')],
    ['a file that is not JSON', packFile('garbage.json', '{"code": "EE",')],
  ])('refuses %s, naming the variable and the file', (_scenario, file) => {
    expect(() => loadJurisdiction({ ICJIMS_JURISDICTION_FILE: file })).toThrow(new RegExp(`^ICJIMS_JURISDICTION_FILE=${file}: cannot read the pack \\(`));
  });

  it('refuses a pack file failing validation, listing every problem', () => {
    const file = packFile('broken.json', brokenEe());
    expect(() => loadJurisdiction({ ICJIMS_JURISDICTION_FILE: file })).toThrow(
      `ICJIMS_JURISDICTION_FILE=${file}: the pack fails validation (2 problems):\n` +
        '  - deadlineRules[2].cites: a rule must cite at least one article\n' +
        '  - regions[3].code: duplicate region code EE-37',
    );
  });

  it('passes the journal’s step types to the validator', () => {
    expect(() => loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' }, { stepTypes: { detention: {} } })).toThrow(
      /deadlineRules\[0\]\.stoppedBy\[0\]\.stepType: release_from_detention is not a step type of the journal/,
    );
  });
});

describe('a Jurisdiction', () => {
  const estonia = loadJurisdiction({ ICJIMS_JURISDICTION: 'EE' });

  it('is frozen through and through, and leaves the imported pack alone', () => {
    expect(Object.isFrozen(estonia.pack.regions[0].labels)).toBe(true);
    expect(() => {
      (estonia.pack.regions[0].labels as { en: string }).en = 'Changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(ee.regions[0])).toBe(false);
  });

  it('finds regions, agencies, offences and rules by code', () => {
    expect(estonia.region('EE-37')?.labels.et).toBe('Harju maakond');
    expect(estonia.region('KG-C')).toBeUndefined();
    expect(estonia.agency('PROS-GENERAL')?.role).toBe('prosecution');
    expect(estonia.offence('141-1')?.sexualOrGenderBasedViolence).toBe(true);
    expect(estonia.deadlineRule('detention_court_decision')?.term).toEqual({ amount: 48, unit: 'hours' });
  });

  it.each([
    ['EE', 'national'],
    ['FI', 'eu'],
    ['US', 'non_eu'],
    ['XX', 'stateless'],
    [null, 'unknown'],
  ])('puts citizenship %s in the group %s', (citizenship, group) => {
    expect(estonia.citizenshipGroup(citizenship)).toBe(group);
  });

  it('speaks the pack’s languages, English otherwise', () => {
    expect(estonia.language('et-EE, en;q=0.5')).toBe('et');
    expect(estonia.language('ru')).toBe('en');
    expect(estonia.label(estonia.pack.labels, 'et')).toBe('Eesti');
    expect(estonia.label(estonia.pack.labels, 'ru')).toBe('Estonia');
  });

  it('checks national IDs by the pack’s scheme', () => {
    expect(estonia.checkNationalId('38001085718')).toEqual({ holder: { dateOfBirth: '1980-01-08', sex: 'male' }, problems: [] });
  });

  it('numbers cases by the pack’s scheme', () => {
    expect(estonia.caseNumber('EE-37', 2026, 42)).toBe('EE-37-2026-000042');
  });

  it('calls a record late past the pack’s recording term, and on time at the term itself', () => {
    const received = new Date('2026-11-22T10:00:00Z');
    expect(estonia.recordedLate('registration', received, new Date('2026-11-23T10:00:00Z'))).toBe(false);
    expect(estonia.recordedLate('registration', received, new Date('2026-11-23T10:00:00.001Z'))).toBe(true);
    expect(estonia.recordedLate('step', received, new Date('2026-11-23T10:00:00.001Z'))).toBe(true);
  });

  it('counts a recording term in days by the local calendar of the pack’s zone', () => {
    const pack = structuredClone(estonia.pack) as JurisdictionPack;
    pack.recordingTerms.step = { term: { amount: 1, unit: 'days' } };
    const daily = jurisdictionOf(pack, 'a pack with a term of a day');
    // 12:00 on 28 March in Tallinn, the day before the clocks go forward: a day later is 23 hours later.
    const happened = new Date('2026-03-28T10:00:00Z');
    expect(daily.recordedLate('step', happened, new Date('2026-03-29T09:00:00Z'))).toBe(false);
    expect(daily.recordedLate('step', happened, new Date('2026-03-29T09:00:00.001Z'))).toBe(true);
  });

  it('counts dates, months and terms in the pack’s zone', () => {
    expect(estonia.localMonth(new Date('2026-01-31T22:30:00Z'))).toBe('2026-02'); // 00:30 on 1 February in Tallinn
    expect(estonia.localDate(new Date('2026-12-31T21:59:00Z'))).toBe('2026-12-31');
    expect(estonia.localYear(new Date('2026-12-31T22:00:00Z'))).toBe(2027);
    expect(estonia.zonedInstant('2026-07-01T12:00')).toEqual(new Date('2026-07-01T09:00:00Z'));
    expect(estonia.addInZone(new Date('2026-03-28T20:30:00Z'), { amount: 2, unit: 'days' })).toEqual(new Date('2026-03-30T19:30:00Z'));
  });
});

describe('jurisdictionOf', () => {
  it('names where the pack came from when it fails', () => {
    expect(() => jurisdictionOf(brokenEe(), 'the built-in jurisdiction pack EE')).toThrow(/^the built-in jurisdiction pack EE fails validation \(2 problems\):\n {2}- /);
  });
});
