import { publishCount } from './suppression';

describe('publishCount', () => {
  it.each([1, 2])('suppresses a person-based count of %i below k = 3', (value) => {
    expect(publishCount(value, 3, true)).toEqual({ value: null, suppressed: true });
  });

  it.each([0, 3, 4, 1000])('publishes a person-based count of %i with k = 3', (value) => {
    expect(publishCount(value, 3, true)).toEqual({ value, suppressed: false });
  });

  it.each([1, 2])('publishes a count of procedural acts of %i exactly', (value) => {
    expect(publishCount(value, 3, false)).toEqual({ value, suppressed: false });
  });

  it('suppresses nothing with k = 1', () => {
    expect(publishCount(1, 1, true)).toEqual({ value: 1, suppressed: false });
  });

  it('follows k', () => {
    expect(publishCount(9, 10, true)).toEqual({ value: null, suppressed: true });
    expect(publishCount(10, 10, true)).toEqual({ value: 10, suppressed: false });
  });
});
