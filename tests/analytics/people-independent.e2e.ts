import { eventually, http } from '@icjims/testing';
import { protect } from '../../apps/analytics/src/disclosure/disclosure-control';
import type { IndicatorDefinition } from '../../apps/analytics/src/indicators/indicator-definition';
import { cellKeys, ExactTable, PublishedCell, StatisticalTable } from '../../apps/analytics/src/tables/statistical-table';
import type { Caseload } from '../../tools/seed/generate';
import { Period } from './case-flow-truth';
import { inPersonCell, peopleFigure, peopleIndicators, PersonBreakdown, PersonEntry, personEntries } from './people-truth';
import { BISHKEK, caseload, casesOf, firstBatch, Granularity, kg, Policy, seededCountry, uncorrected, unitOfCase } from './seeded-country';

/**
 * Issue 9's independent calculation for the people indicators: the generated caseload of
 * ./seeded-country.ts goes through the real write path, and every cell of the people tables
 * analytics publishes (persons suspected, detained, accused, with a plea agreement, convicted,
 * judged by outcome, sentenced, victims, SGBV victims, juveniles, and the conviction and
 * non-custodial sentence shares) is compared with the same figure computed from the generated
 * truth in plain TypeScript (./people-truth.ts, from the definitions in docs/indicators.md):
 * by each person breakdown and region, by month, quarter and year, as of the instant between
 * the two batches of the seeding (before the corrections), exact for a national analyst where
 * the policy allows it, and protected — under the default policy, through the open-data
 * interface and for a regional analyst — as `protect` protects the truth's own exact table.
 */

/** The measure the seed applies after a detention (tools/seed/generate.ts): custody, which the pack's detention rules hand over to. */
const CUSTODY = ['custody'];
const INDICATORS = peopleIndicators(caseload, kg, CUSTODY);
const CODES = Object.keys(INDICATORS);
const PERSON_BREAKDOWNS: PersonBreakdown[] = ['sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability', 'region'];
/** What analytics knew between the two batches: the first batch's cases, without the corrections made after. */
const firstCases = new Set(casesOf(firstBatch));
const beforeCorrections: Caseload = { ...uncorrected, cases: uncorrected.cases.filter((seedCase) => firstCases.has(seedCase.key)) };

/**
 * Pairs of records to merge after the seeding (the seed merges none): in each of two cases, two
 * suspects who were both judged, the one merged away without a national ID (the record with one
 * must survive) and in no other case. Merged, they count as one person in that case.
 */
function mergePairs(): { caseKey: string; surviving: string; merged: string }[] {
  const persons = new Map(caseload.persons.map((person) => [person.key, person.facts]));
  const casesOfPerson = new Map<string, number>();
  for (const seedCase of caseload.cases) for (const person of new Set(seedCase.roles.map((role) => role.personKey))) casesOfPerson.set(person, (casesOfPerson.get(person) ?? 0) + 1);
  const judged = personEntries(caseload, 'judged', kg, () => 0);
  return caseload.cases.flatMap((seedCase) => {
    const its = judged.filter((entry) => entry.caseKey === seedCase.key).map((entry) => entry.personKey);
    const merged = its.find((person) => !persons.get(person)?.nationalId && casesOfPerson.get(person) === 1);
    const surviving = its.find((person) => person !== merged);
    return merged && surviving ? [{ caseKey: seedCase.key, surviving, merged }] : [];
  });
}
/** The merge that stands, and one undone after a while (each in a case of its own). */
const [KEPT, UNDONE] = mergePairs();
if (!UNDONE) throw new Error('the caseload has fewer than two cases with two judged suspects to merge');
const aliasesOf = (...pairs: { merged: string; surviving: string }[]): ReadonlyMap<string, string> => new Map(pairs.map((pair) => [pair.merged, pair.surviving]));

describe('the people indicators against an independent calculation from the generated truth', () => {
  const country = seededCountry('e2e_people');
  /** Roles are given when the seeding works the case's unit (a moment after its batch began). */
  const rolesGivenAt = (caseKey: string) => country.workedAt(unitOfCase(caseKey));
  /** The breakdowns each indicator allows, as the catalogue serves them. */
  let allowed: Map<string, readonly string[]>;
  /** An instant while both merges held. */
  let bothMerged: Date;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    const catalogue = await http<IndicatorDefinition[]>('GET', `${country.services.urls.analytics}/api/v1/indicators`, { token: country.analyst });
    allowed = new Map(catalogue.body.map((indicator) => [indicator.code, indicator.breakdowns]));
    // Every indicator the truth computes is served (none is left out of the comparisons unnoticed).
    expect(CODES.filter((code) => !allowed.has(code))).toEqual([]);

    // The merges, after the instant between the batches (as of which the records count apart); one undone a while later.
    const registry = `${country.services.urls['case-registry']}/api/v1/persons`;
    const tokenFor = (pair: { caseKey: string }) => {
      const seedCase = caseload.cases.find((candidate) => candidate.key === pair.caseKey) as Caseload['cases'][number];
      return country.services.tokenFor('prosecutor', { region: seedCase.region, sub: 'seed-prosecutor' });
    };
    const aliases = async (condition = 'true') => (await country.services.db.query(`SELECT count(*)::int AS n FROM analytics.fact_person_aliases WHERE ${condition}`)).rows[0].n;
    for (const pair of [KEPT, UNDONE]) {
      const merge = await http('POST', `${registry}/${country.personIds.get(pair.surviving)}/merges`, {
        token: await tokenFor(pair),
        body: { mergedPersonId: country.personIds.get(pair.merged), reason: 'The same person recorded twice' },
        purpose: 'investigation',
      });
      expect(merge.status).toBe(201);
    }
    await eventually(async () => ((await aliases()) === 2 ? true : undefined), 30_000, 'analytics to take in the merges');
    await sleep(1100);
    bothMerged = new Date();
    await sleep(1100);
    const unmerge = await http('POST', `${registry}/${country.personIds.get(UNDONE.merged)}/unmerge`, { token: await tokenFor(UNDONE), body: { reason: 'Two different persons after all' }, purpose: 'investigation' });
    expect(unmerge.status).toBe(200);
    await eventually(async () => ((await aliases('known_until IS NOT NULL')) === 1 ? true : undefined), 30_000, 'analytics to take in the unmerge');
  });

  /**
   * The caseload and merges analytics knew at an instant: now, everything and the merge that
   * stands; while both merges held, both; between the batches, the first batch without its
   * corrections, and no merge.
   */
  const truthAt = (asOf?: Date): { variant: Caseload; aliases?: ReadonlyMap<string, string> } =>
    asOf === undefined ? { variant: caseload, aliases: aliasesOf(KEPT) } : asOf === bothMerged ? { variant: caseload, aliases: aliasesOf(KEPT, UNDONE) } : { variant: beforeCorrections };
  const entriesOf = (code: string, asOf?: Date) => {
    const { variant, aliases } = truthAt(asOf);
    return personEntries(variant, INDICATORS[code].position, kg, rolesGivenAt, aliases);
  };
  const shown = (cell: PublishedCell) => (cell.value === null ? `withheld (${cell.suppression})` : String(cell.value));

  interface Comparison {
    by: readonly PersonBreakdown[];
    policy: Policy;
    granularity?: Granularity;
    asOf?: Date;
    /** One range of local days, both included (period=range), instead of `granularity`. */
    days?: { from: string; to: string };
  }

  /** A range of local days as one period: from the first day's midnight to the midnight after the last, in the pack's zone. */
  const dayRange = ({ from, to }: { from: string; to: string }): Period => {
    const start = kg.zonedInstant(`${from}T00:00`).getTime();
    const end = kg.addInZone(kg.zonedInstant(`${to}T00:00`), { amount: 1, unit: 'days' }).getTime();
    return { code: `${from}/${to}`, start, end, days: Math.round((end - start) / 86_400_000) };
  };

  /** The truth's own exact table over the dimensions analytics published (each ratio with what it divides). */
  function truthTable(code: string, published: StatisticalTable, entries: readonly PersonEntry[], by: readonly PersonBreakdown[], periods: readonly Period[]): ExactTable {
    const cells = cellKeys(published.dimensions).map((key) => {
      const period = periods.find((candidate) => candidate.code === key[0]);
      if (!period) throw new Error(`analytics published period ${key[0]}, which was not asked for`);
      return { key, ...peopleFigure(INDICATORS[code], inPersonCell(entries, period, by, key.slice(1))) };
    });
    return { indicator: published.indicator, dimensions: published.dimensions, ...(published.asOf ? { asOf: published.asOf } : {}), language: published.language, cells };
  }

  /**
   * Every cell of an indicator's table against the truth. Exact: the truth's figure, a share over
   * nobody withheld as small-denominator (docs/indicators.md). Protected: what `protect` makes of
   * the truth's exact table under the policy the table was published under.
   */
  async function disagreements(code: string, { by, policy, granularity = 'month', asOf, days }: Comparison): Promise<string[]> {
    const periods = days ? [dayRange(days)] : country.periodsOf(granularity);
    const query = `${days ? `period=range&from=${days.from}&to=${days.to}` : country.range(granularity)}${by.length ? `&by=${by.join(',')}` : ''}${asOf ? `&asOf=${asOf.toISOString()}` : ''}`;
    const published = await country.tableFor(policy, `${code}/table?${query}`);
    const found: string[] = [];
    expect(published.disclosure.exact).toBe(policy === 'exact');
    expect(published.dimensions.map((dimension) => dimension.code)).toEqual(['period', ...by]);
    expect(published.dimensions[0].categories.map((category) => category.code)).toEqual(periods.map((period) => period.code));
    let entries = entriesOf(code, asOf);
    // A regional analyst's tables hold their region only.
    if (policy === 'regional') entries = entries.filter((entry) => entry.categories.region === BISHKEK);
    // Every category a person is counted under is listed (the totals include them all).
    for (const [index, breakdown] of by.entries()) {
      const listed = new Set(published.dimensions[index + 1].categories.map((category) => category.code));
      for (const entry of entries) if (!listed.has(entry.categories[breakdown])) found.push(`${code} by ${breakdown}: category ${entry.categories[breakdown]} of ${entry.personKey} in ${entry.caseKey} is not listed`);
    }
    const truth = truthTable(code, published, entries, by, periods);
    // A comparison with nothing in it would prove nothing (a region alone may have no one of a kind).
    if (policy !== 'regional') expect([code, truth.cells.some((cell) => cell.value > 0)]).toEqual([code, true]);
    const expected = protect(truth, published.disclosure).cells;
    for (const [index, cell] of published.cells.entries()) {
      const exact = truth.cells[index];
      const agrees =
        policy === 'exact'
          ? exact.denominator === 0
            ? cell.value === null && cell.suppression === 'small-denominator'
            : cell.value === exact.value && cell.suppression === undefined
          : cell.value === expected[index].value && cell.suppression === expected[index].suppression;
      if (!agrees) {
        const ratio = exact.denominator === undefined ? '' : ` (${exact.numerator} / ${exact.denominator})`;
        found.push(`${code} [${cell.key.join(', ')}]${asOf ? ` as of ${asOf.toISOString()}` : ''} ${policy}: analytics ${shown(cell)}, truth ${exact.value}${ratio}${policy === 'exact' ? '' : `, protected ${shown(expected[index])}`}`);
      }
    }
    return found;
  }

  /** Every people indicator that allows the breakdowns, compared. */
  async function allDisagreements(comparison: Comparison): Promise<string[]> {
    const found: string[] = [];
    const codes = CODES.filter((code) => comparison.by.every((breakdown) => allowed.get(code)?.includes(breakdown)));
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) found.push(...(await disagreements(code, comparison)));
    return found;
  }

  it('is seeded with what the people indicators must get right: juveniles, unknown sexes and ages, SGBV victims, acquittals, plea agreements, both kinds of sentence, an annulled suspicion, persons in several cases, a merge', () => {
    const count = (code: string, only = (_entry: PersonEntry) => true) => entriesOf(code).filter(INDICATORS[code].only ?? (() => true)).filter(only).length;
    expect(count('juveniles_suspected')).toBeGreaterThan(0);
    expect(count('persons_suspected', (entry) => entry.categories.sex === 'unknown')).toBeGreaterThan(0);
    expect(count('persons_suspected', (entry) => entry.categories.ageBand === 'unknown')).toBeGreaterThan(0);
    expect(count('sgbv_victims')).toBeGreaterThan(0);
    expect(count('persons_plea_agreement')).toBeGreaterThan(0);
    expect(count('verdicts_by_outcome', (entry) => entry.detail === 'acquittal')).toBeGreaterThan(0);
    expect(count('persons_sentenced', (entry) => entry.detail === 'imprisonment')).toBeGreaterThan(0);
    expect(count('non_custodial_sentence_share')).toBeGreaterThan(0);
    // A suspicion annulled after the first batch: counted as of the instant between, not now.
    const annulled = caseload.cases.flatMap((seedCase) => seedCase.steps.filter((step) => step.correction?.action === 'annul').map((step) => seedCase.steps.find((target) => target.key === step.correction?.correctsStepKey)?.stepType));
    expect(annulled).toContain('suspicion_notified');
    const inCases = new Map<string, number>();
    for (const seedCase of caseload.cases) for (const role of seedCase.roles) inCases.set(role.personKey, (inCases.get(role.personKey) ?? 0) + 1);
    expect([...inCases.values()].some((cases) => cases > 1)).toBe(true);
    // Each merge makes two persons judged in a case one.
    const judgedIn = (caseKey: string, aliases?: ReadonlyMap<string, string>) => personEntries(caseload, 'judged', kg, rolesGivenAt, aliases).filter((entry) => entry.caseKey === caseKey).length;
    for (const pair of [KEPT, UNDONE]) expect(judgedIn(pair.caseKey, aliasesOf(pair))).toBe(judgedIn(pair.caseKey) - 1);
  });

  it.each(PERSON_BREAKDOWNS.map((breakdown) => [breakdown]))('publishes exact figures equal to the truth in every cell, by month and %s', async (breakdown) => {
    expect(await allDisagreements({ by: [breakdown], policy: 'exact' })).toEqual([]);
  });

  it('publishes the persons given each preventive measure, and the non-custodial share, as the truth has them', async () => {
    expect(kg.pack.preventiveMeasures.map((measure) => measure.code)).toEqual(expect.arrayContaining(CUSTODY));
    expect(new Set(entriesOf('persons_given_preventive_measure').map((entry) => entry.detail)).size).toBeGreaterThan(2);
    const found = [
      ...(await disagreements('persons_given_preventive_measure', { by: ['measure'], policy: 'exact' })),
      ...(await disagreements('persons_given_preventive_measure', { by: ['measure', 'sex'], policy: 'defaults', granularity: 'quarter' })),
      ...(await disagreements('non_custodial_measure_share', { by: ['region'], policy: 'defaults', granularity: 'quarter' })),
    ];
    expect(found).toEqual([]);
  });

  it('publishes the persons judged by the outcome of their first verdict, and by outcome and sex, as the truth has them', async () => {
    const found = [
      ...(await disagreements('verdicts_by_outcome', { by: ['outcome'], policy: 'exact' })),
      ...(await disagreements('verdicts_by_outcome', { by: ['outcome', 'sex'], policy: 'exact', granularity: 'quarter' })),
    ];
    expect(found).toEqual([]);
  });

  it.each([['quarter'], ['year']] as [Granularity][])('publishes exact figures equal to the truth by %s, by region and sex', async (granularity) => {
    expect(await allDisagreements({ by: ['region', 'sex'], policy: 'exact', granularity })).toEqual([]);
  });

  it('publishes the figures as they stood between the two batches: only the first batch, without the corrections made after, as the truth has it', async () => {
    // The corrections made later change a people figure of the first batch (an annulled suspicion).
    const suspected = (asOf?: Date) => entriesOf('persons_suspected', asOf).filter((entry) => firstCases.has(entry.caseKey)).length;
    expect(suspected(country.between)).toBeGreaterThan(suspected());
    const found: string[] = [];
    for (const by of [['sex'], ['region'], ['ageBand', 'juvenile']] as PersonBreakdown[][]) found.push(...(await allDisagreements({ by, policy: 'exact', asOf: country.between })));
    found.push(...(await allDisagreements({ by: ['region'], policy: 'defaults', asOf: country.between })));
    expect(found).toEqual([]);
    // The as-of figures are not the current ones: the victims of the second batch are missing from them.
    const victims = async (asOf?: Date) =>
      (await country.tableFor('exact', `victims_registered/table?${country.range('year')}${asOf ? `&asOf=${asOf.toISOString()}` : ''}`)).cells.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
    expect(await victims(country.between)).toBeLessThan(await victims());
  });

  it('publishes the figures as they stood while both merges held: the records merged then, and undone since, count as one person', async () => {
    const judged = (asOf?: Date) => entriesOf('verdicts_by_outcome', asOf).length;
    expect(judged(bothMerged)).toBe(judged() - 1);
    const found: string[] = [];
    for (const by of [['sex'], ['region'], ['outcome']] as PersonBreakdown[][]) found.push(...(await allDisagreements({ by, policy: 'exact', asOf: bothMerged })));
    found.push(...(await allDisagreements({ by: ['region'], policy: 'defaults', asOf: bothMerged, granularity: 'quarter' })));
    expect(found).toEqual([]);
  });

  it.each(PERSON_BREAKDOWNS.map((breakdown) => [breakdown]))(
    'under the default disclosure policy withholds the cells protect withholds in the truth’s own table (small counts, their complements, shares over fewer than 20 persons), by month and %s',
    async (breakdown) => {
      expect(await allDisagreements({ by: [breakdown], policy: 'defaults' })).toEqual([]);
    },
  );

  it('publishes any range of days as one period, exact and under the defaults, as the truth has it', async () => {
    // From a day in the seeded year to today: the steps of most of it, and the victims (entered today).
    const days = { from: '2025-03-10', to: kg.localDate(new Date()) };
    const found = [...(await allDisagreements({ by: ['sex'], policy: 'exact', days })), ...(await allDisagreements({ by: ['ageBand'], policy: 'defaults', days }))];
    expect(found).toEqual([]);
  });

  it('withholds small counts of people as primary and others as secondary under the defaults, as the truth’s own table requires', async () => {
    const published = await country.tableFor('defaults', `persons_suspected/table?${country.range('quarter')}&by=region,sex`);
    const reasons = new Set(published.cells.map((cell) => cell.suppression));
    expect(reasons).toEqual(new Set([undefined, 'primary', 'secondary']));
    expect(await disagreements('persons_suspected', { by: ['region', 'sex'], policy: 'defaults', granularity: 'quarter' })).toEqual([]);
  });

  it('publishes through the open-data interface, without a token, only protected tables, as protect makes them of the truth', async () => {
    expect(await allDisagreements({ by: ['ageBand'], policy: 'open', granularity: 'quarter' })).toEqual([]);
  });

  it('gives a regional analyst only their region’s people, protected, as the truth has them', async () => {
    expect(await allDisagreements({ by: ['sex'], policy: 'regional', granularity: 'quarter' })).toEqual([]);
  });
});
