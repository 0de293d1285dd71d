/*
 * The analyst dashboard's reading of a published statistical table (the JSON of
 * GET /api/v1/indicators/{code}/table, typed in apps/analytics/src/tables/statistical-table.ts):
 * which periods are rows, which categories are columns and series, why a cell is withheld.
 * Pure — no DOM, no fetch. The page loads it as a classic script (window.TableView); its unit
 * test requires it as a CommonJS module.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.TableView = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** The total category's code (the SDMX convention), and the time dimension's code. */
  var TOTAL = '_T';
  var PERIOD = 'period';

  var SUPPRESSION_NOTES = {
    primary: 'withheld: counts fewer people than the minimum cell size',
    secondary: 'withheld so that a withheld cell cannot be worked out from the totals',
    'small-denominator': 'withheld: a rate or statistic over too few people',
  };

  /** Why a cell is withheld, in words (with the table's thresholds). */
  function suppressionNote(reason, disclosure) {
    var note = SUPPRESSION_NOTES[reason] || 'withheld (' + reason + ')';
    if (reason === 'primary' && disclosure) note += ' (' + disclosure.minCellSize + ')';
    if (reason === 'small-denominator' && disclosure) note += ' (' + disclosure.minDenominator + ')';
    return note;
  }

  /** Every combination of the dimensions' categories, the last varying fastest (the cells' order). */
  function combinations(dimensions) {
    return dimensions.reduce(
      function (combos, dimension) {
        var next = [];
        combos.forEach(function (combo) {
          dimension.categories.forEach(function (category) {
            next.push(combo.concat([category]));
          });
        });
        return next;
      },
      [[]],
    );
  }

  /** The cell of a full key (one category code per dimension, in the table's order). */
  function cellAt(table, key) {
    var index = 0;
    table.dimensions.forEach(function (dimension, i) {
      var position = dimension.categories.findIndex(function (category) {
        return category.code === key[i];
      });
      if (position < 0) throw new RangeError(key[i] + ' is not a category of ' + dimension.code);
      index = index * dimension.categories.length + position;
    });
    return table.cells[index];
  }

  /**
   * The table laid out for display: one row per period (or a single row when the table has no
   * period dimension), one column per combination of the other dimensions' categories; a column
   * or row that is a total is marked so.
   */
  function layout(table) {
    var periodIndex = table.dimensions.findIndex(function (dimension) {
      return dimension.code === PERIOD;
    });
    var others = table.dimensions.filter(function (_dimension, i) {
      return i !== periodIndex;
    });
    var periods = periodIndex < 0 ? [null] : table.dimensions[periodIndex].categories;
    var columns = combinations(others).map(function (categories) {
      return {
        codes: categories.map(function (category) {
          return category.code;
        }),
        label: categories.length
          ? categories
              .map(function (category) {
                return category.label;
              })
              .join(' · ')
          : table.indicator.title,
        total: categories.some(function (category) {
          return category.code === TOTAL;
        }),
      };
    });
    var rows = periods.map(function (period) {
      return {
        code: period ? period.code : TOTAL,
        label: period ? period.label : 'Total',
        total: !period || period.code === TOTAL,
        cells: columns.map(function (column) {
          var key = column.codes.slice();
          if (period) key.splice(periodIndex, 0, period.code);
          return cellAt(table, key);
        }),
      };
    });
    return {
      dimensions: others.map(function (dimension) {
        return { code: dimension.code, label: dimension.label };
      }),
      periodLabel: periodIndex < 0 ? 'Period' : table.dimensions[periodIndex].label,
      columns: columns,
      rows: rows,
    };
  }

  /** The columns drawn as series: each category but the totals — or the total alone when there is no breakdown. */
  function seriesColumns(view) {
    var indexes = [];
    view.columns.forEach(function (column, i) {
      if (!column.total) indexes.push(i);
    });
    if (indexes.length === 0) indexes = view.columns.map(function (_column, i) { return i; });
    return indexes;
  }

  function periodRows(view) {
    var rows = view.rows.filter(function (row) {
      return !row.total;
    });
    return rows.length ? rows : view.rows;
  }

  /**
   * The line chart over time: labels are the periods, one series per category. A withheld value
   * is null — a gap in the line, never a zero — and its reason is kept beside it.
   */
  function lineSeries(view) {
    var rows = periodRows(view);
    return {
      labels: rows.map(function (row) {
        return row.label;
      }),
      series: seriesColumns(view).map(function (i) {
        return {
          label: view.columns[i].label,
          values: rows.map(function (row) {
            return row.cells[i].value;
          }),
          suppression: rows.map(function (row) {
            return row.cells[i].suppression || null;
          }),
        };
      }),
    };
  }

  /** The bar chart across the categories (regions by default) for the latest period shown. */
  function latestBars(view) {
    var rows = periodRows(view);
    var latest = rows[rows.length - 1];
    var columns = seriesColumns(view);
    return {
      period: latest.label,
      labels: columns.map(function (i) {
        return view.columns[i].label;
      }),
      values: columns.map(function (i) {
        return latest.cells[i].value;
      }),
      suppression: columns.map(function (i) {
        return latest.cells[i].suppression || null;
      }),
    };
  }

  return {
    TOTAL: TOTAL,
    cellAt: cellAt,
    layout: layout,
    lineSeries: lineSeries,
    latestBars: latestBars,
    suppressionNote: suppressionNote,
  };
});
