/**
 * A published table as an SDMX-CSV 2.0 data message, pure. Written after the SDMX-CSV data
 * message field guide (sdmx-twg/sdmx-csv, docs/data_message_field_guide.md; version 2.0 goes
 * with SDMX 3.0): RFC 4180 records with a mandatory header; first `STRUCTURE` (the artefact type,
 * here `dataflow`), then `STRUCTURE_ID` (AGENCY:ID(VERSION)), then `ACTION` (`I`, information:
 * data to read, not to load as a change), then one column per dimension holding its code, then
 * the measure `OBS_VALUE` and the attributes `OBS_STATUS` and `CONF_STATUS`, one row per cell.
 *
 * The dataflow is `ICJIMS:<INDICATOR_CODE>(<version>.0.0)`: the agency id names the system, not a
 * country, and the indicator's version (a whole number that changes with its definition) is an
 * SDMX 3.0 semantic version. Dimension ids are the table's dimension codes in upper snake case,
 * except the two SDMX cross-domain concepts: the period is TIME_PERIOD, the region REF_AREA.
 * Category codes are the table's own (the total is already the SDMX `_T`), except a range of days:
 * TIME_PERIOD writes it as an SDMX time range, its first day and its length (`2026-03-15/P88D`).
 *
 * Attribute values come from the SDMX global code lists: OBS_STATUS (CL_OBS_STATUS) `A` normal
 * value, `Q` missing value, suppressed; CONF_STATUS (CL_CONF_STATUS) `F` free for publication,
 * `A` primary confidentiality due to small counts, `D` secondary confidentiality set by the
 * sender, not for publication, and `C` confidential statistical information for a rate or median
 * over too few people. A withheld cell has an empty OBS_VALUE. An exact table (figures without
 * disclosure control, for national analysts where the policy allows) is `N` throughout: not for
 * publication, restricted for internal use only.
 */
import { csvLine } from '@icjims/platform';
import { dateRange } from '../tables/periods';
import { StatisticalTable, SuppressionReason } from '../tables/statistical-table';

/** The SDMX agency id of everything ICJIMS publishes. */
export const SDMX_AGENCY = 'ICJIMS';

export const SDMX_CONF_STATUS: Readonly<Record<SuppressionReason | 'published' | 'exact', string>> = {
  published: 'F',
  exact: 'N',
  primary: 'A',
  secondary: 'D',
  'small-denominator': 'C',
};

export const SDMX_OBS_STATUS = { published: 'A', suppressed: 'Q' } as const;

/** Table dimension codes that have an SDMX cross-domain concept of their own. */
const CROSS_DOMAIN_IDS: Readonly<Record<string, string>> = { period: 'TIME_PERIOD', region: 'REF_AREA' };

/** The dataflow the table is published under, e.g. ICJIMS:CASES_REGISTERED(1.0.0). */
export function sdmxStructureId(indicator: { code: string; version: number }): string {
  return `${SDMX_AGENCY}:${sdmxId(indicator.code)}(${indicator.version}.0.0)`;
}

/** The SDMX component id of a table dimension: TIME_PERIOD, REF_AREA, AGE_BAND … */
export function sdmxDimensionId(code: string): string {
  return CROSS_DOMAIN_IDS[code] ?? sdmxId(code);
}

/** camelCase or snake_case → UPPER_SNAKE_CASE. */
function sdmxId(code: string): string {
  return code.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function tableToSdmxCsv(table: StatisticalTable): string {
  const structureId = sdmxStructureId(table.indicator);
  const header = ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', ...table.dimensions.map((dimension) => sdmxDimensionId(dimension.code)), 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS'];
  const rows = table.cells.map((cell) =>
    csvLine([
      'dataflow',
      structureId,
      'I',
      ...cell.key.map((code, i) => (table.dimensions[i].code === 'period' ? sdmxTimePeriod(code) : code)),
      cell.value,
      cell.suppression ? SDMX_OBS_STATUS.suppressed : SDMX_OBS_STATUS.published,
      SDMX_CONF_STATUS[cell.suppression ?? (table.disclosure.exact ? 'exact' : 'published')],
    ]),
  );
  return csvLine(header) + rows.join('');
}

/** A period code as SDMX writes it: months, quarters and years as they are; a range of days (first/last) as first/PnD. */
export function sdmxTimePeriod(code: string): string {
  const range = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(code);
  return range ? `${range[1]}/P${dateRange(range[1], range[2]).days}D` : code;
}
