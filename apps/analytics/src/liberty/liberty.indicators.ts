import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import type { PersonBreakdown } from '../people/person-counts';
import { countedTable, IndicatorFamily, ratioTable, tableIndicator } from '../tables/indicator-family';
import { cellKeys, TOTAL } from '../tables/statistical-table';
import { libertyRules } from './liberty-rules';
import { measuresFromAggregates, personsBreachingFromAggregates } from '../aggregates/liberty-from-aggregates';
import { custodyLengthsFromAggregates, personsHeldFromAggregates } from '../aggregates/custody-from-aggregates';
import { MeasureBreakdown } from './measures-applied';

const PERSON_BREAKDOWNS: Breakdown[] = ['region', 'month', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'];
const PERSON_EVENTS = ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.merged', 'case-registry person.unmerged'];
const CATEGORIES =
  'A record merged into another counts as the surviving person (merges as they stood at asOf); categories are those case-registry gave for the person in the case, unknown when never announced.';
const EPISODE =
  'An episode of pre-trial deprivation of liberty runs, per person and case, from the step that starts it — a detention, or a custody measure applied (the pack’s custody: the measure whose application takes over from a detention in the pack’s deadline rules) — ' +
  'to the first step that ends it: a release, custody lifted or changed to another measure, proceedings terminated, the case closed (the steps that stop the pack’s detention and custody clocks), the person’s verdict, or the person leaving the case; custody after a detention continues the same episode. ' +
  'Only episodes begun before the person’s first verdict in the case count. A case joined into another (or a person split off into another case) takes the episode along: it goes on in the receiving case, from when it began in the source case.';

const common = { version: 1, validFrom: '2026-01-01', public: true, personLevelCategories: false } as const;

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    ...common,
    code: 'persons_detained_over_legal_time',
    title: 'Persons held in detention over the legal time without a court decision',
    definition:
      'Persons detained as suspects who were neither released nor placed in custody by a court within the legal time (the pack’s term): persons whose clock under a deadline rule that a detention starts (the jurisdiction pack’s rules, chosen by what starts them) ran out in the period. ' +
      `Each person once per case and period, however many of their detentions overran; a breach procedural-steps withdrew (the detention annulled, or its end recorded as in time) does not count from the withdrawal on. ${CATEGORIES} Counts of people: small cells are withheld.`,
    formula: 'count of distinct (case, person) with a deadline.breached of a detention rule (a person rule that the detention step starts) whose dueAt falls in the period, less breaches withdrawn by asOf',
    sourceEvents: ['procedural-steps deadline.breached', 'procedural-steps deadline.breach-withdrawn', 'case-registry case.registered', ...PERSON_EVENTS.slice(2)],
    source: 'ICCPR art. 9(3) (anyone arrested brought promptly before a judge) and the UN Body of Principles for the Protection of All Persons under Any Form of Detention or Imprisonment, principles 11 and 37',
    unit: 'persons',
    measure: 'count',
    breakdowns: PERSON_BREAKDOWNS,
    personBased: true,
  },
  {
    ...common,
    code: 'persons_in_custody_beyond_term',
    title: 'Persons held in custody beyond its term',
    definition:
      'Persons in custody (the preventive measure) who were still held when the term the court set ran out, without an extension or release: persons whose clock under a deadline rule that the application of a custody measure starts (the pack’s rules, chosen by what starts them) ran out in the period. ' +
      `Each person once per case and period; withdrawn breaches do not count from their withdrawal on. ${CATEGORIES} Counts of people: small cells are withheld.`,
    formula: 'count of distinct (case, person) with a deadline.breached of a custody rule (a person rule that applying the custody measure starts) whose dueAt falls in the period, less breaches withdrawn by asOf',
    sourceEvents: ['procedural-steps deadline.breached', 'procedural-steps deadline.breach-withdrawn', 'case-registry case.registered', ...PERSON_EVENTS.slice(2)],
    source: 'ICCPR art. 9(1) and 9(3) (no detention but on grounds and by procedures the law sets; trial within a reasonable time or release); UN Body of Principles, principles 38 and 39',
    unit: 'persons',
    measure: 'count',
    breakdowns: PERSON_BREAKDOWNS,
    personBased: true,
  },
  ...(['median', 'p90'] as const).map((statistic) => ({
    ...common,
    code: `pre_trial_detention_length_${statistic}`,
    version: 2,
    title: `Length of pre-trial deprivation of liberty (${statistic === 'median' ? 'median' : '90th percentile'})`,
    definition:
      `How long persons were deprived of liberty before a verdict, in whole days: ${statistic === 'median' ? 'the median (50th percentile, interpolated)' : 'the 90th percentile (interpolated): nine episodes in ten were no longer'} of the episodes that ended in the period, each episode's length rounded down to whole days. ` +
      `${EPISODE} An episode ended by the transfer itself is not a length of its own. Corrections apply; withheld when over fewer episodes than the minimum denominator. ${CATEGORIES} ` +
      'Version 2: lengths in whole days (version 1 took fractions of days).',
    formula: `${statistic === 'median' ? 'percentile_cont(0.5)' : 'percentile_cont(0.9)'} over the pre-trial episodes of deprivation of liberty that end in the period of ⌊(end − start) in days⌋ (whole days), one decimal`,
    sourceEvents: PERSON_EVENTS,
    source: 'ICCPR art. 9(3) (trial within a reasonable time or release); UN Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules), rule 6.2: pre-trial detention no longer than necessary',
    unit: 'days',
    measure: 'quantile' as const,
    breakdowns: PERSON_BREAKDOWNS,
    personBased: false,
  })),
  {
    ...common,
    code: 'unsentenced_detainee_share',
    title: 'Unsentenced detainees as a share of all persons held (SDG 16.3.2)',
    definition:
      'At the end of each period, the persons held without a sentence (in an open episode of pre-trial deprivation of liberty) among all persons held as far as this system sees: those, plus persons whose imprisonment sentence runs at that moment (their latest sentence in the case is imprisonment and its termMonths, counted from the sentence, have not run out). ' +
      `${EPISODE} A person is counted once, as unsentenced only when serving no sentence. ` +
      'What the system cannot see, so that this is not the prison population SDG 16.3.2 divides by: persons held under sentences given before the journal was kept or by other systems, the actual time served (credit for pre-trial custody, early release, parole, a sentence that starts after an appeal), and detention outside criminal proceedings (administrative, immigration, psychiatric). ' +
      `${CATEGORIES} Withheld when fewer persons are held than the minimum denominator, or when the unsentenced are a small count of people.`,
    formula: 'persons held pre-trial and serving no sentence at the period’s end ÷ persons held at the period’s end (pre-trial, or serving imprisonment by the sentence step’s termMonths) × 100, per category',
    sourceEvents: PERSON_EVENTS,
    source: 'SDG indicator 16.3.2 metadata (UNODC): unsentenced detainees as a proportion of overall prison population',
    unit: '%',
    measure: 'ratio',
    breakdowns: PERSON_BREAKDOWNS,
    personBased: true,
  },
  {
    ...common,
    code: 'persons_given_preventive_measure',
    title: 'Persons given a preventive measure, by measure',
    definition:
      'Persons to whom a preventive measure was applied (or to whom a change brought a new measure), by the measure (the jurisdiction pack’s preventive measures; unknown when none was recorded). ' +
      'Each person counts once per case and measure, in the period the measure was first given to them in the case — a person given a travel ban and later custody counts under both, and twice in the total; a measure received from a joined case is not applied anew. ' +
      `Corrections apply. ${CATEGORIES} Counts of people: small cells are withheld.`,
    formula: 'count of distinct (case, person) per measure whose first effective preventive_measure_applied (measure) or preventive_measure_changed (newMeasure) with that measure falls in the period',
    sourceEvents: PERSON_EVENTS,
    source: 'UN Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules), rules 2.3 and 6: the range of non-custodial measures and pre-trial detention as a last resort',
    unit: 'persons',
    measure: 'count',
    breakdowns: [...PERSON_BREAKDOWNS, 'measure'],
    personBased: true,
  },
  {
    ...common,
    code: 'non_custodial_measure_share',
    title: 'Share of non-custodial preventive measures',
    definition:
      'Of the preventive measures given to persons in the period (counted as persons_given_preventive_measure counts them), the share that are not custody — custody being the pack’s measure whose application takes over from a detention in its deadline rules; an unknown measure counts in the whole only. ' +
      `${CATEGORIES} Withheld when fewer measures were given than the minimum denominator, or when the non-custodial ones are a small count of people.`,
    formula: 'persons given a non-custodial measure ÷ persons given a preventive measure × 100, each per (case, person, measure) first given in the period, per category',
    sourceEvents: PERSON_EVENTS,
    source: 'UN Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules), rule 6.1: pre-trial detention as a means of last resort',
    unit: '%',
    measure: 'ratio',
    breakdowns: PERSON_BREAKDOWNS,
    personBased: true,
  },
];

/** Detention and custody: overruns, lengths, who is held unsentenced, and the alternatives used. */
export const LIBERTY_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, jurisdiction, timeZone }) {
    const rules = libertyRules(jurisdiction.pack);
    const by = ask.by as PersonBreakdown[];
    const query = { rules, periods: ask.spans, by, region: ask.region, asOf: ask.asOf };
    switch (ask.indicator.code) {
      case 'persons_detained_over_legal_time':
      case 'persons_in_custody_beyond_term': {
        const breached = ask.indicator.code === 'persons_detained_over_legal_time' ? rules.detentionRules : rules.custodyRules;
        const rows = await personsBreachingFromAggregates(manager, { ...query, rules: breached, timeZone });
        return countedTable(ask, dimensions(rows.map((row) => row.key)), rows);
      }
      case 'unsentenced_detainee_share': {
        const rows = await personsHeldFromAggregates(manager, { ...query, timeZone });
        const dims = dimensions(rows.map((row) => row.key));
        const count = (value: 'unsentenced' | 'held') => countedTable(ask, dims, rows.map((row) => ({ key: row.key, value: row[value] })));
        return ratioTable(count('unsentenced'), count('held'), () => 100);
      }
      case 'persons_given_preventive_measure':
      case 'non_custodial_measure_share': {
        const rows = await measuresFromAggregates(manager, { ...query, by: ask.by as MeasureBreakdown[], custody: rules.custodyMeasures, timeZone });
        const dims = dimensions(rows.map((row) => row.key));
        const count = (value: 'all' | 'nonCustodial') => countedTable(ask, dims, rows.map((row) => ({ key: row.key, value: row[value] })));
        return ask.indicator.code === 'persons_given_preventive_measure' ? count('all') : ratioTable(count('nonCustodial'), count('all'), () => 100);
      }
      default: {
        const quantile = ask.indicator.code.endsWith('_median') ? 0.5 : 0.9;
        const rows = await custodyLengthsFromAggregates(manager, { ...query, quantile, timeZone });
        const dims = dimensions(rows.map((row) => row.key).filter((key) => !key.includes(TOTAL)));
        const byKey = new Map(rows.map((row) => [row.key.join('\u0000'), row]));
        // A combination with no episode has no length: withheld (small-denominator), exact or not.
        const cells = cellKeys(dims).map((key) => {
          const row = byKey.get(key.join('\u0000'));
          return { key, value: row?.days ?? 0, observations: row?.episodes ?? 0 };
        });
        return { indicator: tableIndicator(ask.indicator), dimensions: dims, ...(ask.asOf && { asOf: ask.asOf.toISOString() }), language: ask.language, cells };
      }
    }
  },
};
