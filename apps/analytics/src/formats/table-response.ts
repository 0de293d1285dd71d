/** What the table routes (the analysts' and the open-data one) share: the format asked for, and the answer in it. */
import type { Response } from 'express';
import { NotFoundError } from '@icjims/contracts';
import { StatisticalTable } from '../tables/statistical-table';
import { requestedTableFormat, TableFormat } from './negotiate';
import { NotAcceptableError } from './not-acceptable.error';
import { renderTable, RenderOptions } from './render-table';

/** The path values `{table}` may take: the table, with a format's extension or without. */
export const TABLE_PATHS = ['table', 'table.json', 'table.csv', 'table.jsonstat', 'table.sdmx.csv'] as const;

/**
 * The format of `GET …/{code}/{table}`: the extension's, else the Accept header's. Any other
 * `{table}` is a 404 (pointing at `tableRoute`); an Accept none of the formats meets, a 406.
 */
export function tableFormatOf(path: string, accept: string | undefined, tableRoute: string): TableFormat {
  const { name, format } = requestedTableFormat(path, accept);
  if (name !== 'table') throw new NotFoundError(`${path.slice(0, 64)} is not a view of an indicator; GET ${tableRoute} is`);
  if (!format) throw new NotAcceptableError();
  return format;
}

/** Renders the table and sets Content-Type and Vary (the format follows Accept, the labels Accept-Language); returns the body to send. */
export function sendTable(response: Response, table: StatisticalTable, format: TableFormat, options: RenderOptions): string {
  const rendered = renderTable(table, format, options);
  response.setHeader('Content-Type', rendered.contentType);
  response.setHeader('Vary', 'Accept, Accept-Language');
  return rendered.body;
}
