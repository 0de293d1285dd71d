import { EntityManager } from 'typeorm';
import { loadJurisdiction } from '@icjims/jurisdiction';
import { DURATION_KEY, DURATION_TABLES, rebuildDurations, replaceDurations } from './duration-aggregates';
import { LIBERTY_TABLES, libertyDifferencesSql, REBUILT_LIBERTY_TABLES, rebuildLiberty, replaceLiberty } from './liberty-aggregates';
import { FINEST, MONTH_KEY, monthCellsSql, rollupSql, SPAN_KEY, spanCellsSql, stagesSql } from './flow-grains';
import { ENTRY_COLUMNS, PEOPLE_KEY, PEOPLE_TABLES, rebuildPeople, replacePeople } from './people-aggregates';

/** The aggregates, each rebuilt from the facts on its own. */
export const AGGREGATE_PARTS = ['flow', 'durations', 'people', 'liberty'] as const;
export type AggregatePart = (typeof AGGREGATE_PARTS)[number];

export interface RebuildOptions {
  /** The jurisdiction's time zone, whose months the cube counts in (the projection's); by default the installation's (ICJIMS_JURISDICTION…). */
  timeZone?: string;
  /** Compare a fresh rebuild with the aggregates held and leave them as they are. */
  check?: boolean;
  /** Only these aggregates (a migration fills the ones it adds, not every one again); by default all of them. */
  parts?: readonly AggregatePart[];
}

export interface RebuildResult {
  /** Facts read: cases and step revisions (and the persons' roles and merges, for the people aggregates). */
  facts: number;
  /** Stages of cases, spans of cases (durations), and cells of every cube, rebuilt. */
  stages: number;
  spans: number;
  /** Persons' entries into positions (people aggregates), rebuilt. */
  personEntries: number;
  /** Preventive measures first given to persons and deadline breaches in force (liberty aggregates), rebuilt. */
  libertyEntries: number;
  cells: number;
  ms: number;
  /** With `check`: the rows that differ between the rebuild and the aggregates held (none when they agree). */
  differences?: { stages: number; spans: number; personEntries: number; libertyEntries: number; cells: number };
}

/** Each part's tables. */
const AGGREGATE_TABLES: Readonly<Record<AggregatePart, readonly string[]>> = {
  flow: ['flow_case_stages', 'flow_counts', 'flow_month_counts'],
  durations: DURATION_TABLES,
  people: PEOPLE_TABLES,
  liberty: LIBERTY_TABLES,
};

/** The temporary tables a rebuild fills. */
const REBUILT_TABLES = `rebuilt_stages, rebuilt_counts, rebuilt_month_counts, rebuilt_duration_spans, rebuilt_duration_counts, rebuilt_people_entries, rebuilt_people_counts, ${REBUILT_LIBERTY_TABLES.join(', ')}`;

/**
 * Every aggregate (or those of `parts`) recomputed from the facts, set-based, in one transaction (a savepoint
 * inside the caller's): the projection is locked out of the aggregates meanwhile (it waits,
 * then applies its change to the rebuilt ones), readers are not. With `check`, the rebuild is
 * compared with the aggregates held, which are left as they are. Those whose tables do not
 * exist yet (a migration before theirs is running) are left out.
 */
export async function rebuildAggregates(manager: EntityManager, options: RebuildOptions = {}): Promise<RebuildResult> {
  const began = performance.now();
  const timeZone = options.timeZone ?? loadJurisdiction(process.env).timeZone;
  return manager.transaction(async (tx) => {
    // Run by a migration, the aggregates of later migrations are not there yet (nor 471's breach entries during 470).
    const [held]: (Record<AggregatePart, boolean> & { present: string[] })[] = await tx.query(
      `SELECT to_regclass('flow_month_counts') IS NOT NULL AS flow, to_regclass('duration_counts') IS NOT NULL AS durations,
         to_regclass('people_counts') IS NOT NULL AS people, to_regclass('liberty_measure_counts') IS NOT NULL AS liberty,
         ARRAY(SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL) AS present`,
      [Object.values(AGGREGATE_TABLES).flat()],
    );
    const asked = (part: AggregatePart) => held[part] && (options.parts ?? AGGREGATE_PARTS).includes(part);
    const [flow, durations, people, liberty] = AGGREGATE_PARTS.map(asked);
    const tables = AGGREGATE_PARTS.filter(asked).flatMap((part) => AGGREGATE_TABLES[part]).filter((table) => held.present.includes(table));
    // EXCLUSIVE: no other writer (the projection's next change waits), readers go on.
    if (tables.length) await tx.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
    await tx.query(`DROP TABLE IF EXISTS ${REBUILT_TABLES}`);
    if (flow) {
      await tx.query(`CREATE TEMPORARY TABLE rebuilt_stages AS WITH ${stagesSql()} SELECT case_id, stage, started_at, ended_at FROM stages`);
      // The finest grain from the stages, the coarser ones from it (far fewer rows than stages).
      const from = 'rebuilt_stages st JOIN fact_cases c ON c.case_id = st.case_id';
      await tx.query(`CREATE TEMPORARY TABLE rebuilt_counts AS ${spanCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
      await tx.query(`INSERT INTO rebuilt_counts ${rollupSql('rebuilt_counts', SPAN_KEY, ['cases'])}`);
      await tx.query(`CREATE TEMPORARY TABLE rebuilt_month_counts AS ${monthCellsSql(from, '1', '$1::text', [FINEST])}`, [timeZone]);
      await tx.query(`INSERT INTO rebuilt_month_counts ${rollupSql('rebuilt_month_counts', MONTH_KEY, ['started', 'ended'])}`);
    }
    const rebuiltDurations = durations ? await rebuildDurations(tx, timeZone) : { spans: 0, cells: 0 };
    const rebuiltPeople = people ? await rebuildPeople(tx, timeZone) : { facts: 0, personEntries: 0, cells: 0 };
    const rebuiltLiberty = liberty ? await rebuildLiberty(tx, timeZone) : { libertyEntries: 0, cells: 0 };
    const [{ facts, stages, cells }]: { facts: number; stages: number; cells: number }[] = await tx.query(
      `SELECT (SELECT count(*) FROM fact_cases) + (SELECT count(*) FROM fact_steps) AS facts,
         ${flow ? '(SELECT count(*) FROM rebuilt_stages)' : '0'}::int AS stages, ${flow ? '((SELECT count(*) FROM rebuilt_counts) + (SELECT count(*) FROM rebuilt_month_counts))' : '0'}::int AS cells`,
    );
    let differences: RebuildResult['differences'];
    if (options.check) {
      differences = await differencesFromHeld(tx, { flow, durations, people, liberty });
    } else {
      if (flow) await replaceFlow(tx);
      if (durations) await replaceDurations(tx);
      if (people) await replacePeople(tx);
      if (liberty) await replaceLiberty(tx);
    }
    await tx.query(`DROP TABLE IF EXISTS ${REBUILT_TABLES}`);
    return {
      facts: Number(facts) + rebuiltPeople.facts, stages, spans: rebuiltDurations.spans, personEntries: rebuiltPeople.personEntries, libertyEntries: rebuiltLiberty.libertyEntries,
      cells: cells + rebuiltDurations.cells + rebuiltPeople.cells + rebuiltLiberty.cells,
      ms: Math.round(performance.now() - began), ...(differences && { differences }),
    };
  });
}

/** Rows in one and not the other, both ways; cells held that count nothing are no cells. */
/** The flow's aggregates held replaced by the rebuild. */
async function replaceFlow(tx: EntityManager): Promise<void> {
  await tx.query(`DELETE FROM flow_case_stages`);
  await tx.query(`INSERT INTO flow_case_stages (case_id, stage, started_at, ended_at) SELECT case_id, stage, started_at, ended_at FROM rebuilt_stages`);
  await tx.query(`DELETE FROM flow_counts`);
  await tx.query(`INSERT INTO flow_counts (${SPAN_KEY.join(', ')}, cases) SELECT ${SPAN_KEY.join(', ')}, cases FROM rebuilt_counts`);
  await tx.query(`DELETE FROM flow_month_counts`);
  await tx.query(`INSERT INTO flow_month_counts (${MONTH_KEY.join(', ')}, started, ended) SELECT ${MONTH_KEY.join(', ')}, started, ended FROM rebuilt_month_counts`);
}

async function differencesFromHeld(
  tx: EntityManager,
  { flow, durations, people, liberty }: Record<AggregatePart, boolean>,
): Promise<NonNullable<RebuildResult['differences']>> {
  const differing = (columns: string, rebuilt: string, held: string) =>
    `(SELECT count(*) FROM ((SELECT ${columns} FROM ${rebuilt} EXCEPT ALL SELECT ${columns} FROM ${held}) UNION ALL (SELECT ${columns} FROM ${held} EXCEPT ALL SELECT ${columns} FROM ${rebuilt})) d)`;
  const libertyHeld = liberty ? await libertyDifferencesSql(tx, differing) : { entries: '0', cells: '0' };
  const [row]: NonNullable<RebuildResult['differences']>[] = await tx.query(
    `SELECT ${flow ? differing('case_id, stage, started_at, ended_at', 'rebuilt_stages', 'flow_case_stages') : '0'}::int AS stages,
       ${durations ? differing('case_id, span, ended_at, days', 'rebuilt_duration_spans', 'duration_case_spans') : '0'}::int AS spans,
       ${people ? differing(ENTRY_COLUMNS.join(', '), 'rebuilt_people_entries', 'people_case_entries') : '0'}::int AS "personEntries",
       ${libertyHeld.entries}::int AS "libertyEntries",
       (${flow ? differing(`${SPAN_KEY.join(', ')}, cases`, 'rebuilt_counts', '(SELECT * FROM flow_counts WHERE cases <> 0) h') : '0'}
        + ${flow ? differing(`${MONTH_KEY.join(', ')}, started, ended`, 'rebuilt_month_counts', '(SELECT * FROM flow_month_counts WHERE started <> 0 OR ended <> 0) h') : '0'}
        + ${durations ? differing(`${DURATION_KEY.join(', ')}, cases`, 'rebuilt_duration_counts', '(SELECT * FROM duration_counts WHERE cases <> 0) h') : '0'}
        + ${people ? differing(`${PEOPLE_KEY.join(', ')}, persons`, 'rebuilt_people_counts', '(SELECT * FROM people_counts WHERE persons <> 0) h') : '0'}
        + ${libertyHeld.cells})::int AS cells`,
  );
  return row;
}
