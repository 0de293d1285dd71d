import { EntityManager } from 'typeorm';
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

/** Adds one to a cell, creating it at 1; runs in the caller's (inbox) transaction. */
export async function incrementActivityCount(manager: EntityManager, cell: CountCell): Promise<void> {
  await manager.query(
    `INSERT INTO activity_counts (indicator, region, period, category, value) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (indicator, region, period, category) DO UPDATE SET value = activity_counts.value + 1`,
    cellParameters(cell),
  );
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
