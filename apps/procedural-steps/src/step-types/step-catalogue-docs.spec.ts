import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_PACKS, JurisdictionPack } from '@icjims/jurisdiction';
import { STEP_CATALOGUE } from './step-catalogue';

/** docs/procedural-journal.md describes the catalogue and the packs' deadline rules; keep it true to them. */
const doc = readFileSync(join(__dirname, '../../../../docs/procedural-journal.md'), 'utf8');

describe('docs/procedural-journal.md', () => {
  it.each(STEP_CATALOGUE.map((spec) => [spec.code, spec]))('lists step type %s with its title', (code, spec) => {
    expect(doc).toContain(`| \`${code}\` | ${spec.title} |`);
  });

  const packRules = [...new Set(Object.values(BUILT_IN_PACKS).flatMap((pack) => (pack as JurisdictionPack).deadlineRules.map((rule) => rule.code)))];
  it.each(packRules.map((code) => [code]))('describes deadline rule %s of the packs', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });
});
