/** A published table in the format negotiated for it, with the Content-Type to answer: what a controller sends. */
import { StatisticalTable } from '../tables/statistical-table';
import { tableToJsonStat } from './json-stat';
import { TABLE_FORMAT_MEDIA, TableFormat } from './negotiate';
import { tableToSdmxCsv } from './sdmx-csv';
import { tableToCsv } from './table-csv';

export interface RenderOptions {
  /** CSV: a label column after each code column. */
  labels?: boolean;
  /** JSON-stat: when the figures were read (ISO 8601); an as-of table is dated by its asOf. */
  updated?: string;
}

export function renderTable(table: StatisticalTable, format: TableFormat, options: RenderOptions = {}): { contentType: string; body: string } {
  const { contentType } = TABLE_FORMAT_MEDIA[format];
  switch (format) {
    case 'json':
      return { contentType, body: JSON.stringify(table) };
    case 'csv':
      return { contentType, body: tableToCsv(table, { labels: options.labels }) };
    case 'json-stat':
      return { contentType, body: JSON.stringify(tableToJsonStat(table, { updated: options.updated })) };
    case 'sdmx-csv':
      return { contentType, body: tableToSdmxCsv(table) };
  }
}
