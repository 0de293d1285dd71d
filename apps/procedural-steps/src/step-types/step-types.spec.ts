import { BUILT_IN_PACKS, JurisdictionPack, loadJurisdiction } from '@icjims/jurisdiction';
import { PREVENTIVE_MEASURES, PROBATION_OBLIGATIONS, REPORT_REQUESTERS, TERMINATION_GROUNDS } from './step-catalogue';
import { JOURNAL_STEP_TYPES, StepTypes } from './step-types';

const valuesOf = (stepTypes: StepTypes, code: string, field: string) => stepTypes.spec(code)?.fields.find((candidate) => candidate.name === field)?.values;

describe('StepTypes: the catalogue under a jurisdiction pack', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }).pack;

  it('allows the pack’s measures in every field that takes a measure, and no other', () => {
    const stepTypes = new StepTypes(kg);
    const codes = kg.preventiveMeasures.map((term) => term.code);
    expect(valuesOf(stepTypes, 'preventive_measure_applied', 'measure')).toEqual(codes);
    expect(valuesOf(stepTypes, 'preventive_measure_changed', 'newMeasure')).toEqual(codes);
    expect(valuesOf(stepTypes, 'preventive_measure_lifted', 'measure')).toEqual(codes);
    expect(stepTypes.labelsOf('preventiveMeasures', 'custody')).toEqual(kg.preventiveMeasures.find((term) => term.code === 'custody')?.labels);
  });

  it('allows the pack’s termination grounds when it lists any', () => {
    const stepTypes = new StepTypes(kg);
    expect(valuesOf(stepTypes, 'proceedings_terminated', 'ground')).toEqual(kg.terminationGrounds.map((term) => term.code));
  });

  it('keeps the journal’s own codes for a field the pack lists none for, and says so', () => {
    const stepTypes = new StepTypes({ preventiveMeasures: kg.preventiveMeasures, terminationGrounds: [], courtLevels: kg.courtLevels, probation: probationLists });
    expect(stepTypes.fallbacks).toEqual(['terminationGrounds']);
    expect(valuesOf(stepTypes, 'proceedings_terminated', 'ground')).toEqual(TERMINATION_GROUNDS);
    expect(stepTypes.labelsOf('terminationGrounds', 'no_crime')).toBeUndefined();
    expect(valuesOf(JOURNAL_STEP_TYPES, 'preventive_measure_applied', 'measure')).toEqual(PREVENTIVE_MEASURES);
  });

  it.each([
    ['KG', ['district', 'regional', 'supreme'], ['regional', 'supreme']],
    ['EE', ['county_court', 'circuit_court', 'supreme_court'], ['circuit_court', 'supreme_court']],
  ])('takes the court instances of hearings and appeals from the %s pack’s court levels, lowest first', (code, heard, appealed) => {
    const pack = loadJurisdiction({ ICJIMS_JURISDICTION: code }).pack;
    const stepTypes = new StepTypes({ ...pack, courtLevels: [...pack.courtLevels].reverse() });
    expect(valuesOf(stepTypes, 'court_hearing', 'instance')).toEqual(heard);
    expect(valuesOf(stepTypes, 'appeal_filed', 'instance')).toEqual(appealed);
    expect(stepTypes.labelsOf('appealCourtLevels', appealed[0])).toEqual(pack.courtLevels.find((level) => level.code === appealed[0])?.labels);
  });

  const term = (code: string) => ({ code, labels: { en: `${code} (en)`, ru: `${code} (ru)` }, cites: { source: 'law', article: '1' } });
  const probationLists = { obligations: [{ ...term('report_monthly'), measure: 'every_days' as const }, { ...term('curfew'), measure: 'none' as const }], reportRequesters: [term('court')] };

  it('takes the obligations of sentences and parole, and the report requesters, from the pack’s probation section', () => {
    const stepTypes = new StepTypes({ ...kg, probation: probationLists });
    expect(valuesOf(stepTypes, 'sentence', 'obligations')).toEqual(['report_monthly', 'curfew']);
    expect(valuesOf(stepTypes, 'conditional_early_release', 'obligations')).toEqual(['report_monthly', 'curfew']);
    expect(valuesOf(stepTypes, 'pre_sentence_report_requested', 'requestedBy')).toEqual(['court']);
    expect(stepTypes.labelsOf('probationObligations', 'curfew')).toEqual(probationLists.obligations[1].labels);
    expect(stepTypes.fallbacks).not.toContain('probationObligations');
  });

  it('falls back to the journal’s own obligation and requester codes for a pack without a probation section', () => {
    const stepTypes = new StepTypes({ preventiveMeasures: kg.preventiveMeasures, terminationGrounds: kg.terminationGrounds, courtLevels: kg.courtLevels });
    expect(stepTypes.fallbacks).toEqual(['probationObligations', 'reportRequesters']);
    expect(valuesOf(stepTypes, 'sentence', 'obligations')).toEqual(PROBATION_OBLIGATIONS);
    expect(valuesOf(stepTypes, 'pre_sentence_report_requested', 'requestedBy')).toEqual(REPORT_REQUESTERS);
  });

  it('says what day it is in the pack’s time zone', () => {
    const instant = new Date('2026-12-04T19:30:00Z');
    expect(new StepTypes({ ...kg, timeZone: 'Asia/Bishkek' }).today(instant)).toBe('2026-12-05');
    expect(JOURNAL_STEP_TYPES.today(instant)).toBe('2026-12-04');
  });

  it('leaves the fields that do not come from the pack as the journal defines them', () => {
    expect(valuesOf(new StepTypes(kg), 'verdict', 'outcome')).toEqual(['conviction', 'acquittal']);
  });

  it.each(Object.keys(BUILT_IN_PACKS))('runs under the %s pack: it lists custody, which the detention rules rely on', (code) => {
    expect(new StepTypes(BUILT_IN_PACKS[code] as JurisdictionPack).problems()).toEqual([]);
  });

  it('finds a pack that lists measures but not custody unfit for the journal', () => {
    const stepTypes = new StepTypes({ preventiveMeasures: kg.preventiveMeasures.filter((term) => term.code !== 'custody'), terminationGrounds: [], courtLevels: kg.courtLevels });
    expect(stepTypes.problems()).toEqual(["preventiveMeasures: the journal's rules rely on the code custody, which the pack does not list"]);
  });
});
