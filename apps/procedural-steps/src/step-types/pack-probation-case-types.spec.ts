import { BUILT_IN_PACKS, JurisdictionPack } from '@icjims/jurisdiction';
import { fieldValueProblem } from '../steps/step-rules';
import { StepTypes } from './step-types';

/**
 * The court decisions that open a probation case are data of each pack (probation.caseTypes[].opensOn):
 * each must be a step the journal can record, matched on fields the step type has, with values
 * it admits under that pack — else no decision would ever open that kind of case.
 */
function opensOnProblems(pack: JurisdictionPack): string[] {
  const stepTypes = new StepTypes(pack);
  return (pack.probation?.caseTypes ?? []).flatMap((caseType) =>
    caseType.opensOn.flatMap((match, index) => {
      const path = `probation.caseTypes.${caseType.code}.opensOn[${index}]`;
      const spec = stepTypes.spec(match.stepType);
      if (!spec) return [`${path}: ${match.stepType} is not a step type of the journal`];
      return Object.entries(match.where ?? {}).flatMap(([name, value]) => {
        const field = spec.fields.find((candidate) => candidate.name === name);
        if (!field) return [`${path}.where.${name}: ${match.stepType} has no field ${name}`];
        const problem = fieldValueProblem(field, value);
        return problem ? [`${path}.where.${name}: ${String(value)} ${problem}`] : [];
      });
    }),
  );
}

describe('the packs’ probation case types against the step catalogue', () => {
  // A pack written before probation has no section yet: nothing to check until it has one.
  const withProbation = Object.entries(BUILT_IN_PACKS).filter(([, pack]) => (pack as Partial<JurisdictionPack>).probation !== undefined);

  it.each(withProbation.length ? withProbation : [['(none yet)', undefined]])('%s opens cases only on steps the journal records, matched on their fields', (_code, pack) => {
    if (pack) expect(opensOnProblems(pack as JurisdictionPack)).toEqual([]);
  });

  const kg = BUILT_IN_PACKS.KG as JurisdictionPack;
  const withCaseTypes = (caseTypes: JurisdictionPack['probation']['caseTypes']): JurisdictionPack => ({ ...kg, probation: { ...kg.probation, caseTypes } });
  const caseType = (opensOn: JurisdictionPack['probation']['caseTypes'][number]['opensOn']) => ({ code: 'c', labels: { en: 'c' }, cites: [], opensOn, communityWork: false });

  it('finds a case type opening on a step the journal does not have', () => {
    expect(opensOnProblems(withCaseTypes([caseType([{ stepType: 'pardon' }])]))).toEqual(['probation.caseTypes.c.opensOn[0]: pardon is not a step type of the journal']);
  });

  it('finds a match on a field the step type lacks, or on a value it does not admit', () => {
    expect(
      opensOnProblems(withCaseTypes([caseType([{ stepType: 'sentence', where: { kind: 'probation' } }, { stepType: 'sentence', where: { sentenceType: 'exile' } }])])),
    ).toEqual([
      'probation.caseTypes.c.opensOn[0].where.kind: sentence has no field kind',
      'probation.caseTypes.c.opensOn[1].where.sentenceType: exile must be one of: imprisonment, probation, fine, community_work, conditional, restriction_of_freedom',
    ]);
  });

  it('accepts parole and a probation sentence', () => {
    expect(opensOnProblems(withCaseTypes([caseType([{ stepType: 'conditional_early_release' }, { stepType: 'sentence', where: { sentenceType: 'probation' } }])]))).toEqual([]);
  });
});
