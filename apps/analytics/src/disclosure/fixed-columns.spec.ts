import fc from 'fast-check';
import { fixedColumns } from './fixed-columns';

describe('fixedColumns', () => {
  it('fixes an unknown alone in an equation, and through it its partner', () => {
    // x0 + x1 = a, x0 = b
    expect(fixedColumns([[1, 1], [1, 0]], 2)).toEqual([0, 1]);
  });

  it('fixes nothing in one equation of two unknowns', () => {
    expect(fixedColumns([[1, -1]], 2)).toEqual([]);
  });

  it('fixes the unknowns that only some of the equations tie down', () => {
    // x0 + x1 − x2 = a, x0 + x1 = b: x2 is fixed, x0 and x1 are not.
    expect(fixedColumns([[1, 1, -1], [1, 1, 0]], 3)).toEqual([2]);
  });

  it('fixes nothing without equations', () => {
    expect(fixedColumns([], 3)).toEqual([]);
  });

  it('answers the same in BigInt when the numbers would overflow', () => {
    const big = 2 ** 30;
    const rows = [[big, big + 1, 0], [big + 1, big, 0], [0, 1, 1]];
    expect(fixedColumns(rows, 3)).toEqual([0, 1, 2]);
    expect(fixedColumns(rows, 3, 'bigint')).toEqual([0, 1, 2]);
  });

  it('answers in numbers what it answers in BigInt, for any small system', () => {
    const systems = fc.integer({ min: 1, max: 7 }).chain((width) => fc.array(fc.array(fc.integer({ min: -2, max: 2 }), { minLength: width, maxLength: width }), { maxLength: 8 }).map((rows) => ({ rows, width })));
    fc.assert(
      fc.property(systems, ({ rows, width }) => {
        expect(fixedColumns(rows, width)).toEqual(fixedColumns(rows, width, 'bigint'));
      }),
      { numRuns: 500 },
    );
  });
});
