/**
 * A published table as CSV (RFC 4180), pure: one line per cell, the dimensions' category codes,
 * then `value` and `status`. A withheld cell has an empty value and its suppression reason
 * (primary, secondary, small-denominator) as its status; a published one an empty status.
 * Fields are written by the platform's csvField: quoted when they need it, and text a
 * spreadsheet would run as a formula (a leading =, +, -, @) prefixed with an apostrophe, so a
 * label such as "=HYPERLINK(…)" opens as text. Numbers stay numbers; codes start with a letter
 * or a digit (or _T), so only labels are ever prefixed.
 */
import { csvLine } from '@icjims/platform';
import { StatisticalTable } from '../tables/statistical-table';

export interface TableCsvOptions {
  /** Adds a `<dimension>_label` column after each dimension's code column, in the table's language. */
  labels?: boolean;
}

export function tableToCsv(table: StatisticalTable, options: TableCsvOptions = {}): string {
  const labels = options.labels === true;
  const header = table.dimensions.flatMap((dimension) => (labels ? [dimension.code, `${dimension.code}_label`] : [dimension.code]));
  const labelOf = table.dimensions.map((dimension) => new Map(dimension.categories.map((category) => [category.code, category.label])));
  const lines = table.cells.map((cell) => {
    const key = cell.key.flatMap((code, i) => (labels ? [code, labelOf[i].get(code) ?? ''] : [code]));
    return csvLine([...key, cell.value, cell.suppression ?? '']);
  });
  return csvLine([...header, 'value', 'status']) + lines.join('');
}
