import { PublishedCell, StatisticalTable, TableDimension } from '../tables/statistical-table';

/** A cell as published on one side of a revision: its figure, or why it is withheld; absent when the table had no such cell. */
export interface RevisedFigure {
  value: number | null;
  suppression?: PublishedCell['suppression'];
}

export interface Revision {
  key: readonly string[];
  asOf: RevisedFigure | null;
  current: RevisedFigure | null;
  /** current − asOf when both are published; null otherwise (a withheld figure is not given away by a difference). */
  change: number | null;
}

export interface Revisions {
  indicator: StatisticalTable['indicator'];
  asOf: string;
  /** The dimensions of the current table (a category may have appeared since). */
  dimensions: readonly TableDimension[];
  /** The cells whose published figure (or whether it is withheld) differs, in the current table's cell order, then cells gone since. */
  revisions: Revision[];
  /** How many cells were published alike in both. */
  unchanged: number;
  disclosure: StatisticalTable['disclosure'];
}

/**
 * The revision of a published table: its cells as they stood at `asOf` compared with the same
 * cells now, both as published (after disclosure control). Only published figures are
 * compared, so a revision tells nothing that the two tables do not already tell.
 */
export function revisionsOf(before: StatisticalTable, now: StatisticalTable): Revisions {
  if (before.asOf === undefined) throw new RangeError('the earlier table must be one as of a date');
  const earlier = new Map(before.cells.map((cell) => [cell.key.join('\u0000'), cell]));
  const revisions: Revision[] = [];
  let unchanged = 0;
  for (const cell of now.cells) {
    const id = cell.key.join('\u0000');
    const old = earlier.get(id);
    earlier.delete(id);
    if (old && old.value === cell.value && old.suppression === cell.suppression) {
      unchanged += 1;
      continue;
    }
    revisions.push({ key: cell.key, asOf: old ? figure(old) : null, current: figure(cell), change: old && old.value !== null && cell.value !== null ? round(cell.value - old.value) : null });
  }
  for (const old of earlier.values()) revisions.push({ key: old.key, asOf: figure(old), current: null, change: null });
  return { indicator: now.indicator, asOf: before.asOf, dimensions: now.dimensions, revisions, unchanged, disclosure: now.disclosure };
}

function figure(cell: PublishedCell): RevisedFigure {
  return { value: cell.value, ...(cell.suppression && { suppression: cell.suppression }) };
}

/** Figures have at most one decimal: keep the difference free of floating-point noise. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
