import type { Reads } from '@icjims/persistence';
import type { Jurisdiction } from '@icjims/jurisdiction';
import type { Breakdown, IndicatorDefinition } from '../indicators/indicator-definition';
import { CountRow, countTable } from './count-table';
import { TablePeriod } from './periods';
import { ExactTable, TableDimension, TableIndicator } from './statistical-table';

/**
 * A family of indicators computed the same way (the flow of cases, durations, people …): their
 * definitions, and how one of them becomes an exact table. The catalogue lists the families;
 * the tables service checks the request, calls the family and applies disclosure control.
 */
export interface IndicatorFamily {
  readonly definitions: readonly IndicatorDefinition[];
  /** Every cell of the table asked for, exact (disclosure control comes after). */
  table(ask: TableAsk, tools: TableTools): Promise<ExactTable>;
}

/** A period as the instants it spans: [starts, ends). */
export interface PeriodSpan {
  code: string;
  starts: Date;
  ends: Date;
}

/** A checked request for one indicator's table. */
export interface TableAsk {
  indicator: IndicatorDefinition;
  /** The periods' codes, in order, and the instants each spans in the jurisdiction's zone. */
  periods: readonly string[];
  spans: readonly PeriodSpan[];
  /** Months, quarters, years, or one range of days (then `periods` is that one range). */
  granularity: TablePeriod;
  /** The breakdowns asked for, in the order asked (allowed by the indicator). */
  by: readonly Breakdown[];
  /** Only this region's figures (a regional analyst's, or the one asked for). */
  region?: string;
  /** The figures as they stood at this instant; none: as they stand now. */
  asOf?: Date;
  language: string;
}

export interface TableTools {
  /** Reads only: the queries a family asks at once go in one message, on one snapshot. */
  manager: Reads;
  /** Reads only, for a heavy table asked in parts: the queries a family asks at once run side by side, a core each, on one snapshot. */
  sideBySide: Reads;
  /** The jurisdiction's time zone (IANA). */
  timeZone: string;
  /** The jurisdiction pack: where a family finds the country's rules, measures and offences. */
  jurisdiction: Jurisdiction;
  /**
   * The table's dimensions: the period, then one per breakdown of `order` (default: those asked
   * for), each with the pack's categories, any other category found in `keys` (a key is a
   * period code then one category code per breakdown, in `order`), and its total.
   */
  dimensions(keys: readonly (readonly string[])[], order?: readonly Breakdown[]): TableDimension[];
}

/**
 * How a table names its indicator. Counts of people — and counts whose categories each concern
 * one person (person-level step types) — have their small cells withheld, as the catalogue says.
 */
export function tableIndicator(indicator: IndicatorDefinition): TableIndicator {
  const personBased = indicator.personBased || indicator.personLevelCategories;
  return { code: indicator.code, version: indicator.version, title: indicator.title, unit: indicator.unit, measure: indicator.measure, personBased };
}

/** A dense count table of the rows (each key a period and one category per dimension after it), for the indicator asked for. */
export function countedTable(ask: TableAsk, dimensions: readonly TableDimension[], rows: readonly CountRow[]): ExactTable {
  return countTable({ indicator: tableIndicator(ask.indicator), dimensions, ...(ask.asOf && { asOf: ask.asOf.toISOString() }), language: ask.language }, rows);
}

/**
 * numerator ÷ denominator × scale(key), cell by cell (one decimal), keeping both counts for
 * disclosure control; a ratio over nothing has no value and is withheld (small-denominator), exact or not.
 */
export function ratioTable(numerators: ExactTable, denominators: ExactTable, scale: (key: readonly string[]) => number): ExactTable {
  return {
    ...numerators,
    cells: numerators.cells.map((cell, index) => {
      const denominator = denominators.cells[index].value;
      const value = denominator === 0 ? 0 : Math.round((cell.value / denominator) * scale(cell.key) * 10) / 10;
      return { key: cell.key, value, numerator: cell.value, denominator };
    }),
  };
}
