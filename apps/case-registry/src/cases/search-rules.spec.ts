import { ForbiddenError } from '@icjims/contracts';
import { searchRegion } from './search-rules';

describe('searchRegion', () => {
  const tallinnProsecutor = { sub: 'p-1', roles: ['prosecutor' as const], region: 'EE-37' };
  const nationalAdmin = { sub: 'a-1', roles: ['admin' as const] };

  it('confines a regional caller without a filter to their own region', () => {
    expect(searchRegion(tallinnProsecutor, undefined)).toBe('EE-37');
  });

  it('lets a regional caller name their own region', () => {
    expect(searchRegion(tallinnProsecutor, 'EE-37')).toBe('EE-37');
  });

  it('refuses a regional caller another region', () => {
    expect(() => searchRegion(tallinnProsecutor, 'EE-78')).toThrow(ForbiddenError);
  });

  it('lets a national caller search every region, or one', () => {
    expect(searchRegion(nationalAdmin, undefined)).toBeUndefined();
    expect(searchRegion(nationalAdmin, 'EE-78')).toBe('EE-78');
  });
});
