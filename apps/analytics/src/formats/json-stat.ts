/**
 * A published table as a JSON-stat 2.0 dataset, pure. Written after the format's full
 * specification (json-stat.org/full/): `version` "2.0" and `class` "dataset"; `id` the dimension
 * ids in order and `size` their category counts; `dimension` each with `category.index` (an array
 * of category ids, in publication order) and `category.label` (id → label); `value` a dense array
 * in row-major order ("what does not change, first": the last dimension varies fastest — the
 * order of the table's cells); `status` in its object form, index → code, for the withheld cells
 * only; `role` to mark the time and geographic dimensions; `updated` an ISO 8601 instant;
 * `extension` for what the format leaves to the provider. The specification gives status no
 * vocabulary and says to explain provider codes in `extension`: ours are JSON_STAT_STATUS.
 */
import { StatisticalTable, SuppressionReason, TOTAL } from '../tables/statistical-table';

/** The status code of a withheld cell, by suppression reason. */
export const JSON_STAT_STATUS: Readonly<Record<SuppressionReason, string>> = {
  /** Confidential: a count of people between 1 and the minimum cell size. */
  primary: 'c',
  /** Secondary: withheld so that a confidential cell cannot be recovered from the totals. */
  secondary: 's',
  /** A rate, share or median over fewer people than the minimum denominator. */
  'small-denominator': 'd',
};

/** Dimension codes of the table model that JSON-stat roles mark. */
const TIME_DIMENSIONS = ['period'];
const GEO_DIMENSIONS = ['region', 'district'];

export interface JsonStatDimension {
  label: string;
  category: {
    index: string[];
    label: Record<string, string>;
    /** The total's children: the categories it sums. */
    child?: Record<string, string[]>;
  };
}

export interface JsonStatDataset {
  version: '2.0';
  class: 'dataset';
  label: string;
  note: string[];
  updated?: string;
  id: string[];
  size: number[];
  role?: { time?: string[]; geo?: string[] };
  dimension: Record<string, JsonStatDimension>;
  value: (number | null)[];
  status?: Record<string, string>;
  extension: {
    indicator: { code: string; version: number; unit: string; measure: string; personBased: boolean };
    language: string;
    asOf?: string;
    disclosure: { minCellSize: number; minDenominator: number; exact: boolean };
    /** What each status code means: the suppression reason it stands for. */
    status: Record<string, SuppressionReason>;
  };
}

export interface JsonStatOptions {
  /** When the figures were read (ISO 8601); an as-of table is dated by its `asOf` instead. */
  updated?: string;
}

export function tableToJsonStat(table: StatisticalTable, options: JsonStatOptions = {}): JsonStatDataset {
  const ids = table.dimensions.map((dimension) => dimension.code);
  const time = ids.filter((id) => TIME_DIMENSIONS.includes(id));
  const geo = ids.filter((id) => GEO_DIMENSIONS.includes(id));
  const status: Record<string, string> = {};
  table.cells.forEach((cell, index) => {
    if (cell.suppression) status[String(index)] = JSON_STAT_STATUS[cell.suppression];
  });
  const updated = table.asOf ?? options.updated;
  return {
    version: '2.0',
    class: 'dataset',
    label: table.indicator.title,
    note: notes(table),
    ...(updated !== undefined && { updated }),
    id: ids,
    size: table.dimensions.map((dimension) => dimension.categories.length),
    ...((time.length > 0 || geo.length > 0) && { role: { ...(time.length > 0 && { time }), ...(geo.length > 0 && { geo }) } }),
    dimension: Object.fromEntries(
      table.dimensions.map((dimension) => {
        const codes = dimension.categories.map((category) => category.code);
        const totalled = codes.at(-1) === TOTAL;
        return [
          dimension.code,
          {
            label: dimension.label,
            category: {
              index: codes,
              label: Object.fromEntries(dimension.categories.map((category) => [category.code, category.label])),
              ...(totalled && { child: { [TOTAL]: codes.slice(0, -1) } }),
            },
          },
        ];
      }),
    ),
    value: table.cells.map((cell) => cell.value),
    ...(Object.keys(status).length > 0 && { status }),
    extension: {
      indicator: {
        code: table.indicator.code,
        version: table.indicator.version,
        unit: table.indicator.unit,
        measure: table.indicator.measure,
        personBased: table.indicator.personBased,
      },
      language: table.language,
      ...(table.asOf !== undefined && { asOf: table.asOf }),
      disclosure: { ...table.disclosure },
      status: Object.fromEntries(Object.entries(JSON_STAT_STATUS).map(([reason, code]) => [code, reason as SuppressionReason])),
    },
  };
}

/** Annotations for a reader who sees only the file: what null means, and what the figures are. */
function notes(table: StatisticalTable): string[] {
  const { minCellSize, minDenominator, exact } = table.disclosure;
  return [
    exact
      ? 'Exact figures, not protected by disclosure control: not for publication.'
      : `Published under statistical disclosure control: counts of people under ${minCellSize}, other than 0, are withheld (status c), ` +
        `and so are cells from which one could be derived through the totals (status s); ` +
        `rates, shares and medians over fewer than ${minDenominator} people are withheld too (status d). A withheld value is null.`,
    ...(table.asOf !== undefined ? [`Figures as they stood at ${table.asOf}.`] : []),
  ];
}
