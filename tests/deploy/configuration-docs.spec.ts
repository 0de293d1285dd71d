// docs/operations.md lists every environment variable from the schemas themselves: the table
// between the configuration markers must be what environmentTable makes of them. After a
// change to a schema, rewrite it with:
//
//   WRITE_DOCS=1 npx jest tests/deploy/configuration-docs.spec.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DocumentedEnvironment, environmentTable, launcherEnvironment, platformEnvironment, ServiceDefinition } from '@icjims/platform';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';

const GUIDE = join(resolve(__dirname, '..', '..'), 'docs', 'operations.md');
const BEGIN = '<!-- configuration table: generated from the schemas (tests/deploy/configuration-docs.spec.ts) -->';
const END = '<!-- end of the configuration table -->';

const services: ServiceDefinition[] = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];
const parts: DocumentedEnvironment[] = [
  { readBy: 'every service', schema: platformEnvironment },
  { readBy: '`npm start`', schema: launcherEnvironment },
  ...services.flatMap((service) => (service.environment ? [{ readBy: service.name, schema: service.environment }] : [])),
];

function documentedTable(guide: string): string {
  const begin = guide.indexOf(BEGIN);
  const end = guide.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/operations.md has no configuration markers (${BEGIN} … ${END})`);
  return guide.slice(begin + BEGIN.length, end).trim();
}

describe('the configuration table of docs/operations.md', () => {
  const expected = environmentTable(parts);

  if (process.env.WRITE_DOCS === '1') {
    const guide = readFileSync(GUIDE, 'utf8');
    documentedTable(guide);
    writeFileSync(GUIDE, `${guide.slice(0, guide.indexOf(BEGIN) + BEGIN.length)}\n${expected}\n${guide.slice(guide.indexOf(END))}`);
  }

  it('is the one the schemas make (WRITE_DOCS=1 npx jest tests/deploy/configuration-docs.spec.ts rewrites it)', () => {
    expect(documentedTable(readFileSync(GUIDE, 'utf8'))).toBe(expected);
  });

  it('lists every variable the services check, each service’s own under its name', () => {
    expect(expected).toContain('| `DEADLINE_SCAN_INTERVAL_SECONDS` | `60` | procedural-steps |');
    expect(expected).toContain('| `ICJIMS_CHECKPOINT_DIR` | `<ICJIMS_DATA_DIR>/checkpoints` | procedural-steps, probation, audit |');
    for (const name of ['ICJIMS_DEPLOYMENT', 'OIDC_JWKS_URL', 'ICJIMS_PORT_OFFSET', 'ANALYTICS_MIN_DENOMINATOR', 'AUDIT_DEFERRED_PURPOSES', 'PROBATION_ROUND_INTERVAL_SECONDS']) {
      expect(expected).toContain(`| \`${name}\` |`);
    }
  });
});
