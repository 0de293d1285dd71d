import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import type { PersonBreakdown } from '../people/person-counts';
import { countedTable, IndicatorFamily, ratioTable } from '../tables/indicator-family';
import { defenceFromAggregates } from '../aggregates/defence-from-aggregates';
import type { Milestone } from './defence-at-milestones';

const LIMITATION =
  'Defence lawyers are recorded per case (case-registry’s role defence_lawyer, in force from when it was given until it ended), not per suspect: a person counts as defended when the case had a defence lawyer in force at that moment, ' +
  'so in a case with several suspects one lawyer counts for all of them, and the figure is an upper bound of the persons actually defended. ' +
  'A record merged into another counts as the surviving person; categories are those case-registry gave for the person in the case, unknown when never announced. ' +
  'Corrections apply. Withheld when fewer persons reached the moment than the minimum denominator, or when the defended are a small count of people.';

const common = {
  version: 1,
  validFrom: '2026-01-01',
  public: true,
  unit: '%',
  measure: 'ratio' as const,
  breakdowns: ['region', 'month', 'sex', 'ageBand', 'juvenile', 'citizenshipGroup', 'disability'] as Breakdown[],
  personBased: true,
  personLevelCategories: false,
  source: 'UN Principles and Guidelines on Access to Legal Aid in Criminal Justice Systems (2012), principle 7 and guideline 3 (legal aid at all stages, from the first questioning); ICCPR art. 14(3)(b) and (d)',
  sourceEvents: ['procedural-steps step.recorded', 'procedural-steps step.corrected', 'case-registry person.added', 'case-registry person.removed', 'case-registry person.merged', 'case-registry person.unmerged'],
};

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    ...common,
    code: 'suspects_defended_at_notification_share',
    title: 'Suspects with a defence lawyer at the notification of suspicion',
    definition: `Of the persons first notified of suspicion in a case in the period, the share whose case had a defence lawyer at that moment. ${LIMITATION}`,
    formula: 'persons notified of suspicion (first time in the case) whose case had a defence lawyer in force then ÷ persons notified of suspicion × 100, per period and category',
  },
  {
    ...common,
    code: 'accused_defended_at_indictment_share',
    title: 'Accused with a defence lawyer at the indictment',
    definition:
      'Of the persons who became accused when their case was first indicted in the period (every suspect of the case then — notified, detained, with a plea agreement or a standing received from another case — who had not left it), ' +
      `the share whose case had a defence lawyer at the indictment. ${LIMITATION}`,
    formula: 'persons accused at the first indictment of their case whose case had a defence lawyer in force then ÷ persons accused at it × 100, per period and category',
  },
];

const MILESTONE_OF: Readonly<Record<string, Milestone>> = {
  suspects_defended_at_notification_share: 'notification',
  accused_defended_at_indictment_share: 'indictment',
};

/** The share of suspects and accused whose case had a defence lawyer at the moment that matters. */
export const DEFENCE_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, timeZone }) {
    const rows = await defenceFromAggregates(manager, { milestone: MILESTONE_OF[ask.indicator.code], periods: ask.spans, by: ask.by as PersonBreakdown[], region: ask.region, asOf: ask.asOf, timeZone });
    const dims = dimensions(rows.map((row) => row.key));
    const count = (value: 'defended' | 'persons') => countedTable(ask, dims, rows.map((row) => ({ key: row.key, value: row[value] })));
    return ratioTable(count('defended'), count('persons'), () => 100);
  },
};
