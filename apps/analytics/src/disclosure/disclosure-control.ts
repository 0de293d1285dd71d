import type { ExactCell, ExactTable, PublishedCell, StatisticalTable, SuppressionReason } from '../tables/statistical-table';
import { determinedCells } from './determined-cells';
import type { DisclosurePolicy } from './disclosure-policy';
import { tableLines, type TableLine } from './table-lines';

/**
 * Statistical disclosure control, pure: an exact table in, the table that may be published out
 * (docs/indicators.md, "Disclosure control").
 *
 * - exact policy: every value as it is;
 * - counts of a person-based indicator: primary suppression of 0 < n < minCellSize, then
 *   secondary suppression until no withheld cell can be recovered from the totals;
 * - ratios: withheld below minDenominator, or (person-based) over a numerator of 1 to
 *   minCellSize − 1; quantiles: withheld over fewer than minDenominator observations. Their
 *   totals are not sums, so they take no secondary suppression; the counts they are made of are
 *   published in their own tables under the count rules.
 *
 * A published cell holds its key and value only: never a numerator, denominator or number of
 * observations, and a withheld one holds null and its reason.
 */
export function protect(table: ExactTable, policy: DisclosurePolicy): StatisticalTable {
  const expected = table.dimensions.reduce((product, dimension) => product * dimension.categories.length, 1);
  if (table.cells.length !== expected) throw new RangeError(`A table over these dimensions has ${expected} cells, not ${table.cells.length}`);
  const reasons = policy.exact ? table.cells.map((cell) => undefinedFigure(cell, table.indicator.measure)) : withholdingReasons(table, policy);
  const cells = table.cells.map((cell, index): PublishedCell => {
    const reason = reasons[index];
    return reason ? { key: [...cell.key], value: null, suppression: reason } : { key: [...cell.key], value: cell.value };
  });
  return {
    indicator: table.indicator,
    dimensions: table.dimensions,
    ...(table.asOf === undefined ? {} : { asOf: table.asOf }),
    language: table.language,
    cells,
    disclosure: { minCellSize: policy.minCellSize, minDenominator: policy.minDenominator, exact: policy.exact },
  };
}

type Reasons = (SuppressionReason | undefined)[];

/** Even exact, a ratio over nothing or a statistic of no observation has no value: withheld as small-denominator. */
function undefinedFigure(cell: ExactCell, measure: StatisticalTable['indicator']['measure']): SuppressionReason | undefined {
  if (measure === 'ratio' && cell.denominator === 0) return 'small-denominator';
  if (measure === 'quantile' && cell.observations === 0) return 'small-denominator';
  return undefined;
}

function withholdingReasons(table: ExactTable, policy: DisclosurePolicy): Reasons {
  const { measure, personBased } = table.indicator;
  switch (measure) {
    case 'count':
      return personBased ? countReasons(table, policy.minCellSize) : table.cells.map(() => undefined);
    case 'ratio':
      return table.cells.map((cell) => ratioReason(cell, policy, personBased));
    case 'quantile':
      return table.cells.map((cell) => (required(cell.observations, 'observations') < policy.minDenominator ? 'small-denominator' : undefined));
  }
}

/** A few people in a ratio's numerator are as identifiable as in a count (a share of 1 out of 40 points at that one). */
function ratioReason(cell: ExactCell, policy: DisclosurePolicy, personBased: boolean): SuppressionReason | undefined {
  if (required(cell.denominator, 'denominator') < policy.minDenominator) return 'small-denominator';
  const numerator = required(cell.numerator, 'numerator');
  if (personBased && numerator > 0 && numerator < policy.minCellSize) return 'primary';
  return undefined;
}

function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new RangeError(`A cell of this measure needs its ${name}`);
  return value;
}

/** Primary, then secondary suppression of a count table. */
function countReasons(table: ExactTable, minCellSize: number): Reasons {
  const values = table.cells.map((cell) => cell.value);
  const reasons: Reasons = values.map((value) => (value > 0 && value < minCellSize ? 'primary' : undefined));
  if (!reasons.some(Boolean)) return reasons;
  const lines = tableLines(table.dimensions);
  const withheld = (cell: number) => reasons[cell] !== undefined;
  for (;;) {
    completeLines(lines, values, reasons);
    const determined = determinedCells(lines, reasons.map(Boolean));
    if (determined.length === 0) return reasons;
    // The lines each have no or several withheld cells, yet the equations of several lines
    // together still fix these (a cell whose withheld partners are pinned elsewhere): withhold
    // beside each the smallest published cell of its lines, or failing that of any line with a
    // withheld cell. A cell whose lines this round already touched waits for the next round: one
    // withheld cell often frees others, and a round costs an elimination.
    const touched = new Set<TableLine>();
    const linesOf = (cell: number) => lines.filter((line) => line.members.includes(cell) || line.total === cell);
    for (const cell of determined) {
      const around = linesOf(cell);
      if (around.some((line) => touched.has(line))) continue;
      const complement = smallestPublished(around, values, withheld) ?? smallestPublished(lines.filter((line) => [...line.members, line.total].some(withheld)), values, withheld);
      // Unreachable: if every line with a withheld cell published only zeros, the withheld values would solve the equations with zero on the right, and none of them could be fixed.
      if (complement === undefined) throw new Error('Disclosure control found no cell to withhold beside a determined one');
      reasons[complement] = 'secondary';
      for (const line of [...around, ...linesOf(complement)]) touched.add(line);
    }
  }
}

/** Gives every line with exactly one withheld cell a second one, until no such line is left. */
function completeLines(lines: readonly TableLine[], values: readonly number[], reasons: Reasons): void {
  const withheld = (cell: number) => reasons[cell] !== undefined;
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if ([...line.members, line.total].filter(withheld).length !== 1) continue;
      const complement = smallestPublished([line], values, withheld);
      // Unreachable: the withheld cell is above zero, so its line has another cell above zero (its total, or a member under it).
      if (complement === undefined) throw new Error('Disclosure control found no cell to withhold in a line');
      reasons[complement] = 'secondary';
      changed = true;
    }
  }
}

/**
 * The published cell of these lines to withhold next: above zero (withholding a zero protects
 * nothing), a line's member before its total (a total is worth more to readers), then the
 * smallest value, then the first in cell order — so the same table is always withheld the same way.
 */
function smallestPublished(lines: readonly TableLine[], values: readonly number[], withheld: (cell: number) => boolean): number | undefined {
  let best: { cell: number; isTotal: boolean } | undefined;
  for (const line of lines) {
    for (const [cell, isTotal] of [...line.members.map((member) => [member, false] as const), [line.total, true] as const]) {
      if (withheld(cell) || values[cell] <= 0) continue;
      if (best === undefined || compare({ cell, isTotal }, best, values) < 0) best = { cell, isTotal };
    }
  }
  return best?.cell;
}

function compare(a: { cell: number; isTotal: boolean }, b: { cell: number; isTotal: boolean }, values: readonly number[]): number {
  return Number(a.isTotal) - Number(b.isTotal) || values[a.cell] - values[b.cell] || a.cell - b.cell;
}
