import { BUILT_IN_PACKS, DeadlineRule, JurisdictionPack } from '@icjims/jurisdiction';
import { libertyRules } from './liberty-rules';

const rule = (code: string, startsWith: DeadlineRule['startsWith'], stoppedBy: DeadlineRule['stoppedBy'], scope: DeadlineRule['scope'] = 'person'): DeadlineRule =>
  ({ code, labels: { en: code }, cites: [], scope, startsWith, term: { amount: 1, unit: 'days' }, extendedBy: [], stoppedBy, warnBefore: { amount: 1, unit: 'hours' } });

describe('liberty rules from the pack', () => {
  it('finds KG’s detention and custody rules and measure by what starts and stops them', () => {
    const rules = libertyRules(BUILT_IN_PACKS.KG as JurisdictionPack);
    expect(rules.detentionRules).toEqual(['detention_court_decision']);
    expect(rules.custodyMeasures).toEqual(['custody']);
    expect(rules.custodyRules).toEqual(['custody_term']);
    expect(rules.starts).toEqual([
      { stepType: 'detention' },
      { stepType: 'preventive_measure_applied', where: { measure: 'custody' } },
      { stepType: 'preventive_measure_changed', where: { newMeasure: 'custody' } },
    ]);
    // Custody applied stops the detention clock but keeps the person deprived: a start, not a stop.
    expect(rules.stops.map((stop) => [stop.stepType, stop.where ?? {}])).toEqual([
      ['release_from_detention', {}],
      ['proceedings_terminated', {}],
      ['case_closed', {}],
      ['case_joined', {}],
      ['preventive_measure_lifted', { measure: 'custody' }],
      ['preventive_measure_changed', { measure: 'custody' }],
    ]);
  });

  it.each(['KZ', 'EE'])('finds the same in the %s pack, whose other measures have terms of their own', (code) => {
    const rules = libertyRules(BUILT_IN_PACKS[code] as JurisdictionPack);
    expect([rules.detentionRules, rules.custodyMeasures, rules.custodyRules]).toEqual([['detention_court_decision'], ['custody'], ['custody_term']]);
  });

  it('follows another country’s codes, never its own names for them', () => {
    const rules = libertyRules({
      deadlineRules: [
        rule('arrest_48h', [{ stepType: 'detention' }], [{ stepType: 'release_from_detention' }, { stepType: 'preventive_measure_applied', where: { measure: 'remand' } }]),
        rule('remand_limit', [{ stepType: 'preventive_measure_applied', where: { measure: 'remand' } }], [{ stepType: 'preventive_measure_lifted', where: { measure: 'remand' } }]),
        rule('bail_limit', [{ stepType: 'preventive_measure_applied', where: { measure: 'bail' } }], [{ stepType: 'preventive_measure_lifted', where: { measure: 'bail' } }]),
        rule('investigation', [{ stepType: 'investigation_started' }], [{ stepType: 'indictment' }], 'case'),
      ],
    });
    expect([rules.detentionRules, rules.custodyMeasures, rules.custodyRules]).toEqual([['arrest_48h'], ['remand'], ['remand_limit']]);
    expect(rules.stops.map((stop) => stop.stepType)).toEqual(['release_from_detention', 'preventive_measure_lifted']);
  });

  it('finds nothing in a pack without a rule a detention starts', () => {
    expect(libertyRules({ deadlineRules: [rule('bail_limit', [{ stepType: 'preventive_measure_applied', where: { measure: 'bail' } }], [])] })).toEqual({
      detentionRules: [], custodyMeasures: [], custodyRules: [], starts: [{ stepType: 'detention' }], stops: [],
    });
  });
});
