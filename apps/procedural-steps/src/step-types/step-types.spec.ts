import { BUILT_IN_PACKS, JurisdictionPack, loadJurisdiction } from '@icjims/jurisdiction';
import { PREVENTIVE_MEASURES, TERMINATION_GROUNDS } from './step-catalogue';
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
    const stepTypes = new StepTypes({ preventiveMeasures: kg.preventiveMeasures, terminationGrounds: [], courtLevels: kg.courtLevels });
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
