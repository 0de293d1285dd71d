import { ForbiddenError, InvalidInputError } from '@icjims/contracts';
import { accessLogConditions, SqlConditions } from './access-log-filter';

const national = { sub: 'a', roles: ['auditor' as const] };
const regional = { ...national, region: 'KG-GB' };

describe('accessLogConditions', () => {
  it('turns each filter into one numbered condition', () => {
    const sql = accessLogConditions(
      { personId: 'AB4B9E3C-0000-4000-8000-000000000001', purpose: 'investigation', outcome: 'denied', from: '2026-01-01T02:00:00+02:00' },
      national,
    );
    expect(sql.where()).toBe('WHERE person_ids @> ARRAY[$1]::text[] AND purpose = $2 AND occurred_at >= $3 AND outcome = $4');
    expect(sql.params).toEqual(['ab4b9e3c-0000-4000-8000-000000000001', 'investigation', '2026-01-01T00:00:00.000Z', 'denied']);
  });

  it('narrows a regional auditor to their region’s callers, first', () => {
    expect(accessLogConditions({ sub: 'x' }, regional).where()).toBe('WHERE actor_region = $1 AND actor_sub = $2');
    expect(accessLogConditions({ region: 'KG-GB' }, regional).params).toEqual(['KG-GB']);
  });

  it('reads region=national as national callers, for a national auditor', () => {
    expect(accessLogConditions({ region: 'national' }, national).where()).toBe('WHERE actor_region IS NULL');
    expect(accessLogConditions({ region: 'KG-C' }, national).where()).toBe('WHERE actor_region = $1');
    expect(accessLogConditions({}, national).where()).toBe('');
  });

  it.each(['KG-C', 'national'])('refuses a regional auditor region=%s', (region) => {
    expect(() => accessLogConditions({ region }, regional)).toThrow(ForbiddenError);
  });

  it('refuses a to before from, naming to', () => {
    expect(() => accessLogConditions({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, national)).toThrow(InvalidInputError);
  });
});

describe('SqlConditions', () => {
  it('copies without touching the original', () => {
    const base = new SqlConditions().add('a = ?', 1);
    const copy = base.copy().add('b > ?', 2);
    expect(base.where()).toBe('WHERE a = $1');
    expect(copy.where()).toBe('WHERE a = $1 AND b > $2');
    expect(copy.param(3)).toBe('$3');
    expect(base.params).toEqual([1]);
  });
});
