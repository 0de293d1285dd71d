import { CaseStatus, InvalidInputError, RuleViolationError } from '@icjims/contracts';
import { assertJoinable, assertJoinsAnother, HeldRole, LinkableCase, rolesToSplit, splitDescription } from './case-link-rules';

function aCase(status: CaseStatus = 'under_investigation', caseNumber = 'KG-GB-2026-000001'): LinkableCase {
  return { id: `id-${caseNumber}`, caseNumber, status };
}

/** A domain error of that class, naming those fields. */
const naming = (errorClass: typeof InvalidInputError | typeof RuleViolationError, fields: unknown[]) => expect.objectContaining({ constructor: errorClass, fields });

describe('assertJoinsAnother', () => {
  it('lets a case be joined into another', () => {
    expect(() => assertJoinsAnother('a', 'b')).not.toThrow();
  });

  it('refuses joining a case into itself, naming intoCaseId', () => {
    expect(() => assertJoinsAnother('a', 'a')).toThrow(naming(InvalidInputError, [{ field: 'intoCaseId', reason: 'intoCaseId must be another case than the one joined' }]));
  });
});

describe('assertJoinable', () => {
  it.each<CaseStatus>(['registered', 'under_investigation', 'suspended', 'terminated', 'in_court', 'decided', 'under_appeal'])('joins a %s case into an open one', (status) => {
    expect(() => assertJoinable(aCase(status), aCase('in_court', 'KG-GB-2026-000002'))).not.toThrow();
  });

  it.each<CaseStatus>(['closed', 'joined'])('refuses joining a %s case', (status) => {
    expect(() => assertJoinable(aCase(status), aCase('under_investigation', 'KG-GB-2026-000002'))).toThrow(RuleViolationError);
  });

  it.each<CaseStatus>(['closed', 'joined'])('refuses joining into a %s case, naming intoCaseId', (status) => {
    expect(() => assertJoinable(aCase(), aCase(status, 'KG-GB-2026-000002'))).toThrow(
      naming(RuleViolationError, [{ field: 'intoCaseId', reason: `case KG-GB-2026-000002 is ${status}: nothing can be joined into it` }]),
    );
  });

  it('refuses joining into a terminated case until its proceedings are resumed, naming intoCaseId', () => {
    expect(() => assertJoinable(aCase(), aCase('terminated', 'KG-GB-2026-000002'))).toThrow(
      naming(RuleViolationError, [{ field: 'intoCaseId', reason: 'case KG-GB-2026-000002 is terminated: resume its proceedings before joining a case into it' }]),
    );
  });
});

describe('rolesToSplit', () => {
  const held: HeldRole[] = [
    { personId: 'p-1', role: 'suspect' },
    { personId: 'p-2', role: 'victim' },
    { personId: 'p-1', role: 'witness' },
    { personId: 'p-3', role: 'suspect' },
  ];

  it('moves every role the named persons hold, in the order held', () => {
    expect(rolesToSplit(aCase(), held, ['p-3', 'p-1'])).toEqual([held[0], held[2], held[3]]);
  });

  it('may move every person of the case', () => {
    expect(rolesToSplit(aCase(), held, ['p-1', 'p-2', 'p-3'])).toEqual(held);
  });

  it('refuses persons who hold no role in the case, naming each under personIds', () => {
    expect(() => rolesToSplit(aCase(), held, ['p-1', 'p-8', 'p-9'])).toThrow(
      naming(RuleViolationError, [
        { field: 'personIds', reason: 'person p-8 holds no role in case KG-GB-2026-000001' },
        { field: 'personIds', reason: 'person p-9 holds no role in case KG-GB-2026-000001' },
      ]),
    );
  });

  it.each<CaseStatus>(['closed', 'joined'])('refuses splitting a %s case', (status) => {
    expect(() => rolesToSplit(aCase(status), held, ['p-1'])).toThrow(RuleViolationError);
  });
});

describe('splitDescription', () => {
  it('names the source case and nothing of its description', () => {
    expect(splitDescription('KG-GB-2026-000001')).toBe('Split off case KG-GB-2026-000001');
  });
});
