import { loadJurisdiction } from '@icjims/jurisdiction';
import { createTestDatabase, RunningServices, startServices } from '@icjims/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.service';
import { auditService } from '../../apps/audit/src/audit.service';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { PACK_SAMPLES } from './support/pack-samples';
import { walkThinPath } from './support/thin-path.scenario';

const DEFINITIONS = [caseRegistryService, proceduralStepsService, probationService, analyticsService, auditService];

/**
 * The same thin path on each built-in jurisdiction pack: all five services as one
 * installation of that country (fresh database, in-process bus), with its regions, an
 * offence of its criminal code and a suspect with its national ID.
 */
describe.each(Object.values(PACK_SAMPLES))('thin path under the $code jurisdiction pack', (pack) => {
  let services: RunningServices;

  beforeAll(async () => {
    services = await startServices(DEFINITIONS, {
      databaseUrl: await createTestDatabase(`e2e_pack_${pack.code.toLowerCase()}`),
      jurisdiction: loadJurisdiction({ ICJIMS_JURISDICTION: pack.code }),
    });
  }, 120_000);

  afterAll(async () => {
    await services?.stop();
  });

  it(`walks a case in ${pack.region} from registration to the audit log`, async () => {
    await walkThinPath({ urls: services.urls, tokenFor: (role, region) => services.tokenFor(role, { region }), propagationMs: 15_000, pack });
  }, 90_000);
});
