import { operationIdOf, singular } from './operation-ids';

describe('operationIdOf', () => {
  it('keeps a method named for what it does on what', () => {
    expect(operationIdOf('ProbationCaseCommandsController', 'recordContact')).toBe('recordContact');
    expect(operationIdOf('ReferenceController', 'listRegions')).toBe('listRegions');
  });

  it('gives a verb alone its controller’s resource: one for most verbs, all of them for a list', () => {
    expect(operationIdOf('CasesController', 'register')).toBe('registerCase');
    expect(operationIdOf('StepsController', 'record')).toBe('recordStep');
    expect(operationIdOf('ProbationCasesController', 'list')).toBe('listProbationCases');
    expect(operationIdOf('CasesController', 'search')).toBe('searchCases');
    expect(operationIdOf('ProbationCaseCommandsController', 'allocate')).toBe('allocateProbationCase');
  });

  it('makes a noun alone the resource’s, and takes the table’s name where the rule reads badly', () => {
    expect(operationIdOf('TransfersController', 'history')).toBe('transferHistory');
    expect(operationIdOf('IndicatorsController', 'csv')).toBe('indicatorCsv');
    expect(operationIdOf('TransfersController', 'transfer')).toBe('transferCase');
    expect(operationIdOf('CaseloadController', 'own')).toBe('getOwnCaseload');
  });

  it('singularises the last word of a resource', () => {
    expect(['Cases', 'Entries', 'Access', 'Status', 'Analysis', 'Timeline'].map(singular)).toEqual(['Case', 'Entry', 'Access', 'Status', 'Analysis', 'Timeline']);
  });
});
