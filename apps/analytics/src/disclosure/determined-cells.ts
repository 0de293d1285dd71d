import { fixedColumns } from './fixed-columns';
import type { TableLine } from './table-lines';

/**
 * Which withheld cells the published ones still determine exactly. A reader who knows every
 * published value has, for each line, one linear equation in the withheld cells of that line
 * (their sum, the total counted negative, equals what the published cells leave). A withheld
 * cell is determined when its value is the same in every solution of those equations, that is
 * when no direction in their null space moves it. Found exactly (fixed-columns.ts), one connected
 * group of withheld cells at a time (groups share no equation, so each is solved on its own and
 * the matrices stay small).
 *
 * This is the real-valued criterion: withheld cells are all greater than zero (zeros are never
 * withheld), so near the true values the only limits a reader has are these equations, and a
 * cell that is not determined has a range of more than one value.
 */
export function determinedCells(lines: readonly TableLine[], withheld: readonly boolean[]): number[] {
  const equations = lines.filter((line) => cellsOf(line).some((cell) => withheld[cell]));
  return connectedGroups(equations, withheld)
    .flatMap((group) => determinedInGroup(group, withheld))
    .sort((a, b) => a - b);
}

/** Withheld cells joined by the equations they share, with those equations. */
interface Group {
  cells: number[];
  lines: TableLine[];
}

function cellsOf(line: TableLine): number[] {
  return [...line.members, line.total];
}

/** Union–find over the withheld cells of the equations. */
function connectedGroups(equations: readonly TableLine[], withheld: readonly boolean[]): Group[] {
  const parent = new Map<number, number>();
  const find = (cell: number): number => {
    let root = cell;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(cell, root);
    return root;
  };
  const withheldOf = equations.map((line) => cellsOf(line).filter((cell) => withheld[cell]));
  for (const cells of withheldOf) {
    for (const cell of cells) if (!parent.has(cell)) parent.set(cell, cell);
    for (const cell of cells.slice(1)) parent.set(find(cell), find(cells[0]));
  }
  const groups = new Map<number, Group>();
  for (const cell of [...parent.keys()].sort((a, b) => a - b)) {
    const root = find(cell);
    const group = groups.get(root) ?? { cells: [], lines: [] };
    group.cells.push(cell);
    groups.set(root, group);
  }
  equations.forEach((line, index) => groups.get(find(withheldOf[index][0]))?.lines.push(line));
  return [...groups.values()];
}

function determinedInGroup(group: Group, withheld: readonly boolean[]): number[] {
  const column = new Map(group.cells.map((cell, position) => [cell, position]));
  const rows = group.lines.map((line) => {
    const row = group.cells.map(() => 0);
    for (const member of line.members) if (withheld[member]) row[column.get(member) as number] = 1;
    if (withheld[line.total]) row[column.get(line.total) as number] = -1;
    return row;
  });
  return fixedColumns(rows, group.cells.length).map((position) => group.cells[position]);
}
