/**
 * Which unknowns a system of linear equations with integer coefficients fixes: column j is fixed
 * when x_j has the same value in every solution (the unit vector e_j is a combination of the
 * rows). Exact, by Gauss–Jordan elimination over the integers, each new row divided by the gcd of
 * its entries so that they stay small: a pivot column is fixed when its row has nothing else in it;
 * a free column never is.
 *
 * In floating-point numbers while every product stays below 2^53 (exact, and fast enough for
 * tables of thousands of cells), redone in BigInt (dense, column by column: slower, but the same
 * answer) for a system whose entries would outgrow that.
 */
export function fixedColumns(rows: readonly (readonly number[])[], width: number, arithmetic: 'auto' | 'bigint' = 'auto'): number[] {
  if (arithmetic === 'auto') {
    const fixed = fixedColumnsInNumbers(rows, width);
    if (fixed !== undefined) return fixed;
  }
  return fixedColumnsInBigInts(rows, width);
}

/**
 * Sparse rows, pivots chosen to keep them sparse (the row with the fewest entries, in it the
 * column in the fewest rows): lines hold few withheld cells, and most are solved by substitution.
 * Undefined when an entry would leave the safe integers.
 */
function fixedColumnsInNumbers(input: readonly (readonly number[])[], width: number): number[] | undefined {
  const rows = input.map((row) => new Map(row.flatMap((entry, column) => (entry === 0 ? [] : [[column, entry] as const]))));
  const rowsOf = Array.from({ length: width }, () => new Set<number>());
  rows.forEach((row, index) => row.forEach((_, column) => rowsOf[column].add(index)));
  const done = new Set<number>();
  const pivotOf = new Map<number, number>();
  for (;;) {
    let chosen = -1;
    for (let index = 0; index < rows.length; index++) {
      if (done.has(index) || rows[index].size === 0) continue;
      if (chosen < 0 || rows[index].size < rows[chosen].size) chosen = index;
    }
    if (chosen < 0) break;
    done.add(chosen);
    const pivotRow = rows[chosen];
    let col = -1;
    for (const column of pivotRow.keys()) if (col < 0 || rowsOf[column].size < rowsOf[col].size || (rowsOf[column].size === rowsOf[col].size && column < col)) col = column;
    pivotOf.set(chosen, col);
    const pivot = pivotRow.get(col) as number;
    const pivotLargest = largest(pivotRow);
    for (const index of [...rowsOf[col]]) {
      if (index === chosen) continue;
      const row = rows[index];
      const factor = row.get(col) as number;
      if (largest(row) * Math.abs(pivot) + pivotLargest * Math.abs(factor) > Number.MAX_SAFE_INTEGER) return undefined;
      // row × pivot − pivotRow × factor, in place.
      for (const [column, entry] of row) row.set(column, entry * pivot);
      for (const [column, entry] of pivotRow) {
        const next = (row.get(column) ?? 0) - entry * factor;
        if (next === 0) {
          row.delete(column);
          rowsOf[column].delete(index);
        } else {
          row.set(column, next);
          rowsOf[column].add(index);
        }
      }
      let divisor = 0;
      for (const entry of row.values()) divisor = gcd(divisor, Math.abs(entry));
      if (divisor > 1) for (const [column, entry] of row) row.set(column, entry / divisor);
    }
  }
  return [...pivotOf].flatMap(([index, pivot]) => (rows[index].size === 1 ? [pivot] : [])).sort((a, b) => a - b);
}

function fixedColumnsInBigInts(input: readonly (readonly number[])[], width: number): number[] {
  const rows = input.map((row) => row.map((entry) => BigInt(entry)));
  const pivots: number[] = [];
  for (let col = 0; col < width && pivots.length < rows.length; col++) {
    const r = pivots.length;
    const found = rows.findIndex((row, index) => index >= r && row[col] !== 0n);
    if (found < 0) continue;
    [rows[r], rows[found]] = [rows[found], rows[r]];
    const pivotRow = rows[r];
    for (const [index, row] of rows.entries()) {
      if (index === r || row[col] === 0n) continue;
      const factor = row[col];
      const next = row.map((entry, position) => entry * pivotRow[col] - pivotRow[position] * factor);
      let divisor = 0n;
      for (const entry of next) divisor = bigGcd(divisor, entry < 0n ? -entry : entry);
      rows[index] = divisor > 1n ? next.map((entry) => entry / divisor) : next;
    }
    pivots.push(col);
  }
  return pivots.filter((pivot, r) => rows[r].every((entry, position) => position === pivot || entry === 0n)).sort((a, b) => a - b);
}

function largest(row: Map<number, number>): number {
  let most = 0;
  for (const entry of row.values()) most = Math.max(most, Math.abs(entry));
  return most;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
