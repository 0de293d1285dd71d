import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_PACKS } from './built-in-packs';
import type { JurisdictionPack } from './pack';
import { validatePack } from './validate-pack';

/**
 * Every pack shipped validates on its own. The cross-check of its deadline rules against the
 * journal's step types (validatePack's stepTypes option) belongs to procedural-steps, since a
 * library may not import a service.
 */
describe.each(Object.entries(BUILT_IN_PACKS))('the built-in pack %s', (code, pack) => {
  it('validates', () => {
    expect(validatePack(pack)).toEqual([]);
  });

  it('is registered under its own code', () => {
    expect((pack as { code: string }).code).toBe(code);
  });

  it('has a probation office for every district, so that allocation by district always finds one', () => {
    const { regions, probation } = pack as JurisdictionPack;
    const unserved = regions.flatMap((region) => {
      const offices = probation.offices.filter((office) => office.region === region.code);
      if (offices.some((office) => office.districts.length === 0)) return [];
      const served = new Set(offices.flatMap((office) => office.districts));
      return region.districts.length ? region.districts.filter((district) => !served.has(district.code)).map((district) => `${region.code}/${district.code}`) : [region.code];
    });
    expect(unserved).toEqual([]);
  });

  it('can measure the hours of every community-work case type, and the first meeting of every case', () => {
    const { probation } = pack as JurisdictionPack;
    if (probation.caseTypes.some((caseType) => caseType.communityWork)) expect(probation.obligations.map((obligation) => obligation.measure)).toContain('hours');
    expect(probation.deadlineRules.filter((rule) => rule.stream === 'probation_case' && rule.startsWith === 'opened').map((rule) => rule.code)).toEqual(expect.arrayContaining(['first_meeting', 'term_end']));
  });
});

it('builds in every pack file there is, and the default KG', () => {
  const files = readdirSync(join(__dirname, '../packs')).filter((file) => file.endsWith('.json'));
  expect(Object.keys(BUILT_IN_PACKS).map((code) => `${code.toLowerCase()}.json`).sort()).toEqual(files.sort());
  expect(Object.keys(BUILT_IN_PACKS)).toContain('KG');
});
