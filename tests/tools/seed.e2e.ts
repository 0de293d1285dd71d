import { loadJurisdiction } from '@icjims/jurisdiction';
import { createTestDatabase, eventually, RunningServices, startServices } from '@icjims/testing';
import { caseRegistryService } from '../../apps/case-registry/src/case-registry.service';
import { intakeOf } from '../../apps/probation/src/domain';
import { probationService } from '../../apps/probation/src/probation.service';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { driveCaseload, SeedTarget } from '../../tools/seed/driver';
import { Caseload, generateCaseload } from '../../tools/seed/generate';

/**
 * `npm run seed`'s core against a real installation (case-registry, procedural-steps and
 * probation in one process on a fresh database): a small caseload with joins, splits and
 * corrections goes through the APIs without a single refusal, the services hold exactly what
 * the truth says, and a second run with the same seed adds nothing.
 */
const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

describe('seeding a synthetic caseload through the APIs', () => {
  let services: RunningServices;
  let target: SeedTarget;
  const caseload: Caseload = generateCaseload({
    seed: 14,
    cases: 50,
    year: 2025,
    now: new Date(),
    jurisdiction: kg,
    // More of the rare things than a real year has, so that 50 cases exercise them.
    rates: { join: 0.08, split: 0.08, amend: 0.15, annul: 0.1 },
  });
  const steps = caseload.cases.flatMap((seedCase) => seedCase.steps);
  const roles = caseload.cases.flatMap((seedCase) => seedCase.roles);

  beforeAll(async () => {
    services = await startServices([caseRegistryService, proceduralStepsService, probationService], { databaseUrl: await createTestDatabase('e2e_seed') });
    target = {
      caseRegistryUrl: services.urls['case-registry'],
      proceduralStepsUrl: services.urls['procedural-steps'],
      tokenFor: (region) => services.tokenFor('prosecutor', { region, sub: 'seed-prosecutor' }),
    };
  }, 120_000);

  afterAll(async () => {
    await services?.stop();
  });

  const held = async () => {
    const { rows } = await services.db.query(`SELECT
        (SELECT count(*) FROM case_registry.cases)::int AS cases,
        (SELECT count(*) FROM case_registry.persons)::int AS persons,
        (SELECT count(*) FROM case_registry.case_person_roles)::int AS roles,
        (SELECT count(*) FROM case_registry.case_links)::int AS links,
        (SELECT count(*) FROM procedural_steps.steps)::int AS steps,
        (SELECT count(*) FROM probation.probation_streams WHERE stream = 'probation_case')::int AS probation`);
    return rows[0];
  };

  it('records every case, person and step without a refusal, as the truth has them, and a rerun adds nothing', async () => {
    const links = caseload.units.filter((unit) => unit.kind !== 'case').length;
    expect(caseload.units.some((unit) => unit.kind === 'join')).toBe(true);
    expect(caseload.units.some((unit) => unit.kind === 'split')).toBe(true);
    expect(steps.some((step) => step.correction?.action === 'amend')).toBe(true);
    expect(steps.some((step) => step.correction?.action === 'annul')).toBe(true);

    const first = await driveCaseload(caseload, target, { concurrency: 4 });
    expect({ refusals: first.firstRefusals, failures: first.failures }).toEqual({ refusals: [], failures: [] });
    expect(first).toMatchObject({
      cases: { created: caseload.cases.filter((seedCase) => seedCase.registeredAt !== null).length, replayed: 0 },
      roles: { created: roles.filter((role) => role.via === 'added').length, replayed: 0 },
      steps: { created: steps.filter((step) => !step.system).length, replayed: 0 },
      links: { created: links, replayed: 0 },
      persons: caseload.persons.length,
    });

    // Probation cases: the sentences no correction annulled that the pack's probation case types open a case on (a community-work sentence only with its hours).
    const annulled = new Set(steps.flatMap((step) => (step.correction?.action === 'annul' ? [step.correction.correctsStepKey] : [])));
    const opens = (step: (typeof steps)[number]) => intakeOf({ stepId: step.key, stepType: step.stepType, occurredAt: step.occurredAt as string, details: step.details ?? {} }, kg.pack.probation, kg.timeZone).opens;
    const probation = steps.filter((step) => step.stepType === 'sentence' && opens(step) && !annulled.has(step.key)).length;
    const truth = { cases: caseload.cases.length, persons: caseload.persons.length, roles: roles.length, links, steps: steps.length, probation };
    // The system's own steps (a join's case_joined) and probation cases follow by events.
    await eventually(async () => ((await held()).steps === truth.steps && (await held()).probation === truth.probation ? true : undefined), 20_000, 'the joins and probation sentences to arrive');
    expect(await held()).toEqual(truth);
    // Case by case, too: each journal holds the truth's steps.
    const { rows } = await services.db.query('SELECT case_id, count(*)::int AS steps FROM procedural_steps.steps GROUP BY case_id');
    expect(Object.fromEntries(rows.map((row) => [row.case_id, row.steps]))).toEqual(
      Object.fromEntries(caseload.cases.map((seedCase) => [first.ids.cases.get(seedCase.key), seedCase.steps.length])),
    );

    const again = await driveCaseload(caseload, target, { concurrency: 4 });
    expect({ refusals: again.firstRefusals, failures: again.failures }).toEqual({ refusals: [], failures: [] });
    expect(again).toMatchObject({ cases: { created: 0 }, roles: { created: 0 }, steps: { created: 0 }, links: { created: 0 } });
    expect(again.steps.replayed).toBe(first.steps.created);
    expect(await held()).toEqual(truth);
  }, 300_000); // two passes of 50 cases through the APIs: about a minute alone, longer beside the rest of the suite
});
