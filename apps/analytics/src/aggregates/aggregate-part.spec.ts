import { grainsTableSql } from './aggregate-part';

describe('a cube’s grains as a VALUES table', () => {
  const keeps = [
    [true, false],
    [true, true],
    [false, true],
  ];

  it('lists every grain by its index, with the flags of the columns it keeps', () => {
    expect(grainsTableSql(keeps, ['region', 'article'])).toBe('(VALUES (0, true, false), (1, true, true), (2, false, true)) AS g(grain, region, article)');
  });

  it('lists only the grains asked for, under their own indexes', () => {
    expect(grainsTableSql(keeps, ['region', 'article'], [2, 0])).toBe('(VALUES (2, false, true), (0, true, false)) AS g(grain, region, article)');
  });
});
