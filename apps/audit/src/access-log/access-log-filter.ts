import { Principal, assertRegionAccess, isNational } from '@icjims/auth';
import { InvalidInputError, NATIONAL_REGION } from '@icjims/contracts';
import { AccessLogFilter } from './dto/access-log-query.dto';

/** SQL conditions and their parameters, built up one filter at a time ($1, $2 … in order). */
export class SqlConditions {
  readonly conditions: string[] = [];

  constructor(readonly params: unknown[] = []) {}

  /** Adds `sql`, in which `?` stands for `value`'s placeholder. */
  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  /** Adds a condition that takes no parameter. */
  addRaw(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /** The next placeholder for a parameter used outside the conditions (a limit …). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A copy to add more conditions to, this one unchanged. */
  copy(): SqlConditions {
    const copy = new SqlConditions([...this.params]);
    copy.conditions.push(...this.conditions);
    return copy;
  }

  where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** A time range whose end comes before its start is a 400 naming `to`. */
export function assertTimeRange(from: string | undefined, to: string | undefined): void {
  if (from && to && new Date(from) > new Date(to)) {
    throw new InvalidInputError('The request has 1 invalid field', [{ field: 'to', reason: 'to must not be before from' }]);
  }
}

/**
 * The region an auditor may see entries of: a national auditor every entry (undefined), a
 * regional auditor the calls made by callers of their own region (actor_region) — the log
 * records who called, not which region a resource belongs to. Asking a regional view for
 * another region is refused like any other region's resource.
 */
export function narrowToCallerRegion(conditions: SqlConditions, principal: Principal, requested: string | undefined): void {
  if (!isNational(principal)) {
    if (requested !== undefined) assertRegionAccess(principal, requested);
    conditions.add('actor_region = ?', principal.region);
    return;
  }
  if (requested === NATIONAL_REGION) conditions.addRaw('actor_region IS NULL');
  else if (requested !== undefined) conditions.add('actor_region = ?', requested);
}

/** The conditions of an access-log filter, as the given auditor may see it. Every column used has an index. */
export function accessLogConditions(filter: AccessLogFilter, principal: Principal): SqlConditions {
  assertTimeRange(filter.from, filter.to);
  const sql = new SqlConditions();
  narrowToCallerRegion(sql, principal, filter.region);
  if (filter.sub !== undefined) sql.add('actor_sub = ?', filter.sub);
  if (filter.personId !== undefined) sql.add('person_ids @> ARRAY[?]::text[]', filter.personId.toLowerCase());
  if (filter.caseId !== undefined) sql.add('case_id = ?', filter.caseId);
  if (filter.resourceType !== undefined) sql.add('resource_type = ?', filter.resourceType);
  if (filter.resourceId !== undefined) sql.add('resource_id = ?', filter.resourceId);
  if (filter.purpose !== undefined) sql.add('purpose = ?', filter.purpose);
  if (filter.from !== undefined) sql.add('occurred_at >= ?', new Date(filter.from).toISOString());
  if (filter.to !== undefined) sql.add('occurred_at < ?', new Date(filter.to).toISOString());
  if (filter.outcome !== undefined) sql.add('outcome = ?', filter.outcome);
  if (filter.service !== undefined) sql.add('service = ?', filter.service);
  return sql;
}
