import { ConfigError } from '@icjims/platform';
import { readMinCellSize } from './min-cell-size';

describe('readMinCellSize', () => {
  it('defaults to 3', () => {
    expect(readMinCellSize({})).toBe(3);
    expect(readMinCellSize({ ANALYTICS_MIN_CELL_SIZE: '' })).toBe(3);
  });

  it.each([['1', 1], ['5', 5], ['10', 10]])('reads %p', (raw, value) => {
    expect(readMinCellSize({ ANALYTICS_MIN_CELL_SIZE: raw })).toBe(value);
  });

  it.each(['0', '-1', '2.5', 'three', ' 3', '3 ', '1e3', '0x10'])('refuses %p with a line naming the variable', (raw) => {
    expect(() => readMinCellSize({ ANALYTICS_MIN_CELL_SIZE: raw })).toThrow(ConfigError);
    expect(() => readMinCellSize({ ANALYTICS_MIN_CELL_SIZE: raw })).toThrow(/ANALYTICS_MIN_CELL_SIZE must be an integer of at least 1/);
  });
});
