import type { ExactTable, StatisticalTable } from '../tables/statistical-table';
import { tableLines } from './table-lines';

/**
 * The test oracle for disclosure control: for each withheld cell, the smallest and largest value
 * it can take in any completion of the published table — real, non-negative values for the
 * withheld cells that keep every line summing to its total. Independent of the elimination
 * disclosure control itself uses: a linear program per bound, solved by a two-phase simplex with
 * Bland's rule in exact rational arithmetic (BigInt fractions), so "min < max" is decided without
 * rounding. An LP package from npm would do the same in floating point, with a tolerance to pick;
 * these tables have at most a few dozen withheld cells, where exact fractions are fast enough.
 * Brute force over integers was the other choice, but a withheld total ranges far beyond 10.
 *
 * Only for tests: it is slow on large tables.
 */
export interface CompletionRange {
  cell: number;
  min: number;
  /** Infinity when nothing bounds the cell from above. */
  max: number;
}

/** Known bounds a reader may have on a withheld cell beyond ≥ 0 (from the suppression reasons). */
export type CellBounds = (cell: number) => { lower: number; upper?: number };

export function completionRanges(exact: ExactTable, published: StatisticalTable, bounds: CellBounds = () => ({ lower: 0 })): CompletionRange[] {
  const withheld = published.cells.flatMap((cell, index) => (cell.value === null ? [index] : []));
  if (withheld.length === 0) return [];
  const variable = new Map(withheld.map((cell, position) => [cell, position]));
  const lower = withheld.map((cell) => q(BigInt(bounds(cell).lower)));
  const rows: Q[][] = [];
  const rhs: Q[] = [];
  // Each line: Σ members − total = 0, published values moved to the right, withheld x = lower + x′.
  for (const line of tableLines(exact.dimensions)) {
    const terms: [number, bigint][] = [...line.members.map((cell) => [cell, 1n] as [number, bigint]), [line.total, -1n]];
    if (!terms.some(([cell]) => variable.has(cell))) continue;
    const row = withheld.map(() => ZERO);
    let right = ZERO;
    for (const [cell, sign] of terms) {
      const position = variable.get(cell);
      if (position === undefined) right = sub(right, q(sign * BigInt(published.cells[cell].value as number)));
      else {
        row[position] = q(sign);
        right = sub(right, mul(q(sign), lower[position]));
      }
    }
    rows.push(row);
    rhs.push(right);
  }
  // Upper bounds: x′ + slack = upper − lower, one slack variable each.
  const uppers = withheld.flatMap((cell, position) => {
    const upper = bounds(cell).upper;
    return upper === undefined ? [] : [{ position, room: sub(q(BigInt(upper)), lower[position]) }];
  });
  const width = withheld.length + uppers.length;
  const constraints = [
    ...rows.map((row) => [...row, ...uppers.map(() => ZERO)]),
    ...uppers.map(({ position }, index) => Array.from({ length: width }, (_, j) => (j === position || j === withheld.length + index ? ONE : ZERO))),
  ];
  const feasible = phaseOne(constraints, [...rhs, ...uppers.map(({ room }) => room)], width);
  if (feasible === undefined) throw new Error('The published table has no completion: it contradicts itself');
  return withheld.map((cell, position) => {
    const objective = Array.from({ length: width }, (_, j) => (j === position ? ONE : ZERO));
    const min = phaseTwo(feasible, objective);
    const max = phaseTwo(feasible, objective.map(neg));
    const shift = lower[position];
    return {
      cell,
      min: toNumber(add(min as Q, shift)),
      max: max === undefined ? Infinity : toNumber(add(neg(max), shift)),
    };
  });
}

// ——— exact rationals ———

interface Q {
  n: bigint;
  d: bigint;
}

const ZERO: Q = { n: 0n, d: 1n };
const ONE: Q = { n: 1n, d: 1n };

function q(n: bigint, d = 1n): Q {
  if (d < 0n) [n, d] = [-n, -d];
  let a = n < 0n ? -n : n;
  let b = d;
  while (b !== 0n) [a, b] = [b, a % b];
  return a > 1n ? { n: n / a, d: d / a } : { n, d };
}
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const neg = (a: Q): Q => ({ n: -a.n, d: a.d });
const sign = (a: Q) => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);
const less = (a: Q, b: Q) => sign(sub(a, b)) < 0;
const toNumber = (a: Q) => Number(a.n) / Number(a.d);

// ——— simplex ———

/** A basic feasible solution: rows [coefficients…, right-hand side], and the basic variable of each row. */
interface Tableau {
  rows: Q[][];
  basis: number[];
  /** Columns that may enter the basis. */
  columns: number;
}

/** Phase one: a feasible basis of A x = b, x ≥ 0 (artificial variables driven out, redundant rows dropped), or undefined. */
function phaseOne(a: Q[][], b: Q[], n: number): Tableau | undefined {
  const m = a.length;
  const rows = a.map((row, i) => {
    const flip = sign(b[i]) < 0;
    const artificial = Array.from({ length: m }, (_, j) => (i === j ? ONE : ZERO));
    return [...row.map((x) => (flip ? neg(x) : x)), ...artificial, flip ? neg(b[i]) : b[i]];
  });
  const tableau: Tableau = { rows, basis: Array.from({ length: m }, (_, i) => n + i), columns: n + m };
  const cost = Array.from({ length: n + m }, (_, j) => (j >= n ? ONE : ZERO));
  if (!optimise(tableau, cost)) throw new Error('Phase one cannot be unbounded');
  if (tableau.rows.some((row, i) => tableau.basis[i] >= n && sign(row[row.length - 1]) !== 0)) return undefined;
  for (let i = tableau.rows.length - 1; i >= 0; i--) {
    if (tableau.basis[i] < n) continue;
    const entering = tableau.rows[i].findIndex((x, j) => j < n && sign(x) !== 0);
    if (entering >= 0) pivot(tableau, i, entering);
    else {
      tableau.rows.splice(i, 1);
      tableau.basis.splice(i, 1);
    }
  }
  // Drop the artificial columns.
  return { rows: tableau.rows.map((row) => [...row.slice(0, n), row[row.length - 1]]), basis: tableau.basis, columns: n };
}

/** Phase two from a feasible basis: the minimum of cost · x, or undefined when it is unbounded below. */
function phaseTwo(feasible: Tableau, cost: Q[]): Q | undefined {
  const tableau: Tableau = { rows: feasible.rows.map((row) => [...row]), basis: [...feasible.basis], columns: feasible.columns };
  if (!optimise(tableau, cost)) return undefined;
  return tableau.rows.reduce((sum, row, i) => add(sum, mul(cost[tableau.basis[i]], row[row.length - 1])), ZERO);
}

/** Pivots to an optimum by Bland's rule (no cycling); false when the objective is unbounded below. */
function optimise(tableau: Tableau, cost: Q[]): boolean {
  for (;;) {
    const { rows, basis } = tableau;
    let entering = -1;
    for (let j = 0; j < tableau.columns && entering < 0; j++) {
      if (basis.includes(j)) continue;
      const reduced = rows.reduce((r, row, i) => sub(r, mul(cost[basis[i]], row[j])), cost[j]);
      if (sign(reduced) < 0) entering = j;
    }
    if (entering < 0) return true;
    let leaving = -1;
    let best: Q | undefined;
    for (const [i, row] of rows.entries()) {
      if (sign(row[entering]) <= 0) continue;
      const ratio = div(row[row.length - 1], row[entering]);
      if (best === undefined || less(ratio, best) || (sign(sub(ratio, best)) === 0 && basis[i] < basis[leaving])) {
        best = ratio;
        leaving = i;
      }
    }
    if (leaving < 0) return false;
    pivot(tableau, leaving, entering);
  }
}

function pivot(tableau: Tableau, row: number, column: number): void {
  const pivotRow = tableau.rows[row];
  const factor = pivotRow[column];
  const normalised = pivotRow.map((x) => div(x, factor));
  tableau.rows = tableau.rows.map((r, i) => {
    if (i === row) return normalised;
    if (sign(r[column]) === 0) return r;
    const times = r[column];
    return r.map((x, j) => sub(x, mul(times, normalised[j])));
  });
  tableau.basis[row] = column;
}
