import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@icjims/auth';
import { InvalidInputError } from '@icjims/contracts';
import { assertTimeRange, narrowToCallerRegion, SqlConditions } from '../access-log/access-log-filter';
import { PersonsConsultedQuery, RefusalBurstsQuery, ReportQuery } from './dto/report-query.dto';
import { OffHoursReportDto, PersonsConsultedReportDto, RefusalBurstsReportDto, RegionRefusalsReportDto } from './dto/reports.dto';
import { REPORTS_CONFIG, ReportsConfig } from './reports-config';

/** The longest period one report covers: each is one aggregate query over it. */
export const MAX_REPORT_DAYS = 366;

/**
 * How region refusals read: the wording every "other region" refusal shares (assertRegionAccess
 * in libs/auth, the case search, the person records) — "region KG-GB may not …". It matches any
 * region code, so the report needs no list of the pack's regions.
 */
const REGION_REFUSAL = '^region \\S+ may not ';

const iso = (value: Date) => value.toISOString();

/**
 * Reports on unusual access for auditors. Each is one query over a period's entries, using
 * the partial indexes of 1763900000520; a regional auditor's reports cover the calls of their
 * own region's callers only, as the log does.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
  ) {}

  /** Users who consulted many distinct persons: over the threshold, or far over their own average of the periods before. */
  async personsConsulted(query: PersonsConsultedQuery, principal: Principal): Promise<PersonsConsultedReportDto> {
    const { from, to } = period(query);
    const threshold = query.threshold ?? this.config.personsThreshold;
    const baselineFactor = query.baselineFactor ?? this.config.personsBaselineFactor;
    const baselinePeriods = query.baselinePeriods ?? this.config.personsBaselinePeriods;
    const baselineMinimum = query.baselineMinimum ?? this.config.personsBaselineMinimum;
    const lengthSeconds = (to.getTime() - from.getTime()) / 1000;

    const sql = new SqlConditions();
    narrowToCallerRegion(sql, principal, undefined);
    const region = sql.where() ? `AND ${sql.conditions.join(' AND ')}` : '';
    const $from = sql.param(iso(from));
    const $to = sql.param(iso(to));
    const $length = sql.param(lengthSeconds);
    const $periods = sql.param(baselinePeriods);
    const $baselineFrom = sql.param(iso(new Date(from.getTime() - lengthSeconds * 1000 * baselinePeriods)));
    const $threshold = sql.param(threshold);
    const $factor = sql.param(baselineFactor);
    const $minimum = sql.param(baselineMinimum);
    const $limit = sql.param(query.limit);
    const consulted = `person_ids <> '{}' AND outcome = 'allowed' AND actor_sub IS NOT NULL ${region}`;
    const rows: { sub: string; region: string | null; persons: number; entries: number; baseline: number }[] = await this.dataSource.query(
      `WITH current AS (
         SELECT actor_sub AS sub, (array_agg(actor_region ORDER BY seq DESC))[1] AS region,
                count(DISTINCT person)::int AS persons, count(DISTINCT seq)::int AS entries
         FROM access_log, unnest(person_ids) AS person
         WHERE ${consulted} AND occurred_at >= ${$from} AND occurred_at < ${$to}
         GROUP BY actor_sub),
       earlier AS (
         SELECT sub, sum(persons)::float8 / ${$periods} AS baseline FROM (
           SELECT actor_sub AS sub, floor(extract(epoch FROM (${$from}::timestamptz - occurred_at)) / ${$length}) AS bucket,
                  count(DISTINCT person) AS persons
           FROM access_log, unnest(person_ids) AS person
           WHERE ${consulted} AND occurred_at >= ${$baselineFrom} AND occurred_at < ${$from} AND actor_sub IN (SELECT sub FROM current)
           GROUP BY 1, 2) AS per_period
         GROUP BY sub)
       SELECT c.sub, c.region, c.persons, c.entries, coalesce(e.baseline, 0) AS baseline
       FROM current c LEFT JOIN earlier e USING (sub)
       WHERE c.persons >= ${$threshold} OR (c.persons >= ${$minimum} AND e.baseline > 0 AND c.persons >= ${$factor} * e.baseline)
       ORDER BY c.persons DESC, c.sub LIMIT ${$limit}`,
      sql.params,
    );
    return {
      from: iso(from),
      to: iso(to),
      threshold,
      baselineFactor,
      baselinePeriods,
      baselineMinimum,
      items: rows.map((row) => ({
        sub: row.sub,
        region: row.region,
        persons: row.persons,
        entries: row.entries,
        baseline: Math.round(row.baseline * 10) / 10,
        reasons: [
          ...(row.persons >= threshold ? ['threshold' as const] : []),
          ...(row.persons >= baselineMinimum && row.baseline > 0 && row.persons >= baselineFactor * row.baseline ? ['baseline' as const] : []),
        ],
      })),
    };
  }

  /** Users' calls outside working time (AUDIT_WORKING_DAYS and AUDIT_WORKING_HOURS, read in AUDIT_TIME_ZONE). */
  async offHours(query: ReportQuery, principal: Principal): Promise<OffHoursReportDto> {
    const { from, to } = period(query);
    const { timeZone, workingDays, workingHours } = this.config;
    const sql = new SqlConditions();
    narrowToCallerRegion(sql, principal, undefined);
    sql.addRaw('actor_sub IS NOT NULL');
    sql.add('occurred_at >= ?', iso(from));
    sql.add('occurred_at < ?', iso(to));
    const local = `(occurred_at AT TIME ZONE ${sql.param(timeZone)})`;
    const $start = sql.param(workingHours.start);
    const $end = sql.param(workingHours.end);
    const inHours =
      workingHours.start < workingHours.end
        ? `${local}::time >= ${$start}::time AND ${local}::time < ${$end}::time`
        : `(${local}::time >= ${$start}::time OR ${local}::time < ${$end}::time)`;
    sql.add(`NOT (extract(isodow FROM ${local})::int = ANY(?::int[]) AND ${inHours})`, workingDays);
    const rows: { sub: string; region: string | null; entries: number; persons: number; first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `SELECT actor_sub AS sub, (array_agg(actor_region ORDER BY seq DESC))[1] AS region, count(DISTINCT seq)::int AS entries,
              count(DISTINCT person)::int AS persons, min(occurred_at) AS first_at, max(occurred_at) AS last_at
       FROM access_log LEFT JOIN LATERAL unnest(person_ids) AS person ON true
       ${sql.where()}
       GROUP BY actor_sub ORDER BY entries DESC, sub LIMIT ${sql.param(query.limit)}`,
      sql.params,
    );
    return {
      from: iso(from),
      to: iso(to),
      timeZone,
      workingDays,
      workingHours: `${workingHours.start}-${workingHours.end}`,
      items: rows.map(({ first_at, last_at, ...row }) => ({ ...row, firstAt: iso(first_at), lastAt: iso(last_at) })),
    };
  }

  /** Users refused because what they asked for belongs to another region than theirs. */
  async regionRefusals(query: ReportQuery, principal: Principal): Promise<RegionRefusalsReportDto> {
    const { from, to } = period(query);
    const sql = new SqlConditions();
    narrowToCallerRegion(sql, principal, undefined);
    sql.addRaw(`outcome = 'denied'`);
    sql.addRaw('actor_sub IS NOT NULL');
    sql.add('occurred_at >= ?', iso(from));
    sql.add('occurred_at < ?', iso(to));
    sql.add('reason ~ ?', REGION_REFUSAL);
    const rows: { sub: string; region: string | null; refusals: number; resources: number; first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `SELECT actor_sub AS sub, (array_agg(actor_region ORDER BY seq DESC))[1] AS region, count(*)::int AS refusals,
              count(DISTINCT coalesce(resource_id, route))::int AS resources, min(occurred_at) AS first_at, max(occurred_at) AS last_at
       FROM access_log ${sql.where()}
       GROUP BY actor_sub ORDER BY refusals DESC, sub LIMIT ${sql.param(query.limit)}`,
      sql.params,
    );
    return { from: iso(from), to: iso(to), items: rows.map(({ first_at, last_at, ...row }) => ({ ...row, firstAt: iso(first_at), lastAt: iso(last_at) })) };
  }

  /**
   * Users or client addresses with many refusals close together: for each refusal, how many
   * of the same key fell in the window ending there (a throttled entry weighs its count);
   * keys whose busiest window reaches the threshold are reported.
   */
  async refusalBursts(query: RefusalBurstsQuery, principal: Principal): Promise<RefusalBurstsReportDto> {
    const { from, to } = period(query);
    const windowSeconds = query.windowSeconds ?? this.config.refusalBurstWindowSeconds;
    const threshold = query.threshold ?? this.config.refusalBurstThreshold;
    const outcomes = [...new Set(query.outcomes)];
    const key = query.by === 'user' ? 'actor_sub' : 'source_ip';
    const sql = new SqlConditions();
    narrowToCallerRegion(sql, principal, undefined);
    // Validated outcome names, written out so that the planner sees the partial index applies.
    sql.addRaw(`outcome IN (${outcomes.map((outcome) => `'${outcome}'`).join(', ')})`);
    sql.addRaw(`${key} IS NOT NULL`);
    sql.add('occurred_at >= ?', iso(from));
    sql.add('occurred_at < ?', iso(to));
    const rows: { key: string; refusals: number; peak: number; peak_ended_at: Date; first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `WITH windows AS (
         SELECT ${key} AS key, occurred_at, coalesce(count, 1) AS weight,
                sum(coalesce(count, 1)) OVER (PARTITION BY ${key} ORDER BY occurred_at
                  RANGE BETWEEN make_interval(secs => ${sql.param(windowSeconds)}) PRECEDING AND CURRENT ROW) AS in_window
         FROM access_log ${sql.where()})
       SELECT key, sum(weight)::int AS refusals, max(in_window)::int AS peak,
              (array_agg(occurred_at ORDER BY in_window DESC, occurred_at))[1] AS peak_ended_at,
              min(occurred_at) AS first_at, max(occurred_at) AS last_at
       FROM windows GROUP BY key HAVING max(in_window) >= ${sql.param(threshold)}
       ORDER BY peak DESC, key LIMIT ${sql.param(query.limit)}`,
      sql.params,
    );
    return {
      from: iso(from),
      to: iso(to),
      by: query.by,
      outcomes,
      windowSeconds,
      threshold,
      items: rows.map(({ peak_ended_at, first_at, last_at, ...row }) => ({ ...row, peakEndedAt: iso(peak_ended_at), firstAt: iso(first_at), lastAt: iso(last_at) })),
    };
  }
}

/** The period of a report: from before to, at most MAX_REPORT_DAYS long; otherwise a 400 naming `to`. */
function period(query: ReportQuery): { from: Date; to: Date } {
  assertTimeRange(query.from, query.to);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to.getTime() === from.getTime() || to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) {
    throw new InvalidInputError('The request has 1 invalid field', [{ field: 'to', reason: `to must be after from, by at most ${MAX_REPORT_DAYS} days` }]);
  }
  return { from, to };
}
