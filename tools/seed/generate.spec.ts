import { loadJurisdiction } from '@icjims/jurisdiction';
import { JournalStep, replay } from '../../apps/procedural-steps/src/legal-order';
import { StepTypes } from '../../apps/procedural-steps/src/step-types/step-types';
import { Caseload, generateCaseload, GenerateOptions, SeedCase, truthLines } from './generate';
import { REGION_SHARES } from './profile';

const jurisdiction = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });
const NOW = new Date('2026-12-04T12:00:00Z');
const base: GenerateOptions = { seed: 7, cases: 3000, year: 2025, now: NOW, jurisdiction };

const text = (caseload: Caseload) => [...truthLines(caseload)].join('\n');
const share = (part: number, whole: number) => part / whole;

/** The journal as procedural-steps would hold it; times the system sets at seeding count as now. */
function journalOf(seedCase: SeedCase, now: Date): JournalStep[] {
  return seedCase.steps.map((step) => ({
    stepId: step.key,
    stepType: step.stepType,
    occurredAt: step.occurredAt === null ? now : new Date(step.occurredAt),
    ...(step.personKey ? { personId: step.personKey } : {}),
    details: step.details ?? {},
    ...(step.correction
      ? {
          correction:
            step.correction.action === 'annul'
              ? { correctsStepId: step.correction.correctsStepKey, action: 'annul' as const, reason: step.correction.reason }
              : { correctsStepId: step.correction.correctsStepKey, action: 'amend' as const, reason: step.correction.reason, details: step.correction.details },
        }
      : {}),
  }));
}

describe('the synthetic caseload', () => {
  const caseload = generateCaseload(base);
  const registered = caseload.cases.filter((seedCase) => seedCase.registeredAt !== null);

  it('is the same for the same seed, byte for byte, and another for another seed', () => {
    expect(text(generateCaseload(base))).toBe(text(caseload));
    expect(text(generateCaseload({ ...base, seed: 8 }))).not.toBe(text(caseload));
  });

  it('registers the cases asked for, spread over the regions roughly as the profile says, Osh City aside', () => {
    expect(registered).toHaveLength(3000);
    const withDistricts = jurisdiction.pack.regions.filter((region) => region.districts.length > 0).map((region) => region.code);
    const total = withDistricts.reduce((sum, code) => sum + (REGION_SHARES[code] ?? 1), 0);
    for (const code of withDistricts) {
      const expected = (REGION_SHARES[code] ?? 1) / total;
      expect(Math.abs(share(registered.filter((seedCase) => seedCase.region === code).length, registered.length) - expected)).toBeLessThan(0.03);
    }
    expect(registered.filter((seedCase) => seedCase.region === 'KG-GB').length).toBeGreaterThan(registered.filter((seedCase) => seedCase.region === 'KG-T').length * 3);
    for (const seedCase of registered) {
      expect(jurisdiction.region(seedCase.region)?.districts.map((district) => district.code)).toContain(seedCase.district);
      expect(jurisdiction.agency(seedCase.agency)).toBeDefined();
      expect(jurisdiction.offence(seedCase.offenceArticle)).toBeDefined();
    }
    // Fraud is common, murder rare.
    const of = (article: string) => registered.filter((seedCase) => seedCase.offenceArticle === article).length;
    expect(of('209-1')).toBeGreaterThan(of('122') * 20);
  });

  it('gives each case 1–3 suspects and 0–2 victims, about 5 % of suspects juvenile, some of every kind of unknown', () => {
    const persons = new Map(caseload.persons.map((person) => [person.key, person.facts]));
    const suspects = registered.flatMap((seedCase) => seedCase.roles.filter((role) => role.role === 'suspect' && role.via === 'added'));
    for (const seedCase of registered) {
      const own = seedCase.roles.filter((role) => role.via === 'added');
      expect(own.filter((role) => role.role === 'suspect').length).toBeGreaterThanOrEqual(1);
      expect(own.filter((role) => role.role === 'suspect').length).toBeLessThanOrEqual(3);
      expect(own.filter((role) => role.role === 'victim').length).toBeLessThanOrEqual(2);
    }
    const juvenile = suspects.filter((role) => {
      const facts = persons.get(role.personKey);
      const seedCase = registered.find((candidate) => candidate.roles.includes(role)) as SeedCase;
      const at = new Date(seedCase.offenceCommittedAt ?? seedCase.receivedAt);
      return facts?.dateOfBirth !== undefined && at.getTime() - Date.parse(facts.dateOfBirth) < 18 * 365.25 * 86_400_000;
    });
    expect(share(juvenile.length, suspects.length)).toBeGreaterThan(0.03);
    expect(share(juvenile.length, suspects.length)).toBeLessThan(0.08);
    const facts = [...persons.values()];
    expect(facts.some((person) => person.sex === 'unknown')).toBe(true);
    expect(facts.some((person) => person.dateOfBirth === undefined)).toBe(true);
    expect(facts.some((person) => person.citizenship === undefined)).toBe(true);
    expect(facts.some((person) => person.citizenship === 'XX')).toBe(true);
    expect(facts.some((person) => person.disability === true)).toBe(true);
    expect(share(facts.filter((person) => person.citizenship === 'KG').length, facts.length)).toBeGreaterThan(0.85);
  });

  it('gives national IDs valid under the pack, one person per ID, and brings some suspects back in later cases', () => {
    const withIds = caseload.persons.filter((person) => person.facts.nationalId);
    expect(withIds.length).toBeGreaterThan(caseload.persons.length * 0.3);
    for (const { facts } of withIds) expect(jurisdiction.checkNationalId(facts.nationalId as string, facts).problems).toEqual([]);
    expect(new Set(withIds.map((person) => person.facts.nationalId)).size).toBe(withIds.length);
    expect(new Set(caseload.persons.map((person) => person.key)).size).toBe(caseload.persons.length);
    const casesOf = new Map<string, number>();
    for (const seedCase of registered) for (const role of seedCase.roles) if (role.via === 'added') casesOf.set(role.personKey, (casesOf.get(role.personKey) ?? 0) + 1);
    expect([...casesOf.values()].filter((count) => count > 1).length).toBeGreaterThan(20);
  });

  it('writes journals that the legal order accepts, step by step, with every person named in the case', () => {
    for (const seedCase of caseload.cases) {
      const replayed = replay(journalOf(seedCase, NOW), { receivedAt: new Date(seedCase.receivedAt), stepTypes: new StepTypes(jurisdiction.pack) });
      expect({ case: seedCase.key, ok: replayed.ok, refusal: replayed.ok ? undefined : replayed }).toEqual({ case: seedCase.key, ok: true, refusal: undefined });
      const named = new Set(seedCase.roles.filter((role) => !role.movedTo).map((role) => role.personKey));
      for (const step of seedCase.steps) if (step.personKey) expect({ step: step.key, named: named.has(step.personKey) }).toEqual({ step: step.key, named: true });
    }
  });

  it('walks about 40 % of cases to an indictment, with detentions, measures, verdicts, sentences of every type and a few corrections', () => {
    const count = (stepType: string) => caseload.cases.filter((seedCase) => seedCase.steps.some((step) => step.stepType === stepType)).length;
    expect(share(count('indictment'), registered.length)).toBeGreaterThan(0.33);
    expect(share(count('indictment'), registered.length)).toBeLessThan(0.47);
    for (const stepType of ['investigation_started', 'suspicion_notified', 'detention', 'release_from_detention', 'preventive_measure_applied', 'preventive_measure_extended',
      'proceedings_suspended', 'proceedings_resumed', 'proceedings_terminated', 'plea_agreement', 'court_hearing', 'verdict', 'sentence', 'appeal_filed', 'appeal_decided', 'case_closed', 'correction']) {
      expect({ stepType, some: count(stepType) > 0 }).toEqual({ stepType, some: true });
    }
    const steps = caseload.cases.flatMap((seedCase) => seedCase.steps);
    const verdicts = steps.filter((step) => step.stepType === 'verdict');
    expect(share(verdicts.filter((step) => step.details?.outcome === 'conviction').length, verdicts.length)).toBeGreaterThan(0.8);
    const sentenceTypes = new Set(steps.filter((step) => step.stepType === 'sentence').map((step) => step.details?.sentenceType));
    expect([...sentenceTypes].sort()).toEqual(['community_work', 'conditional', 'fine', 'imprisonment', 'probation']);
    const corrections = steps.filter((step) => step.correction);
    expect(corrections.some((step) => step.correction?.action === 'amend')).toBe(true);
    expect(corrections.some((step) => step.correction?.action === 'annul')).toBe(true);
    // Some detentions run past 48 hours without a court decision: breaches exist in real data.
    const late = caseload.cases.filter((seedCase) => {
      const detention = seedCase.steps.find((step) => step.stepType === 'detention');
      const next = detention && seedCase.steps.find((step) => step.personKey === detention.personKey && ['release_from_detention', 'preventive_measure_applied'].includes(step.stepType));
      return detention && next && Date.parse(next.occurredAt as string) - Date.parse(detention.occurredAt as string) > 48 * 3_600_000;
    });
    expect(late.length).toBeGreaterThan(0);
  });

  it('joins and splits a few cases, registering the split-off ones on top', () => {
    const linked = generateCaseload({ ...base, cases: 400, rates: { join: 0.05, split: 0.05 } });
    const joins = linked.units.filter((unit) => unit.kind === 'join');
    const splits = linked.units.filter((unit) => unit.kind === 'split');
    expect(joins.length).toBeGreaterThan(3);
    expect(splits.length).toBeGreaterThan(3);
    expect(linked.cases).toHaveLength(400 + splits.length);
    const byKey = new Map(linked.cases.map((seedCase) => [seedCase.key, seedCase]));
    for (const unit of joins) {
      const joined = byKey.get(unit.joinedKey) as SeedCase;
      expect(joined.steps[joined.steps.length - 1]).toMatchObject({ stepType: 'case_joined', system: true });
      expect(byKey.get(unit.intoKey)?.region).toBe(joined.region);
    }
    // Every case appears in exactly one unit.
    const inUnits = linked.units.flatMap((unit) => (unit.kind === 'case' ? [unit.caseKey] : unit.kind === 'join' ? [unit.joinedKey, unit.intoKey] : [unit.sourceKey, unit.splitKey]));
    expect(inUnits.sort()).toEqual(linked.cases.map((seedCase) => seedCase.key).sort());
    for (const seedCase of linked.cases) {
      expect(replay(journalOf(seedCase, NOW), { receivedAt: new Date(seedCase.receivedAt), stepTypes: new StepTypes(jurisdiction.pack) }).ok).toBe(true);
    }
  });

  it('keeps every time within the year, or shortly after it, and never after the moment of seeding', () => {
    const yearStart = jurisdiction.zonedInstant('2025-01-01T00:00').getTime();
    const horizon = jurisdiction.zonedInstant('2026-01-01T00:00').getTime() + 90 * 86_400_000;
    for (const seedCase of caseload.cases) {
      expect(Date.parse(seedCase.receivedAt)).toBeGreaterThanOrEqual(yearStart);
      for (const step of seedCase.steps) if (step.occurredAt !== null) expect(Date.parse(step.occurredAt)).toBeLessThanOrEqual(horizon);
    }
    // Seeding the current year part-way through: nothing after now, and the cases of the rest of the year are left out.
    const now = new Date('2025-07-01T00:00:00Z');
    const partial = generateCaseload({ ...base, cases: 500, now });
    expect(partial.cases.length).toBeLessThan(300);
    for (const seedCase of partial.cases) {
      if (seedCase.registeredAt !== null) expect(Date.parse(seedCase.registeredAt)).toBeLessThanOrEqual(now.getTime());
      for (const step of seedCase.steps) if (step.occurredAt !== null) expect(Date.parse(step.occurredAt)).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('writes the truth as NDJSON: a header, the persons, and each case followed by its steps', () => {
    const lines = [...truthLines(caseload)].map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'caseload', seed: 7, year: 2025, requested: 3000, cases: caseload.cases.length });
    expect(lines.filter((line) => line.type === 'step')).toHaveLength(caseload.cases.reduce((sum, seedCase) => sum + seedCase.steps.length, 0));
    expect(lines.filter((line) => line.type === 'person')).toHaveLength(caseload.persons.length);
  });
});
