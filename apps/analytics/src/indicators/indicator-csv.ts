/** Indicator rows as CSV (RFC 4180), pure. */

export interface CsvRow {
  region: string;
  period: string;
  category?: string;
  value: number | null;
  suppressed: boolean;
}

/**
 * Quotes a field when it needs it, and defuses text a spreadsheet would run as a formula
 * (a leading =, +, -, @, tab or carriage return gets a leading apostrophe).
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line, then one line per row, CRLF line ends. A suppressed value is an empty field. */
export function indicatorRowsToCsv(rows: readonly CsvRow[], withCategory: boolean): string {
  const header = withCategory ? ['region', 'period', 'category', 'value', 'suppressed'] : ['region', 'period', 'value', 'suppressed'];
  const lines = rows.map((row) =>
    (withCategory ? [row.region, row.period, row.category ?? '', row.value, row.suppressed] : [row.region, row.period, row.value, row.suppressed])
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
