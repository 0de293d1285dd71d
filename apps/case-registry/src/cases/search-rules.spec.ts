import { ForbiddenError } from '@icjims/contracts';
import { searchRegion } from './search-rules';

describe('searchRegion', () => {
  const tallinnProsecutor = { sub: 'p-1', roles: ['prosecutor' as const], region: 'KG-GB' };
  const nationalAdmin = { sub: 'a-1', roles: ['admin' as const] };

  it('confines a regional caller without a filter to their own region', () => {
    expect(searchRegion(tallinnProsecutor, undefined)).toBe('KG-GB');
  });

  it('lets a regional caller name their own region', () => {
    expect(searchRegion(tallinnProsecutor, 'KG-GB')).toBe('KG-GB');
  });

  it('refuses a regional caller another region', () => {
    expect(() => searchRegion(tallinnProsecutor, 'KG-C')).toThrow(ForbiddenError);
  });

  it('lets a national caller search every region, or one', () => {
    expect(searchRegion(nationalAdmin, undefined)).toBeUndefined();
    expect(searchRegion(nationalAdmin, 'KG-C')).toBe('KG-C');
  });
});
