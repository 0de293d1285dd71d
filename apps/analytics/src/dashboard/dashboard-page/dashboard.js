/*
 * The analyst dashboard: picks an indicator from the catalogue, asks analytics for its table
 * (GET /api/v1/indicators/{code}/table) and shows it as a line chart over time, a bar chart
 * for the latest period, a table and a CSV download. The bearer token is asked for once and
 * kept in sessionStorage (this tab only); it goes in the Authorization header, never in a URL —
 * so the CSV link fetches the table's CSV form with it and hands the file over as a download.
 * Labels come in the browser's language (its Accept-Language). Withheld cells are marked,
 * never drawn as zero. Needs Chart (chart.umd.min.js) and TableView (table-view.js).
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'icjims.analytics.token';
  var API = '/api/v1';
  /** Colour-blind safe (Okabe–Ito), then a few more. */
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D00', '#000000', '#7F3C8D', '#11A579', '#3969AC', '#E73F74'];
  /** Breakdowns that are time itself: the period selector covers them. */
  var TIME_BREAKDOWNS = ['month', 'period'];

  var $ = function (id) {
    return document.getElementById(id);
  };
  var numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  var state = { catalogue: [], regions: new Map(), charts: [], csv: null, request: 0 };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** Thrown for a refused token: the page asks for another one. */
  function TokenRefused(message) {
    this.message = message;
  }

  /**
   * A call to analytics with the token; a refused token (401) throws TokenRefused, another
   * refusal an Error with the problem's detail and its status (a 403 may be a region out of reach).
   */
  async function call(path, accept) {
    var response = await fetch(API + path, { headers: { Authorization: 'Bearer ' + token(), Accept: accept } });
    if (response.status === 401) throw new TokenRefused('The token was refused: it has expired or is not valid here.');
    if (!response.ok) {
      var body = await response.json().catch(function () {
        return null;
      });
      var reason = body && (body.detail || body.title);
      var fields = body && Array.isArray(body.errors) ? body.errors.map(function (e) { return e.field + ': ' + e.reason; }).join('; ') : '';
      var error = new Error((reason || 'HTTP ' + response.status) + (fields ? ' (' + fields + ')' : ''));
      error.status = response.status;
      throw error;
    }
    return response;
  }

  async function api(path) {
    return (await call(path, 'application/json')).json();
  }

  // --- signing in -------------------------------------------------------------------------

  function showSignIn(message) {
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    $('token').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    destroyCharts();
    showSignIn(message);
  }

  async function open() {
    try {
      state.catalogue = await api('/indicators');
    } catch (error) {
      if (error instanceof TokenRefused) return signOut(error.message);
      if (error.status === 403) return signOut('This token may not read indicators: the analyst (or admin) role is needed.');
      return showSignIn('The indicator catalogue could not be loaded: ' + error.message);
    }
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('dashboard').hidden = false;
    var select = $('indicator');
    select.replaceChildren();
    state.catalogue.forEach(function (indicator) {
      select.append(new Option(indicator.title, indicator.code));
    });
    setDefaultRange();
    chooseIndicator();
  }

  // --- periods ----------------------------------------------------------------------------

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  /** A period code as [year, first month (0-11), last month (0-11)], or null when it is not one. */
  function monthsOf(code) {
    var match;
    if ((match = /^(\d{4})-(\d{2})$/.exec(code))) return [+match[1], +match[2] - 1, +match[2] - 1];
    if ((match = /^(\d{4})-Q([1-4])$/.exec(code))) return [+match[1], (match[2] - 1) * 3, (match[2] - 1) * 3 + 2];
    if ((match = /^(\d{4})$/.exec(code))) return [+match[1], 0, 11];
    return null;
  }

  /** The period of `granularity` holding the first (or last) month of `code`; unchanged when it is not a period. */
  function convert(code, granularity, end) {
    var months = monthsOf(code);
    if (!months) return code;
    var month = end ? months[2] : months[1];
    if (granularity === 'month') return months[0] + '-' + pad(month + 1);
    if (granularity === 'quarter') return months[0] + '-Q' + (Math.floor(month / 3) + 1);
    return String(months[0]);
  }

  /** The last twelve months, this one included (by the browser's clock). */
  function setDefaultRange() {
    var now = new Date();
    var start = new Date(now.getFullYear(), now.getMonth() - 11, 1);
    $('granularity').value = 'month';
    $('from').value = start.getFullYear() + '-' + pad(start.getMonth() + 1);
    $('to').value = now.getFullYear() + '-' + pad(now.getMonth() + 1);
  }

  function changeGranularity() {
    var granularity = $('granularity').value;
    $('from').value = convert($('from').value.trim(), granularity, false);
    $('to').value = convert($('to').value.trim(), granularity, true);
    load();
  }

  // --- the indicator and its breakdowns ---------------------------------------------------

  function selectedIndicator() {
    var code = $('indicator').value;
    return state.catalogue.find(function (indicator) {
      return indicator.code === code;
    });
  }

  function chooseIndicator() {
    var indicator = selectedIndicator();
    if (!indicator) return;
    $('indicator-title').textContent = indicator.title;
    $('indicator-definition').textContent = indicator.definition;
    $('indicator-formula').textContent = indicator.formula;
    $('indicator-unit').textContent = indicator.unit;
    var breakdown = $('breakdown');
    var previous = breakdown.value;
    breakdown.replaceChildren(new Option('none (the total)', ''));
    var allowed = (indicator.breakdowns || []).filter(function (code) {
      return TIME_BREAKDOWNS.indexOf(code) < 0;
    });
    allowed.forEach(function (code) {
      // citizenshipGroup → citizenship group (the table's own labels follow the language)
      breakdown.append(new Option(code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(), code));
    });
    breakdown.value = allowed.indexOf(previous) >= 0 ? previous : allowed.indexOf('region') >= 0 ? 'region' : '';
    $('region').disabled = allowed.indexOf('region') < 0;
    load();
  }

  function tableQuery() {
    var query = new URLSearchParams({ period: $('granularity').value, from: $('from').value.trim(), to: $('to').value.trim() });
    if ($('breakdown').value) query.set('by', $('breakdown').value);
    if ($('region').value && !$('region').disabled) query.set('region', $('region').value);
    // The figures as they stood at that moment of the browser's clock (to reproduce a table published then).
    var asOf = $('as-of').value && new Date($('as-of').value);
    if (asOf && !isNaN(asOf)) query.set('asOf', asOf.toISOString());
    return query;
  }

  // --- loading and drawing ----------------------------------------------------------------

  function setStatus(text, isError) {
    $('status').textContent = text;
    $('status').classList.toggle('error', !!isError);
  }

  async function load() {
    var indicator = selectedIndicator();
    if (!indicator) return;
    var request = ++state.request;
    var query = tableQuery();
    var path = '/indicators/' + encodeURIComponent(indicator.code) + '/table?' + query;
    $('dashboard').dataset.state = 'loading';
    setStatus('Loading…');
    var table;
    try {
      table = await api(path);
    } catch (error) {
      if (request !== state.request) return;
      if (error instanceof TokenRefused) return signOut(error.message);
      destroyCharts();
      $('table-view').replaceChildren();
      $('csv-download').hidden = true;
      state.csv = null;
      setStatus(error.message, true);
      $('dashboard').dataset.state = 'error';
      return;
    }
    if (request !== state.request) return; // a later choice is on its way
    learnRegions(table);
    render(table, indicator);
    offerCsv(indicator, query);
    $('dashboard').dataset.state = 'ready';
  }

  /** The regions seen in any table so far fill the region filter (codes with their labels). */
  function learnRegions(table) {
    var region = table.dimensions.find(function (dimension) {
      return dimension.code === 'region';
    });
    if (!region) return;
    var select = $('region');
    region.categories.forEach(function (category) {
      if (category.code === TableView.TOTAL || state.regions.has(category.code)) return;
      state.regions.set(category.code, category.label);
      select.append(new Option(category.label, category.code));
    });
  }

  function render(table, indicator) {
    var view = TableView.layout(table);
    var withheld = table.cells.filter(function (cell) {
      return cell.value === null;
    }).length;
    setStatus(
      view.rows.length + ' periods × ' + view.columns.length + ' columns' + (table.asOf ? ', as they stood at ' + table.asOf : '') +
        (withheld ? '; ' + withheld + ' withheld' : '') + (table.disclosure && table.disclosure.exact ? '; exact figures' : ''),
    );
    drawCharts(view, table, indicator);
    drawTable(view, table);
  }

  function destroyCharts() {
    state.charts.forEach(function (chart) {
      chart.destroy();
    });
    state.charts = [];
  }

  function colour(i) {
    return PALETTE[i % PALETTE.length];
  }

  function drawCharts(view, table, indicator) {
    destroyCharts();
    var line = TableView.lineSeries(view);
    var bars = TableView.latestBars(view);
    var unit = table.indicator.unit || indicator.unit;
    var tooltip = {
      callbacks: {
        label: function (context) {
          return context.dataset.label + ': ' + numbers.format(context.parsed.y) + ' ' + unit;
        },
      },
    };
    var common = { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: unit } } } };
    state.charts.push(
      new Chart($('line-chart'), {
        type: 'line',
        data: {
          labels: line.labels,
          datasets: line.series.map(function (series, i) {
            // null stays null: a gap in the line where a figure is withheld.
            return { label: series.label, data: series.values, spanGaps: false, borderColor: colour(i), backgroundColor: colour(i), pointRadius: 3 };
          }),
        },
        options: Object.assign({}, common, { plugins: { tooltip: tooltip, legend: { display: line.series.length > 1 } } }),
      }),
    );
    $('bar-title').textContent = 'Latest period: ' + bars.period;
    state.charts.push(
      new Chart($('bar-chart'), {
        type: 'bar',
        data: {
          // A withheld figure draws no bar; its label carries the mark.
          labels: bars.labels.map(function (label, i) {
            return bars.suppression[i] ? label + ' •' : label;
          }),
          datasets: [{ label: bars.period, data: bars.values, backgroundColor: colour(0) }],
        },
        options: Object.assign({}, common, { plugins: { tooltip: tooltip, legend: { display: false } } }),
      }),
    );
    var gaps = line.series.reduce(function (count, series) {
      return count + series.suppression.filter(Boolean).length;
    }, 0);
    $('suppressed-note').hidden = gaps === 0;
    $('suppressed-note').textContent = gaps ? '• ' + gaps + ' withheld figure(s) are not drawn: the gaps in the line, the bars marked •. See the table for why.' : '';
  }

  function cellElement(cell, table, isTotal) {
    var td = document.createElement('td');
    if (isTotal) td.className = 'total';
    if (cell.value === null) {
      var mark = document.createElement('span');
      mark.className = 'suppressed';
      mark.textContent = '•';
      mark.title = TableView.suppressionNote(cell.suppression, table.disclosure);
      td.append(mark);
      td.dataset.suppression = cell.suppression || 'withheld';
    } else {
      td.textContent = numbers.format(cell.value);
      td.dataset.value = String(cell.value);
    }
    return td;
  }

  function drawTable(view, table) {
    var element = $('table-view');
    var head = document.createElement('thead');
    var headRow = document.createElement('tr');
    var corner = document.createElement('th');
    corner.textContent = view.periodLabel + (view.dimensions.length ? ' / ' + view.dimensions.map(function (d) { return d.label; }).join(' · ') : '');
    headRow.append(corner);
    view.columns.forEach(function (column) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = column.label;
      th.dataset.codes = column.codes.join(',');
      if (column.total) th.className = 'total';
      headRow.append(th);
    });
    head.append(headRow);
    var body = document.createElement('tbody');
    view.rows.forEach(function (row) {
      var tr = document.createElement('tr');
      tr.dataset.period = row.code;
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = row.label;
      tr.append(th);
      row.cells.forEach(function (cell, i) {
        tr.append(cellElement(cell, table, row.total || view.columns[i].total));
      });
      body.append(tr);
    });
    element.replaceChildren(head, body);
  }

  /** The same table in the service's CSV form (table.csv, with label columns), fetched with the token when the link is followed. */
  function offerCsv(indicator, query) {
    var csvQuery = new URLSearchParams(query);
    csvQuery.set('labels', 'true');
    state.csv = {
      path: '/indicators/' + encodeURIComponent(indicator.code) + '/table.csv?' + csvQuery,
      name: [indicator.code, query.get('from'), query.get('to'), query.get('by') || 'total'].join('_') + '.csv',
    };
    $('csv-download').hidden = false;
  }

  async function downloadCsv(event) {
    event.preventDefault();
    if (!state.csv) return;
    var blob;
    try {
      blob = await (await call(state.csv.path, 'text/csv')).blob();
    } catch (error) {
      if (error instanceof TokenRefused) return signOut(error.message);
      return setStatus('The CSV could not be downloaded: ' + error.message, true);
    }
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = state.csv.name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  // --- wiring -----------------------------------------------------------------------------

  $('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = $('token').value.trim();
    $('token').value = '';
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    open();
  });
  $('sign-out').addEventListener('click', function () {
    signOut('');
  });
  $('csv-download').addEventListener('click', downloadCsv);
  $('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  $('indicator').addEventListener('change', chooseIndicator);
  $('granularity').addEventListener('change', changeGranularity);
  ['from', 'to'].forEach(function (id) {
    $(id).addEventListener('change', load);
  });
  ['breakdown', 'region', 'as-of'].forEach(function (id) {
    $(id).addEventListener('change', load);
  });

  if (token()) open();
  else showSignIn('');
})();
