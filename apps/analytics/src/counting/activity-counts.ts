import { EntityManager } from 'typeorm';
import { IndicatorCode } from '../indicators/indicator-catalogue';

export interface CountCell {
  indicator: IndicatorCode;
  region: string;
  /** YYYY-MM */
  period: string;
  /** '' when the indicator has no category breakdown. */
  category: string;
}

/** Adds one to a cell, creating it at 1; runs in the caller's (inbox) transaction. */
export async function incrementActivityCount(manager: EntityManager, cell: CountCell): Promise<void> {
  await manager.query(
    `INSERT INTO activity_counts (indicator, region, period, category, value) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (indicator, region, period, category) DO UPDATE SET value = activity_counts.value + 1`,
    [cell.indicator, cell.region, cell.period, cell.category],
  );
}
