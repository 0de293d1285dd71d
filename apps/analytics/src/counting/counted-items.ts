import { EntityManager } from 'typeorm';
import { sendWithNext } from '@icjims/persistence';
import { CountedIndicatorCode } from './counted.indicators';
import { addToCellsSql, CountCell, decrementActivityCount, incrementActivityCount } from './activity-counts';

/*
 * Counts of things a correction can take back: each is kept as an item in `counted_items`
 * with the cell it was counted in, in the same (inbox) transaction as the count. The
 * `sourceId` is a step id or a probation case id — a random id, never a case id or person
 * id — and no API reads it.
 */

/** An item to count once, and the cell it counts in. */
export interface CountedItem {
  sourceId: string;
  cell: CountCell;
}

/**
 * Counts steps or probation cases, each once: the same one again, even under another event id or
 * twice in `items`, counts nothing. One statement, sent with the transaction's next: the items
 * kept, and the cells of those new added to.
 */
export async function countItems(manager: EntityManager, items: readonly CountedItem[]): Promise<void> {
  if (!items.length) return;
  await sendWithNext(
    manager,
    `WITH counted AS (
       INSERT INTO counted_items (source_id, indicator, region, period, category)
       SELECT source_id, indicator, region, period, category
       FROM jsonb_to_recordset($1::jsonb) AS r(source_id uuid, indicator text, region text, period text, category text) ORDER BY source_id, indicator
       ON CONFLICT (source_id, indicator) DO NOTHING RETURNING indicator, region, period, category
     )
     ${addToCellsSql('counted')}`,
    [JSON.stringify(items.map(({ sourceId, cell }) => ({ source_id: sourceId, ...cell })))],
  );
}

/** Counts a step or probation case once: the same one again, even under another event id, counts nothing. */
export function countItem(manager: EntityManager, sourceId: string, cell: CountCell): Promise<void> {
  return countItems(manager, [{ sourceId, cell }]);
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
