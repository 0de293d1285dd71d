import type { CaseBreakdown } from '../flow/case-flow';
import type { IndicatorDefinition } from '../indicators/indicator-definition';
import { countedTable, IndicatorFamily } from '../tables/indicator-family';
import { casesOverInvestigationTerm, investigationTermRules } from './investigation-term';

const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    code: 'cases_over_investigation_term',
    version: 1,
    title: 'Cases over the legal investigation term',
    definition:
      'Cases pending in the pre-trial stage at the end of the period (registered, and not yet indicted, terminated or joined into another case — as pretrial_pending counts them) whose investigation term had run out by then: ' +
      'procedural-steps announced the breach of one of the jurisdiction pack’s investigation terms (its deadline rules of the case that the registration or the start of the investigation starts), due before the end of the period, and had not withdrawn it. ' +
      'A stock at the end of each period, by the case’s place, agency and offence. Corrections apply; a breach withdrawn by asOf does not count. A pack with no such rule has no case over it (KG lists none yet).',
    formula: 'count of cases pending in the pre-trial stage at the end of the period with a deadline.breached of an investigation-term rule due before that end, not withdrawn (deadline.breach-withdrawn) by asOf',
    sourceEvents: ['case-registry case.registered', 'procedural-steps step.recorded', 'procedural-steps step.corrected', 'procedural-steps deadline.breached', 'procedural-steps deadline.breach-withdrawn'],
    validFrom: '2026-01-01',
    source: 'CEPEJ (the length of proceedings: pending cases beyond a set time) and the national code of criminal procedure’s investigation term, as the pack’s rules cite it; ICCPR art. 14(3)(c), trial without undue delay',
    public: true,
    unit: 'cases',
    measure: 'count',
    breakdowns: ['region', 'month', 'district', 'agency', 'iccsSection', 'article'],
    personBased: false,
    personLevelCategories: false,
  },
];

/** Pending pre-trial cases over the pack's investigation term, by the case's breakdowns: counts of cases. */
export const INVESTIGATION_TERM_INDICATORS: IndicatorFamily = {
  definitions: DEFINITIONS,

  async table(ask, { manager, dimensions, jurisdiction }) {
    const rules = investigationTermRules(jurisdiction.pack.deadlineRules);
    const rows = await casesOverInvestigationTerm(manager, { rules, periods: ask.spans, by: ask.by as CaseBreakdown[], region: ask.region, asOf: ask.asOf });
    return countedTable(ask, dimensions(rows.map((row) => row.key)), rows);
  },
};
