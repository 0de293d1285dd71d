import { EntityManager } from 'typeorm';
import { CountedIndicatorCode } from './counted.indicators';
import { CountCell, decrementActivityCount, incrementActivityCount } from './activity-counts';

/*
 * Counts of things a correction can take back: each is kept as an item in `counted_items`
 * with the cell it was counted in, in the same (inbox) transaction as the count. The
 * `sourceId` is a step id or a probation case id — a random id, never a case id or person
 * id — and no API reads it.
 */

/** Counts a step or probation case once: the same one again, even under another event id, counts nothing. */
export async function countItem(manager: EntityManager, sourceId: string, cell: CountCell): Promise<void> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO counted_items (source_id, indicator, region, period, category) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source_id, indicator) DO NOTHING RETURNING source_id`,
    [sourceId, cell.indicator, cell.region, cell.period, cell.category],
  );
  if (inserted.length === 1) await incrementActivityCount(manager, cell);
}

/** Takes back the count of an annulled item. One counted before items were kept is not known, and nothing is taken back. */
export async function takeBackItem(manager: EntityManager, sourceId: string, indicator: CountedIndicatorCode): Promise<void> {
  const [removed]: [CountCell[], number] = await manager.query(
    `DELETE FROM counted_items WHERE source_id = $1 AND indicator = $2 RETURNING indicator, region, period, category`,
    [sourceId, indicator],
  );
  for (const cell of removed) await decrementActivityCount(manager, cell);
}

/** Moves the count of an amended item to `period`, in the same region and category; nothing when its month did not change. */
export async function moveItem(manager: EntityManager, sourceId: string, indicator: CountedIndicatorCode, period: string): Promise<void> {
  const [before]: CountCell[] = await manager.query(
    `SELECT indicator, region, period, category FROM counted_items WHERE source_id = $1 AND indicator = $2 FOR UPDATE`,
    [sourceId, indicator],
  );
  if (!before || before.period === period) return;
  await manager.query(`UPDATE counted_items SET period = $3 WHERE source_id = $1 AND indicator = $2`, [sourceId, indicator, period]);
  await decrementActivityCount(manager, before);
  await incrementActivityCount(manager, { ...before, period });
}
