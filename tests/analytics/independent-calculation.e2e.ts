import { protect } from '../../apps/analytics/src/disclosure/disclosure-control';
import { cellKeys, ExactTable, PublishedCell, StatisticalTable } from '../../apps/analytics/src/tables/statistical-table';
import {
  Breakdown, CASE_AGES, Figure, FLOW_MEASURES, flowCases, FlowCase, flowFigure, flowFigures, FlowMeasure, inCell, endedBeforeRegistration, pendingOfAge, Period, Stage, STAGES, TOTAL,
} from './case-flow-truth';
import type { Caseload } from '../../tools/seed/generate';
import { CaseOutcome, caseOutcome, durationIn, spanDuration, Span, SPANS, terminatedIn } from './case-outcomes-truth';
import { BISHKEK, caseload, casesOf, firstBatch, Granularity, kg, Policy, secondBatch, seededCountry, uncorrected, unitIndexes, unitOfCase, withCorrections } from './seeded-country';

/**
 * Issue 9's independent calculation: a generated caseload goes through the real write path
 * (case-registry and procedural-steps over HTTP, events to analytics), and every cell of the
 * case-flow tables analytics publishes is compared with the same figure computed from the
 * generated truth in plain TypeScript (./case-flow-truth.ts, from the definitions in
 * docs/indicators.md) — current figures, figures as of an instant between two batches of the
 * seeding (with corrections made after it), the suppression of the default disclosure policy
 * and of the open-data interface; and the running counts of cases registered and suspects
 * entered, the latter protected as `protect` protects the truth’s own table; and the cases
 * terminated by ground and the durations (./case-outcomes-truth.ts).
 */

const BREAKDOWNS: Breakdown[] = ['region', 'district', 'agency', 'iccsSection', 'article'];

describe('the case flow indicators against an independent calculation from the generated truth', () => {
  const country = seededCountry('e2e_independent');
  const { batchStartedAt, workedAt, table, tableFor, periodsOf, range } = country;
  let analyst: string;
  let between: Date;
  let months: Period[];
  beforeAll(() => {
    ({ analyst, between, months } = country);
  });

  /** The truth's figure of a cell keyed [period, category …]. */
  function truthOf(stage: Stage, measure: FlowMeasure, cases: readonly FlowCase[], by: readonly Breakdown[], key: readonly string[], periods: readonly Period[]): Figure {
    const period = periods.find((candidate) => candidate.code === key[0]);
    if (!period) throw new Error(`analytics published period ${key[0]}, which was not asked for`);
    return flowFigure(measure, flowFigures(inCell(cases, by, key.slice(1)).map((flow) => flow[stage]), period), period);
  }

  const shown = (cell: PublishedCell) => (cell.value === null ? `withheld (${cell.suppression})` : String(cell.value));

  interface Comparison {
    by: readonly Breakdown[];
    policy: Policy;
    granularity?: Granularity;
    asOf?: Date;
  }

  /**
   * Every cell of `<stage>_<measure>` against the truth. Exact figures must equal it; a ratio
   * over nothing (no incoming, no resolved cases) has no value and is withheld as
   * small-denominator, exact tables included (docs/indicators.md). Under the defaults a ratio
   * over fewer than 20 cases is withheld as small-denominator, and every other figure equals the
   * truth.
   */
  async function disagreements(stage: Stage, measure: FlowMeasure, cases: readonly FlowCase[], { by, policy, granularity = 'month', asOf }: Comparison): Promise<string[]> {
    const code = `${stage}_${measure}`;
    const periods = periodsOf(granularity);
    const query = `${range(granularity)}${by.length ? `&by=${by.join(',')}` : ''}${asOf ? `&asOf=${asOf.toISOString()}` : ''}`;
    const published = await tableFor(policy, `${code}/table?${query}`);
    const found: string[] = [];
    const minDenominator = { exact: undefined, defaults: 20, open: 1, regional: 1 }[policy];
    expect(published.disclosure).toMatchObject(policy === 'exact' ? { exact: true } : { exact: false, minDenominator });
    expect(published.dimensions.map((dimension) => dimension.code)).toEqual(['period', ...by]);
    expect(published.dimensions[0].categories.map((category) => category.code)).toEqual(periods.map((period) => period.code));
    // Every category a case falls in is listed (the totals include them all).
    for (const [index, breakdown] of by.entries()) {
      const listed = new Set(published.dimensions[index + 1].categories.map((category) => category.code));
      for (const flow of cases) if (!listed.has(flow.categories[breakdown])) found.push(`${code} by ${breakdown}: category ${flow.categories[breakdown]} of case ${flow.key} is not listed`);
    }
    for (const cell of published.cells) {
      const truth = truthOf(stage, measure, cases, by, cell.key, periods);
      const ratio = truth.denominator !== undefined;
      const withheld = cell.value === null && cell.suppression === 'small-denominator';
      const small = minDenominator !== undefined && ratio && (truth.denominator as number) < minDenominator;
      const agrees = small
        ? withheld
          : ratio && truth.denominator === 0
            ? withheld
            : cell.value === truth.value && cell.suppression === undefined;
      if (!agrees) {
        const expected = small ? 'withheld (small-denominator)' : String(truth.value);
        found.push(`${code} [${cell.key.join(', ')}]${asOf ? ` as of ${asOf.toISOString()}` : ''}: analytics ${shown(cell)}, truth ${expected}${ratio ? ` (${truth.numerator} / ${truth.denominator})` : ''}`);
      }
    }
    return found;
  }

  /** Every case-flow indicator compared; the disagreements of all of them. */
  async function allDisagreements(cases: readonly FlowCase[], comparison: Comparison): Promise<string[]> {
    const found: string[] = [];
    for (const [stage, measure] of indicators) found.push(...(await disagreements(stage, measure, cases, comparison)));
    return found;
  }

  const indicators = STAGES.flatMap((stage) => FLOW_MEASURES.map((measure) => [stage, measure] as const));
  const allCases = () => flowCases(caseload, kg, workedAt);

  it('was seeded with joins, splits, annulments and amendments, in two batches', () => {
    expect(caseload.units.filter((unit) => unit.kind === 'join').length).toBeGreaterThan(0);
    expect(caseload.units.filter((unit) => unit.kind === 'split').length).toBeGreaterThan(0);
    const corrections = caseload.cases.flatMap((seedCase) => seedCase.steps.flatMap((step) => (step.correction ? [step.correction.action] : [])));
    expect(corrections).toContain('annul');
    expect(corrections).toContain('amend');
    expect([firstBatch.length, secondBatch.length, withCorrections.length].every((length) => length > 0)).toBe(true);
  });

  it.each(BREAKDOWNS.map((breakdown) => [breakdown]))('publishes exact figures equal to the truth in every cell, by month and %s', async (breakdown) => {
    expect(await allDisagreements(allCases(), { by: [breakdown], policy: 'exact' })).toEqual([]);
  });

  it('publishes the figures as they stood between the two batches: only the first batch, without the corrections made after, as the truth has it', async () => {
    const before = flowCases(uncorrected, kg, workedAt, firstBatch);
    // The corrections made later change the flow of a case of the first batch (an annulled termination).
    const now = new Map(allCases().map((flow) => [flow.key, flow]));
    expect(before.filter((flow) => JSON.stringify(flow) !== JSON.stringify(now.get(flow.key))).length).toBeGreaterThan(0);
    expect(await allDisagreements(before, { by: ['region'], policy: 'exact', asOf: between })).toEqual([]);
    expect(await allDisagreements(before, { by: ['iccsSection'], policy: 'defaults', asOf: between })).toEqual([]);
    // The as-of figures are not the current ones: the second batch is missing from them.
    const incoming = async (asOf?: Date) =>
      (await table(country.services.urls.analytics, analyst, `pretrial_incoming/table?${range('year')}${asOf ? `&asOf=${asOf.toISOString()}` : ''}`)).cells.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
    expect(await incoming(between)).toBeLessThan(await incoming());
  });

  it.each([['region'], ['iccsSection']] as [Breakdown][])(
    'under the default disclosure policy withholds exactly the ratios over fewer than 20 cases (small-denominator) and publishes every other cell as the truth has it, by month and %s',
    async (breakdown) => {
      expect(await allDisagreements(allCases(), { by: [breakdown], policy: 'defaults' })).toEqual([]);
    },
  );

  it.each([['quarter'], ['year']] as ['quarter' | 'year'][])('publishes exact figures equal to the truth by %s, by region', async (granularity) => {
    expect(await allDisagreements(allCases(), { by: ['region'], policy: 'exact', granularity })).toEqual([]);
  });

  // Found by this test: a split-off case is registered at the split, but its journal (dated by
  // the generator from the source case's registration) may end the pre-trial stage months
  // before. Analytics counted it by year when both fell in one year and by month in neither; now
  // it leaves the stage at its registration, as docs/indicators.md says.
  it('counts a split-off case whose journal ends the pre-trial stage before its registration as incoming and resolved at its registration, by month and by year', async () => {
    const early = caseload.cases.filter((seedCase) => seedCase.splitFrom && endedBeforeRegistration(seedCase, workedAt(caseload.units.findIndex((unit) => unit.kind === 'split' && unit.splitKey === seedCase.key))));
    expect(early.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const granularity of ['month', 'year'] as const) {
      for (const measure of ['incoming', 'resolved', 'pending'] as const) found.push(...(await disagreements('pretrial', measure, allCases(), { by: ['region'], policy: 'exact', granularity })));
    }
    expect(found).toEqual([]);
  });

  it.each([['month'], ['year']] as ['month' | 'year'][])('publishes the age profile of the pending cases (caseAge) by %s as the truth has it', async (granularity) => {
    const found: string[] = [];
    for (const stage of STAGES) {
      const published = await table(country.services.urls.analytics, analyst, `${stage}_pending/table?${range(granularity)}&by=caseAge`);
      expect(published.dimensions[1].categories.map((category) => category.code)).toEqual([...CASE_AGES, TOTAL]);
      const periods = periodsOf(granularity);
      const spells = allCases().map((flow) => flow[stage]);
      for (const cell of published.cells) {
        const truth = pendingOfAge(spells, periods.find((period) => period.code === cell.key[0]) as Period, cell.key[1], kg);
        if (cell.value !== truth) found.push(`${stage}_pending [${cell.key.join(', ')}]: analytics ${shown(cell)}, truth ${truth}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('counts the cases registered by region and month (a running count) as the truth has them', async () => {
    // A split-off case is registered when the seeding splits it.
    const registered = caseload.cases.map((seedCase) => {
      const at = seedCase.registeredAt ?? workedAt(caseload.units.findIndex((unit) => unit.kind === 'split' && unit.splitKey === seedCase.key));
      return { region: seedCase.region, month: kg.localMonth(new Date(at)) };
    });
    const published = await table(country.services.urls.analytics, analyst, `cases_registered/table?${range('month')}&by=region`);
    const found = published.cells.flatMap((cell) => {
      const [month, region] = cell.key;
      const truth = registered.filter((entry) => entry.month === month && (region === TOTAL || entry.region === region)).length;
      return cell.value === truth ? [] : [`cases_registered [${cell.key.join(', ')}]: analytics ${shown(cell)}, truth ${truth}`];
    });
    expect(found).toEqual([]);
    expect(published.dimensions[1].categories.map((category) => category.code)).toEqual([...kg.pack.regions.map((region) => region.code), TOTAL]);
  });
  /**
   * suspects_entered is person-based: each suspect entered in a case — added over the API, or
   * carried into a case by a join or a split — counts once in the month it was entered (when the
   * seeding worked its unit), under the case's region and the citizenship group of the person.
   */
  function suspectEntries(): { month: string; region: string; group: string }[] {
    const persons = new Map(caseload.persons.map((person) => [person.key, person.facts]));
    return caseload.cases.flatMap((seedCase) =>
      seedCase.roles
        .filter((role) => role.role === 'suspect')
        .map((role) => ({
          month: kg.localMonth(new Date(workedAt(unitOfCase(seedCase.key)))),
          region: seedCase.region,
          group: kg.citizenshipGroup(persons.get(role.personKey)?.citizenship ?? null),
        })),
    );
  }

  /** The suspects entered by month, region and citizenship group: the truth's own table over the dimensions analytics publishes. */
  function suspectsTable(published: StatisticalTable): ExactTable {
    const entries = suspectEntries();
    for (const entry of entries) expect(published.dimensions[2].categories.map((category) => category.code)).toContain(entry.group);
    const truthOf = (key: readonly string[]) =>
      entries.filter((entry) => entry.month === key[0] && [entry.region, entry.group].every((code, index) => key[index + 1] === TOTAL || key[index + 1] === code)).length;
    return { ...published, cells: cellKeys(published.dimensions).map((key) => ({ key, value: truthOf(key) })) };
  }

  const suspectsQuery = () => `suspects_entered/table?period=month&from=${kg.localMonth(new Date(batchStartedAt[0]))}&to=${months[months.length - 1].code}&by=region,citizenshipGroup`;

  it('counts the suspects entered by region and citizenship group as the truth has them, and under the defaults withholds them as protect does with the truth', async () => {
    const exact = await tableFor('exact', suspectsQuery());
    const truth = suspectsTable(exact);
    expect(exact.cells.flatMap((cell, index) => (cell.value === truth.cells[index].value ? [] : [`suspects_entered [${cell.key.join(', ')}]: analytics ${shown(cell)}, truth ${truth.cells[index].value}`]))).toEqual([]);

    const published = await tableFor('defaults', suspectsQuery());
    expect(published.disclosure).toEqual({ minCellSize: 3, minDenominator: 20, exact: false });
    // Every count of 1 or 2 people is withheld as primary; every published figure is the truth's.
    const wrong = published.cells.flatMap((cell, index) => {
      const value = truth.cells[index].value;
      if (value > 0 && value < 3) return cell.value === null && cell.suppression === 'primary' ? [] : [`[${cell.key.join(', ')}] = ${value}: ${shown(cell)}, not withheld as primary`];
      return cell.value === null || cell.value === value ? [] : [`[${cell.key.join(', ')}]: published ${cell.value}, truth ${value}`];
    });
    expect(wrong).toEqual([]);
    expect(published.cells.some((cell) => cell.suppression === 'primary')).toBe(true);
    // And the withheld cells are those protect chooses for the truth's own table (its choice of secondary cells is tested on its own).
    expect(published.cells).toEqual(protect(truth, published.disclosure).cells);
  });

  it('publishes through the open-data interface, without a token, only protected tables — even where national analysts see exact figures', async () => {
    const suspects = await tableFor('open', suspectsQuery());
    expect(suspects.disclosure).toEqual({ minCellSize: 3, minDenominator: 1, exact: false });
    expect(suspects.cells.some((cell) => cell.suppression === 'primary')).toBe(true);
    expect(suspects.cells).toEqual(protect(suspectsTable(suspects), suspects.disclosure).cells);
    // Ratios over nothing are withheld there too.
    const found: string[] = [];
    for (const measure of ['clearance_rate', 'disposition_time'] as const) found.push(...(await disagreements('pretrial', measure, allCases(), { by: ['region'], policy: 'open' })));
    expect(found).toEqual([]);
  });

  it('gives a regional analyst only their region, never exact, even where national analysts see exact figures', async () => {
    const ownCases = allCases().filter((flow) => flow.categories.region === BISHKEK);
    expect(await allDisagreements(ownCases, { by: ['iccsSection'], policy: 'regional' })).toEqual([]);
  });

  /** The terminations and durations of the cases of these units (split-off cases registered when the seeding worked their unit). */
  const outcomesOf = (variant: Caseload, indexes: readonly number[]): CaseOutcome[] => {
    const keys = new Set(casesOf(indexes));
    return variant.cases.filter((seedCase) => keys.has(seedCase.key)).map((seedCase) => caseOutcome(seedCase, kg, workedAt(unitOfCase(seedCase.key))));
  };
  const DURATIONS = SPANS.flatMap((span) => [[span, 'median', 0.5], [span, 'p90', 0.9]] as const);
  type OutcomeBreakdown = Breakdown | 'ground';

  /**
   * Every cell of cases_terminated (`span` none) or of a duration against the truth. The
   * terminations are counts of cases: every cell as the truth has it, under any policy. A duration
   * over no case has no value (withheld as small-denominator, exact tables too); under the
   * defaults one over fewer than 20 cases is withheld so; every other one is the truth's.
   */
  async function outcomeDisagreements(
    outcomes: readonly CaseOutcome[],
    indicator: { span?: Span; statistic?: 'median' | 'p90'; q?: number },
    { by, policy, granularity = 'month', asOf }: { by: readonly OutcomeBreakdown[]; policy: 'exact' | 'defaults'; granularity?: Granularity; asOf?: Date },
  ): Promise<string[]> {
    const code = indicator.span ? `duration_${indicator.span}_${indicator.statistic}` : 'cases_terminated';
    const periods = periodsOf(granularity);
    const published = await tableFor(policy, `${code}/table?${range(granularity)}${by.length ? `&by=${by.join(',')}` : ''}${asOf ? `&asOf=${asOf.toISOString()}` : ''}`);
    expect(published.dimensions.map((dimension) => dimension.code)).toEqual(['period', ...by]);
    expect(published.dimensions[0].categories.map((category) => category.code)).toEqual(periods.map((period) => period.code));
    const found: string[] = [];
    for (const [index, breakdown] of by.entries()) {
      const listed = new Set(published.dimensions[index + 1].categories.map((category) => category.code));
      for (const outcome of outcomes) {
        const category = breakdown === 'ground' ? outcome.terminated?.ground : outcome.categories[breakdown];
        if (category !== undefined && !listed.has(category)) found.push(`${code} by ${breakdown}: category ${category} of case ${outcome.key} is not listed`);
      }
    }
    /** Cells with cases in them: a comparison of nothing but zeros and empty cells would prove little. */
    let figures = 0;
    for (const cell of published.cells) {
      const period = periods.find((candidate) => candidate.code === cell.key[0]) as Period;
      const codes = cell.key.slice(1);
      let expected: PublishedCell;
      let truth: string;
      if (!indicator.span) {
        const value = terminatedIn(outcomes, period, by, codes);
        if (value > 0) figures += 1;
        expected = { key: cell.key, value };
        truth = String(value);
      } else {
        const { value, observations } = durationIn(outcomes, indicator.span, indicator.q as number, period, by as Breakdown[], codes);
        if (observations > 0) figures += 1;
        const small = observations === 0 || (policy === 'defaults' && observations < 20);
        expected = small ? { key: cell.key, value: null, suppression: 'small-denominator' } : { key: cell.key, value: value as number };
        truth = `${value} over ${observations} cases`;
      }
      if (cell.value !== expected.value || cell.suppression !== expected.suppression) {
        found.push(`${code} [${cell.key.join(', ')}]${asOf ? ` as of ${asOf.toISOString()}` : ''} ${policy}: analytics ${shown(cell)}, truth ${truth} (${shown(expected)})`);
      }
    }
    if (figures === 0) found.push(`${code} by ${by.join(',') || 'nothing'} ${policy}: the truth has no case in any cell`);
    return found;
  }

  it('was seeded with terminations on the pack’s grounds (one annulled) and suspensions within the spans measured', () => {
    const outcomes = outcomesOf(caseload, unitIndexes);
    // The KG pack lists one ground so far; `unknown` is a category too.
    const grounds = outcomes.flatMap((outcome) => (outcome.terminated ? [outcome.terminated.ground] : []));
    expect(grounds.length).toBeGreaterThan(10);
    expect(grounds.filter((ground) => !kg.pack.terminationGrounds.some((known) => known.code === ground))).toEqual([]);
    const annulled = caseload.cases.flatMap((seedCase) => seedCase.steps.filter((step) => step.correction?.action === 'annul').map((step) => seedCase.steps.find((target) => target.key === step.correction?.correctsStepKey)?.stepType));
    expect(annulled).toContain('proceedings_terminated');
    const suspendedWithin = outcomes.filter((outcome) => {
      const span = spanDuration(outcome, 'registration_to_final_decision');
      return span && outcome.suspensions.length > 0 && span.days < Math.floor(((outcome.decidedAt as number) - outcome.registeredAt) / 86_400_000);
    });
    expect(suspendedWithin.length).toBeGreaterThan(0);
  });

  it('counts the cases terminated by ground as the truth has them: by month, by quarter with the ICCS section, under the default policy (not counts of people), and as of the instant between the batches', async () => {
    const now = outcomesOf(caseload, unitIndexes);
    const found = [
      ...(await outcomeDisagreements(now, {}, { by: ['ground'], policy: 'exact' })),
      ...(await outcomeDisagreements(now, {}, { by: ['ground', 'iccsSection'], policy: 'exact', granularity: 'quarter' })),
      ...(await outcomeDisagreements(now, {}, { by: ['region', 'ground'], policy: 'defaults' })),
      ...(await outcomeDisagreements(outcomesOf(uncorrected, firstBatch), {}, { by: ['ground', 'region'], policy: 'exact', asOf: between })),
    ];
    expect(found).toEqual([]);
  });

  it.each(DURATIONS.map(([span, statistic, q]) => [`duration_${span}_${statistic}`, span, statistic, q] as const))(
    'publishes %s as the truth has it: by month and region, by quarter and ICCS section, by year, under the defaults, and as of the instant between the batches',
    async (_code, span, statistic, q) => {
      const now = outcomesOf(caseload, unitIndexes);
      const indicator = { span, statistic, q };
      const found = [
        ...(await outcomeDisagreements(now, indicator, { by: ['region'], policy: 'exact' })),
        ...(await outcomeDisagreements(now, indicator, { by: ['iccsSection'], policy: 'exact', granularity: 'quarter' })),
        ...(await outcomeDisagreements(now, indicator, { by: [], policy: 'exact', granularity: 'year' })),
        ...(await outcomeDisagreements(now, indicator, { by: ['region'], policy: 'defaults', granularity: 'quarter' })),
        // Nationally, each span ends in 2025 for 20 cases or more (published), and for fewer in 2026 but for the final decision.
        ...(await outcomeDisagreements(now, indicator, { by: [], policy: 'defaults', granularity: 'year' })),
        ...(await outcomeDisagreements(outcomesOf(uncorrected, firstBatch), indicator, { by: ['region'], policy: 'exact', asOf: between })),
      ];
      expect(found).toEqual([]);
    },
  );
});
