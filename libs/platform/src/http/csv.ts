/** CSV (RFC 4180) for every service's downloads, pure. */

export type CsvValue = string | number | boolean | null;

/**
 * Quotes a field when it needs it, and defuses text a spreadsheet would run as a formula
 * (a leading =, +, -, @, tab or carriage return gets a leading apostrophe). Numbers stay numbers.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: fields joined by commas, ended by CRLF. */
export function csvLine(fields: readonly CsvValue[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
