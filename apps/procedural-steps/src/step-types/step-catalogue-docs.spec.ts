import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DEADLINE_RULES } from '../deadlines/sample-deadline-rules';
import { STEP_CATALOGUE } from './step-catalogue';

/** docs/procedural-journal.md describes the catalogue and the sample rules; keep it true to them. */
const doc = readFileSync(join(__dirname, '../../../../docs/procedural-journal.md'), 'utf8');

describe('docs/procedural-journal.md', () => {
  it.each(STEP_CATALOGUE.map((spec) => [spec.code, spec]))('lists step type %s with its title', (code, spec) => {
    expect(doc).toContain(`| \`${code}\` | ${spec.title} |`);
  });

  it.each(SAMPLE_DEADLINE_RULES.map((rule) => [rule.code]))('describes sample deadline rule %s', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });
});
