import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_PACKS } from './built-in-packs';
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
});

it('builds in every pack file there is, and the default KG', () => {
  const files = readdirSync(join(__dirname, '../packs')).filter((file) => file.endsWith('.json'));
  expect(Object.keys(BUILT_IN_PACKS).map((code) => `${code.toLowerCase()}.json`).sort()).toEqual(files.sort());
  expect(Object.keys(BUILT_IN_PACKS)).toContain('KG');
});
