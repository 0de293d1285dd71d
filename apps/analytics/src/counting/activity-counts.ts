import { EntityManager } from 'typeorm';
import { sendWithNext } from '@icjims/persistence';
import { CountedIndicatorCode } from './counted.indicators';

export interface CountCell {
  indicator: CountedIndicatorCode;
  region: string;
  /** YYYY-MM */
  period: string;
  /** '' when the indicator has no category breakdown. */
  category: string;
}

const CELL = 'indicator = $1 AND region = $2 AND period = $3 AND category = $4';
const cellParameters = (cell: CountCell) => [cell.indicator, cell.region, cell.period, cell.category];

/** The column list of a cell and the SQL of cells given as JSON ($1: an array of CountCell). */
const CELL_COLUMNS = 'indicator, region, period, category';
const CELLS_OF_JSON = `jsonb_to_recordset($1::jsonb) AS r(indicator text, region text, period text, category text)`;

/**
 * SQL adding to activity_counts one for each row of `counted` (a table expression with the cell's
 * columns), cells created at their count, touched in key order (two transactions never wait on
 * each other's cells crosswise).
 */
export function addToCellsSql(counted: string): string {
  return `INSERT INTO activity_counts (${CELL_COLUMNS}, value)
     SELECT ${CELL_COLUMNS}, count(*) FROM ${counted} GROUP BY ${CELL_COLUMNS} ORDER BY ${CELL_COLUMNS}
     ON CONFLICT (${CELL_COLUMNS}) DO UPDATE SET value = activity_counts.value + excluded.value`;
}

/** Adds one to each cell (a cell given twice, two), creating it at its count; one statement in the caller's (inbox) transaction. */
export async function incrementActivityCounts(manager: EntityManager, cells: readonly CountCell[]): Promise<void> {
  if (cells.length) await sendWithNext(manager, addToCellsSql(CELLS_OF_JSON), [JSON.stringify(cells)]);
}

/** Adds one to a cell, creating it at 1; runs in the caller's (inbox) transaction. */
export function incrementActivityCount(manager: EntityManager, cell: CountCell): Promise<void> {
  return incrementActivityCounts(manager, [cell]);
}

/**
 * Takes one from a cell, in the caller's transaction. A cell that reaches 0 is removed, so a
 * missing row still means zero. Only what was counted is taken back, so a cell with nothing
 * to take is a broken invariant: it throws (the event is retried, then dead-lettered) rather
 * than go below 0.
 */
export async function decrementActivityCount(manager: EntityManager, cell: CountCell): Promise<void> {
  const [updated]: [{ value: number }[], number] = await manager.query(
    `UPDATE activity_counts SET value = value - 1 WHERE ${CELL} AND value > 0 RETURNING value`,
    cellParameters(cell),
  );
  if (updated.length === 0) throw new Error(`nothing to take back from the cell ${JSON.stringify(cell)}`);
  if (updated[0].value === 0) await manager.query(`DELETE FROM activity_counts WHERE ${CELL}`, cellParameters(cell));
}
