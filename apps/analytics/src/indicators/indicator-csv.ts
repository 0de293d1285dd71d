/** Indicator rows as CSV (RFC 4180), pure. */
import { csvField } from '@icjims/platform';

export interface CsvRow {
  region: string;
  period: string;
  category?: string;
  value: number | null;
  suppressed: boolean;
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
