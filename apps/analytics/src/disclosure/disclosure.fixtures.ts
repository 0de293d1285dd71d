import { cellKeys, TOTAL, type ExactCell, type ExactTable, type Measure, type StatisticalTable, type TableDimension } from '../tables/statistical-table';

/** Test factories for disclosure control: tables by dimension sizes and their cells' values. */

/** A dimension with `size` categories c0, c1 … and, when `total`, the TOTAL category last. */
export function dimension(code: string, size: number, total = true): TableDimension {
  const categories = Array.from({ length: size }, (_, position) => ({ code: `c${position}`, label: `${code} ${position}` }));
  return { code, label: code, categories: total ? [...categories, { code: TOTAL, label: 'Total' }] : categories };
}

export interface TableOptions {
  measure?: Measure;
  personBased?: boolean;
  asOf?: string;
}

/** An exact table over `dimensions` whose cells, in cell order, are `cells` (values, or whole cells without their keys). */
export function exactTable(dimensions: TableDimension[], cells: readonly (number | Omit<ExactCell, 'key'>)[], options: TableOptions = {}): ExactTable {
  const keys = cellKeys(dimensions);
  if (keys.length !== cells.length) throw new RangeError(`${keys.length} cells expected, ${cells.length} given`);
  return {
    indicator: { code: 'test_indicator', version: 1, title: 'Test', unit: 'persons', measure: options.measure ?? 'count', personBased: options.personBased ?? true },
    dimensions,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    language: 'en',
    cells: cells.map((cell, index) => (typeof cell === 'number' ? { key: keys[index], value: cell } : { key: keys[index], ...cell })),
  };
}

/**
 * A count table whose totals are the sums of `interior` (the cells without any TOTAL category,
 * in cell order) — so it is consistent by construction.
 */
export function countTableWithTotals(dimensions: TableDimension[], interior: readonly number[], options: TableOptions = {}): ExactTable {
  const interiorKeys = cellKeys(dimensions.map((d) => ({ ...d, categories: d.categories.filter((category) => category.code !== TOTAL) })));
  if (interiorKeys.length !== interior.length) throw new RangeError(`${interiorKeys.length} interior cells expected, ${interior.length} given`);
  const values = cellKeys(dimensions).map((key) =>
    interiorKeys.reduce((sum, inner, index) => (key.every((code, d) => code === TOTAL || code === inner[d]) ? sum + interior[index] : sum), 0),
  );
  return exactTable(dimensions, values, options);
}

/** The published cells as a compact picture: a number, or P / S / D for a primary, secondary or small-denominator withholding (? for a null without a reason). */
export function picture(table: StatisticalTable): (number | 'P' | 'S' | 'D' | '?')[] {
  const letters = { primary: 'P', secondary: 'S', 'small-denominator': 'D' } as const;
  return table.cells.map((cell) => (cell.value === null ? (cell.suppression ? letters[cell.suppression] : '?') : cell.value));
}
