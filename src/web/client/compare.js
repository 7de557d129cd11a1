import { api, idList, pageUrl, setTitle, showError, writeParams } from './app.js';
import { el, emptyCard, replace } from './dom.js';
import { fixed, percent, signed } from './format.js';
import { onReconnect, subscribe } from './live.js';
import { smooth } from './smooth.js';
import uPlot from './uplot.js';

/*
 * The compare page (/compare?runs=3,7&smooth=0.6&logy=1&hide=7&solo=&baseline=3&report=0&val=0):
 * the runs' training cross-entropy per epoch in one uPlot chart, a legend that hides, solos
 * and pins runs, the settings that differ, and the runs' evaluations. Every control writes
 * its state into the query, so a link reopens the same view.
 *
 * A run with data.validation also has its held-out images' cross-entropy drawn, dashed in
 * the run's own colour (the run page's look), beside its training curve: it follows the
 * run's hide, solo and baseline, and is smoothed like it. The "Validation" toggle (#validation,
 * val=0 in the query when off) shows only when some compared run has validation figures, so
 * a page of runs without them is as it always was. The SVG export (/api/compare?format=svg,
 * the chart `runner compare --svg` draws) has both curves of such a run, whatever the toggle.
 */

/** Distinct on white and for most colour vision; the baseline is drawn black, so no black here. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'];
const BASELINE_COLOR = '#111111';
const REPORT_COLOR = '#667085';
const CHART_HEIGHT = 430;

/** Dashes of a validation curve, as the run page draws its validation CE. */
const VAL_DASH = [6, 4];

/** Whether a run's epoch rows have the held-out images' figures (data.validation). */
function validated(run) {
  return run.epoch_rows.some((e) => e.val_cross_entropy !== null && e.val_cross_entropy !== undefined);
}

/** A swatch for a dashed curve in this colour (the report's .swatch.dashed is grey). */
function dashedSwatch(color) {
  const swatch = el('span', { class: 'swatch val' });
  swatch.style.background = `repeating-linear-gradient(90deg, ${color} 0 4px, transparent 4px 7px)`;
  return swatch;
}

/** A run's colour by its place in the list; past the palette, evenly spread hues. */
function paletteColor(k) {
  if (k < PALETTE.length) return PALETTE[k];
  return `hsl(${Math.round((k * 137.508) % 360)}, 62%, 42%)`;
}

/** The colour with an alpha, for the faint raw curve behind a smoothed one. */
function faint(color, alpha) {
  if (color.startsWith('#')) {
    const n = parseInt(color.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color.replace(/^hsl\((.*)\)$/, `hsla($1, ${alpha})`);
}

/** What a run's legend label adds to its name: "(learning_rate 0.01, …)" → "learning_rate 0.01, …". */
function labelDetail(run) {
  const prefix = `run ${run.id}: ${run.name}`;
  const rest = run.label.startsWith(prefix) ? run.label.slice(prefix.length).trim() : '';
  return rest.replace(/^\((.*)\)$/, '$1');
}

/** Ids in their order, a stretch of consecutive ones as a range: [1, 2, 3, 4, 9] → "1–4, 9". */
function idRanges(ids) {
  const parts = [];
  for (let k = 0; k < ids.length; ) {
    let end = k;
    while (end + 1 < ids.length && ids[end + 1] === ids[end] + 1) end++;
    parts.push(end - k >= 2 ? `${ids[k]}–${ids[end]}` : ids.slice(k, end + 1).join(', '));
    k = end + 1;
  }
  return parts.join(', ');
}

/**
 * Renders the compare page into root.
 * @param {HTMLElement} root
 * @param {URLSearchParams} params
 * @param {Promise<any> | null} [first] /api/compare for these runs, already asked for (by app.js)
 */
export async function render(root, params, first = null) {
  const ids = idList(params, 'runs');
  setTitle('Compare', el('span', null, 'Compare'));
  if (ids.length === 0) {
    replace(root, emptyCard('Compare runs', 'No runs chosen. Tick runs on the ', el('a', { href: '/' }, 'Runs page'), ' and press Compare.'));
    return;
  }
  const smoothParam = Number(params.get('smooth'));
  const state = {
    smooth: Number.isFinite(smoothParam) ? Math.min(Math.max(smoothParam, 0), 0.99) : 0,
    logy: params.get('logy') === '1',
    report: params.get('report') !== '0',
    val: params.get('val') !== '0',
    hide: new Set(idList(params, 'hide')),
    solo: idList(params, 'solo')[0] ?? null,
    baseline: idList(params, 'baseline')[0] ?? null,
  };

  /** The /api/compare answer, its epoch rows kept up to date by live events. */
  let data = null;
  /** @type {uPlot | null} */
  let plot = null;
  /**
   * What each uPlot series (after x) is: a run's curve ('curve'), its faint raw copy ('raw'),
   * its validation curve ('val', with `accuracy` per x) and that one's raw copy ('val-raw'), or the report.
   */
  let meta = [];
  let firstDraw = true;

  const smoothInput = el('input', { id: 'smooth', type: 'range', min: '0', max: '0.99', step: '0.01', value: String(state.smooth), 'aria-label': 'smoothing' });
  const smoothOut = el('output', { for: 'smooth' }, state.smooth.toFixed(2));
  const logy = el('input', { id: 'logy', type: 'checkbox', checked: state.logy });
  const report = el('input', { id: 'report', type: 'checkbox', checked: state.report });
  const validation = el('input', { id: 'validation', type: 'checkbox', checked: state.val });
  // In the controls only while some compared run has validation figures (syncValidation).
  const validationLabel = el(
    'label',
    { class: 'check', title: "each run's cross-entropy on its held-out training images (data.validation), dashed" },
    validation,
    ' Validation',
  );
  const exportCsv = el('a', { id: 'export-csv', class: 'button small', download: 'runs-epochs.csv' }, 'CSV');
  const exportJson = el('a', { id: 'export-json', class: 'button small', download: 'runs-epochs.json' }, 'JSON');
  const exportSvg = el('a', { id: 'export-svg', class: 'button small', download: 'compare.svg' }, 'SVG');
  const chart = el('div', { id: 'compare-chart', 'data-series': '0' });
  const readout = el('div', { id: 'readout', 'aria-live': 'off' });
  const legend = el('ul', { id: 'legend' });
  const differences = el('table', { id: 'differences', class: 'data' });
  const evaluations = el('table', { id: 'evaluations', class: 'data' });
  const heading = el('span', { class: 'muted summary' });
  const reportLabel = el('label', { class: 'check', title: "the cross-entropy per epoch printed in the report's table" }, report, " Report's curve");
  const NOTE = 'Training cross-entropy after each epoch. Drag across the chart to zoom, double-click to zoom out.';
  const VAL_NOTE =
    "Training cross-entropy after each epoch (solid); dashed in a run's colour, its held-out images' (data.validation). Drag across the chart to zoom, double-click to zoom out.";
  const note = el('p', { class: 'chart-note' }, NOTE);
  const backLink = el('a', { href: pageUrl('/', { runs: ids }) }, 'select on the Runs page');

  replace(
    root,
    el('div', { class: 'page-head' }, el('h1', null, 'Compare runs'), heading, backLink),
    el(
      'div',
      { class: 'compare-layout' },
      el(
        'section',
        { class: 'card' },
        el(
          'div',
          { class: 'controls' },
          el('label', { class: 'range' }, 'Smoothing', smoothInput, smoothOut),
          el('label', { class: 'check' }, logy, ' Log scale'),
          reportLabel,
          el('span', { class: 'spacer' }),
          el('span', { class: 'links' }, el('span', { class: 'muted small' }, 'Export'), exportCsv, exportJson, exportSvg),
        ),
        chart,
        readout,
        note,
      ),
      el(
        'section',
        { class: 'card' },
        el('h2', null, 'Runs'),
        legend,
        el('p', { class: 'note small' }, 'Click a name to hide it; solo shows it alone; baseline draws it black and measures the others against it.'),
      ),
    ),
    el(
      'div',
      { class: 'grid two' },
      el('section', { class: 'card' }, el('h2', null, 'Settings that differ'), el('div', { class: 'table-wrap' }, differences)),
      el('section', { class: 'card' }, el('h2', null, 'Evaluations on the test set'), el('div', { class: 'table-wrap' }, evaluations)),
    ),
  );

  const visible = (id) => (state.solo !== null ? id === state.solo : !state.hide.has(id));
  const runColor = (run, k) => (run.id === state.baseline ? BASELINE_COLOR : paletteColor(k));
  const runs = () => data?.runs ?? [];
  /** Some compared run has validation figures: the toggle shows. */
  const anyValidation = () => runs().some(validated);
  /** Validation curves are drawn (some run has them and the toggle is on). */
  const showVal = () => state.val && anyValidation();

  /** The toggle and the chart's note as the runs now are (a run training live can gain its first validated epoch). */
  function syncValidation() {
    const any = anyValidation();
    if (any && !validationLabel.isConnected) reportLabel.after(validationLabel);
    else if (!any && validationLabel.isConnected) validationLabel.remove();
    replace(note, showVal() ? VAL_NOTE : NOTE);
  }

  function saveState() {
    writeParams({
      smooth: state.smooth > 0 ? state.smooth : null,
      logy: state.logy ? 1 : null,
      report: state.report ? null : 0,
      val: state.val ? null : 0,
      hide: [...state.hide],
      solo: state.solo,
      baseline: state.baseline,
    });
    const hidden = runs()
      .filter((r) => !visible(r.id))
      .map((r) => r.id);
    const base = { runs: ids };
    exportCsv.setAttribute('href', pageUrl('/api/compare', { ...base, format: 'csv' }));
    exportJson.setAttribute('href', pageUrl('/api/compare', { ...base, format: 'json' }));
    exportSvg.setAttribute('href', pageUrl('/api/compare', hidden.length ? { ...base, format: 'svg', hide: hidden } : { ...base, format: 'svg' }));
  }

  /** The chart's data: x = every epoch any run (or the report) has; each curve null where its run has none. */
  function chartData() {
    const epochs = new Set();
    for (const run of runs()) for (const row of run.epoch_rows) epochs.add(row.epoch);
    const reference = data.reference.cross_entropy;
    if (state.report) reference.forEach((_, k) => epochs.add(k + 1));
    const xs = [...epochs].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const series = [{ label: 'epoch' }];
    const columns = [xs];
    meta = [];
    runs().forEach((run, k) => {
      const raw = new Array(xs.length).fill(null);
      for (const row of run.epoch_rows) raw[at.get(row.epoch)] = row.cross_entropy;
      const color = runColor(run, k);
      const show = visible(run.id);
      const width = run.id === state.baseline ? 3.2 : 2;
      if (state.smooth > 0) {
        series.push({ label: `${run.label} (raw)`, stroke: faint(color, 0.25), width: 1, show, spanGaps: true, points: { show: false } });
        columns.push(raw);
        meta.push({ run, kind: 'raw', color });
        columns.push(smooth(raw, state.smooth));
      } else {
        columns.push(raw);
      }
      series.push({ label: run.label, stroke: color, width, show, spanGaps: true, points: { size: 5, fill: color } });
      meta.push({ run, kind: 'curve', color });
      if (!state.val || !validated(run)) return;
      // The validation curve: the training curve's colour, width, visibility and smoothing, dashed.
      const valRaw = new Array(xs.length).fill(null);
      const accuracy = new Array(xs.length).fill(null);
      for (const row of run.epoch_rows) {
        valRaw[at.get(row.epoch)] = row.val_cross_entropy ?? null;
        accuracy[at.get(row.epoch)] = row.val_accuracy ?? null;
      }
      if (state.smooth > 0) {
        series.push({ label: `${run.label} val (raw)`, stroke: faint(color, 0.25), width: 1, dash: VAL_DASH, show, spanGaps: true, points: { show: false } });
        columns.push(valRaw);
        meta.push({ run, kind: 'val-raw', color });
        columns.push(smooth(valRaw, state.smooth));
      } else {
        columns.push(valRaw);
      }
      series.push({ label: `${run.label} val`, stroke: color, width, dash: VAL_DASH, show, spanGaps: true, points: { size: 5, fill: '#ffffff', stroke: color } });
      meta.push({ run, kind: 'val', color, accuracy });
    });
    if (state.report) {
      columns.push(xs.map((x) => (Number.isInteger(x) && x >= 1 && x <= reference.length ? reference[x - 1] : null)));
      series.push({ label: 'report', stroke: REPORT_COLOR, width: 1.5, dash: [6, 5], spanGaps: true, points: { show: false } });
      meta.push({ run: null, kind: 'report', color: REPORT_COLOR });
    }
    return { series, columns };
  }

  function axisValues(u, values) {
    return values.map((v) => (v === null ? '' : String(Number(v.toPrecision(3)))));
  }

  function options(series) {
    const axis = {
      stroke: '#475467',
      font: '12px system-ui, sans-serif',
      labelFont: '600 12px system-ui, sans-serif',
      grid: { stroke: '#edf0f3', width: 1 },
      ticks: { stroke: '#d0d5dd', width: 1, size: 5 },
    };
    return {
      width: Math.max(320, chart.clientWidth),
      height: CHART_HEIGHT,
      series,
      legend: { show: false },
      scales: {
        x: { time: false },
        // uPlot's log scale widens to whole decades; a margin around the data reads better.
        y: state.logy ? { distr: 3, log: 10, range: (u, min, max) => [min / 1.12, max * 1.12] } : { distr: 1 },
      },
      axes: [
        { ...axis, label: 'epoch', labelSize: 22, size: 34, incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000] },
        { ...axis, label: `${showVal() ? 'cross-entropy: training, validation dashed' : 'training cross-entropy'}${state.logy ? ' (log scale)' : ''}`, labelSize: 26, size: 56, values: axisValues },
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 7 }, focus: { prox: 24 } },
      focus: { alpha: 0.35 },
      hooks: { setCursor: [(u) => showReadout(u.cursor.idx, u)] },
    };
  }

  /** How many runs' training curves are shown (#compare-chart's data-series). */
  function countShown() {
    return meta.filter((m) => m.kind === 'curve' && visible(m.run.id)).length;
  }

  /** The shown curves, "1,1 val,2" (#compare-chart's data-series-names): a run's id, "ID val" for its validation curve. */
  function shownNames() {
    return meta
      .filter((m) => (m.kind === 'curve' || m.kind === 'val') && visible(m.run.id))
      .map((m) => (m.kind === 'val' ? `${m.run.id} val` : String(m.run.id)))
      .join(',');
  }

  function markSeries() {
    chart.setAttribute('data-series', String(countShown()));
    chart.setAttribute('data-series-names', shownNames());
  }

  /** (Re)builds the chart: on load and when a control changes what is drawn. */
  function draw() {
    syncValidation();
    const { series, columns } = chartData();
    plot?.destroy();
    replace(chart);
    plot = new uPlot(options(series), columns, chart);
    markSeries();
    showReadout(null);
    if (firstDraw) {
      firstDraw = false;
      performance.mark('compare-drawn');
    }
  }

  /** New points from a live event: the same series, new data (keeps the zoom only when x did not grow). */
  function redrawData() {
    if (!plot) return draw();
    const { series, columns } = chartData();
    if (series.length !== plot.series.length) return draw();
    plot.setData(columns);
    markSeries();
    showReadout(null);
  }

  /** #readout: the epoch under the cursor and each shown curve's value there (the last epoch when the cursor is away). */
  function showReadout(idx, u = plot) {
    if (!u) return;
    const xs = u.data[0];
    const hovering = idx !== null && idx !== undefined;
    const items = [];
    meta.forEach((m, k) => {
      if (m.kind === 'raw' || m.kind === 'val-raw') return;
      if (m.run && !visible(m.run.id)) return;
      const ys = u.data[k + 1];
      let i = idx;
      if (!hovering) {
        // Away from the chart: each curve's last point.
        for (i = ys.length - 1; i >= 0 && ys[i] === null; i--);
        if (i < 0) return;
      }
      const v = ys[i];
      if (v === null || v === undefined) return;
      // The raw copy is the series just before a smoothed curve (u.data[k] is meta[k - 1]'s).
      const rawIndex = (m.kind === 'curve' || m.kind === 'val') && state.smooth > 0 ? k : -1;
      const raw = rawIndex >= 0 ? u.data[rawIndex][i] : null;
      const val = m.kind === 'val';
      let swatch;
      if (val) swatch = dashedSwatch(m.color);
      else {
        swatch = el('span', { class: m.kind === 'report' ? 'swatch dashed' : 'swatch' });
        swatch.style.background = m.color;
      }
      items.push(
        el(
          'span',
          { class: val ? 'item val' : 'item', 'data-run-id': m.run?.id ?? null, 'data-val': val ? '' : null },
          swatch,
          m.run ? `run ${m.run.id}${val ? ' val' : ''}` : 'report',
          el('b', null, fixed(v)),
          val && m.accuracy[i] !== null ? el('span', { class: 'muted' }, `acc. ${percent(m.accuracy[i])}`) : null,
          raw !== null && raw !== undefined ? el('span', { class: 'muted' }, `(raw ${fixed(raw)})`) : null,
          hovering ? null : el('span', { class: 'muted' }, `@${xs[i]}`),
        ),
      );
    });
    replace(readout, el('span', { class: 'epoch' }, hovering ? `epoch ${xs[idx]}` : 'last epoch'), items);
  }

  function renderLegend() {
    const items = runs().map((run, k) => {
      const color = runColor(run, k);
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = color;
      if (run.id === state.baseline) swatch.style.height = '4px';
      return el(
        'li',
        { 'data-run-id': run.id, class: visible(run.id) ? null : 'off' },
        swatch,
        el(
          'div',
          { class: 'who' },
          el(
            'div',
            { class: 'head' },
            el(
              'button',
              { type: 'button', class: 'name', title: `${run.label}: click to ${state.hide.has(run.id) ? 'show' : 'hide'}` },
              `${run.id} · ${run.name}`,
            ),
            el('button', { type: 'button', class: 'solo', 'aria-pressed': String(state.solo === run.id), title: 'show this run alone' }, 'solo'),
            el('button', { type: 'button', class: 'pin', 'aria-pressed': String(state.baseline === run.id), title: 'pin as the baseline' }, 'baseline'),
          ),
          labelDetail(run) ? el('div', { class: 'detail', title: labelDetail(run) }, labelDetail(run)) : null,
          el('div', { class: 'sub' }, el('a', { href: `/run?id=${run.id}` }, 'open'), ` · ${run.status} · ${run.epochs_done}/${run.epochs} epochs`),
          // Its validation curve's entry: hidden, soloed and pinned with the run (the name above does it).
          showVal() && validated(run) ? el('div', { class: 'val', 'data-val-run-id': run.id }, dashedSwatch(color), `${run.id} · ${run.name} val`) : null,
        ),
      );
    });
    if (state.report) {
      const swatch = el('span', { class: 'swatch dashed' });
      items.push(el('li', { class: 'ref', 'data-ref': 'report' }, swatch, el('div', { class: 'who' }, data.reference.label)));
    }
    replace(legend, items);
  }

  function runHeader(run, k) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = runColor(run, k);
    return el(
      'th',
      { scope: 'col', title: run.label },
      swatch,
      ` ${run.id} `,
      el('span', { class: 'muted' }, run.name.length > 24 ? `${run.name.slice(0, 23)}…` : run.name),
    );
  }

  function renderDifferences() {
    const list = runs();
    if (data.differences.length === 0) {
      replace(
        differences,
        el(
          'tbody',
          null,
          el('tr', { class: 'empty' }, el('td', null, list.length > 1 ? 'These runs have the same settings.' : 'One run: nothing to tell apart.')),
        ),
      );
      return;
    }
    replace(
      differences,
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'setting'), list.map(runHeader))),
      el(
        'tbody',
        null,
        data.differences.map((d) =>
          el(
            'tr',
            null,
            el('th', { scope: 'row', class: 'mono' }, d.key),
            d.values.map((v) => el('td', { class: 'wrap' }, v)),
          ),
        ),
      ),
    );
  }

  /** The baseline's evaluation to measure one at `epoch` against: the same epoch, else the baseline's last. */
  function baselineEvaluation(epoch) {
    const base = runs().find((r) => r.id === state.baseline);
    if (!base || base.evaluations.length === 0) return null;
    return base.evaluations.find((e) => e.epoch === epoch) ?? base.evaluations.at(-1);
  }

  function renderEvaluations() {
    const withBaseline = runs().some((r) => r.id === state.baseline);
    const head = el(
      'tr',
      null,
      el('th', { scope: 'col' }, 'run'),
      el('th', { scope: 'col', class: 'num' }, 'epoch'),
      el('th', { scope: 'col', class: 'num' }, 'test accuracy'),
      el('th', { scope: 'col', class: 'num' }, 'test CE'),
      withBaseline
        ? [
            el('th', { scope: 'col', class: 'num', title: 'accuracy minus the baseline’s, in percentage points' }, 'Δ acc.'),
            el('th', { scope: 'col', class: 'num', title: 'cross-entropy minus the baseline’s' }, 'Δ CE'),
          ]
        : null,
    );
    const rows = [];
    runs().forEach((run, k) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = runColor(run, k);
      const who = el(
        'td',
        { class: run.id === state.baseline ? 'is-baseline' : null },
        swatch,
        ` ${run.id} `,
        el('span', { class: 'muted' }, run.id === state.baseline ? 'baseline' : run.name.slice(0, 24)),
      );
      if (run.evaluations.length === 0) {
        rows.push(
          el('tr', { 'data-run-id': run.id }, who, el('td', { colspan: withBaseline ? 5 : 3, class: 'muted' }, `not evaluated (runner eval ${run.id})`)),
        );
        return;
      }
      run.evaluations.forEach((e, i) => {
        const base = withBaseline && run.id !== state.baseline ? baselineEvaluation(e.epoch) : null;
        const dAcc = base ? (e.test_accuracy - base.test_accuracy) * 100 : null;
        const dCe = base ? e.test_cross_entropy - base.test_cross_entropy : null;
        rows.push(
          el(
            'tr',
            { 'data-run-id': run.id, 'data-epoch': e.epoch },
            i === 0 ? who : el('td'),
            el('td', { class: 'num' }, String(e.epoch)),
            el('td', { class: 'num' }, percent(e.test_accuracy)),
            el('td', { class: 'num' }, fixed(e.test_cross_entropy)),
            withBaseline
              ? [
                  el(
                    'td',
                    { class: `num ${dAcc > 0 ? 'diff-pos' : dAcc < 0 ? 'diff-neg' : ''}`, title: base ? `vs the baseline's epoch ${base.epoch}` : null },
                    base ? signed(dAcc, 2, ' pp') : '—',
                  ),
                  el(
                    'td',
                    { class: `num ${dCe < 0 ? 'diff-pos' : dCe > 0 ? 'diff-neg' : ''}`, title: base ? `vs the baseline's epoch ${base.epoch}` : null },
                    base ? signed(dCe) : '—',
                  ),
                ]
              : null,
          ),
        );
      });
    });
    replace(evaluations, el('thead', null, head), el('tbody', null, rows));
  }

  function renderAll() {
    const n = runs().length;
    replace(heading, `${n} run${n === 1 ? '' : 's'}: ${idRanges(runs().map((r) => r.id))}`);
    // The chart first: it reads its width from a page whose tables are still empty (a
    // cheap layout), and it is what the page is for; the legend and tables follow.
    draw();
    renderLegend();
    renderDifferences();
    renderEvaluations();
    saveState();
  }

  async function load() {
    data = await (first ?? api(pageUrl('/api/compare', { runs: ids })));
    first = null;
    showError(null);
    renderAll();
  }

  // ---- controls ----
  let frame = 0;
  smoothInput.addEventListener('input', () => {
    state.smooth = Number(smoothInput.value);
    replace(smoothOut, state.smooth.toFixed(2));
    saveState();
    // One redraw per frame however fast the slider moves.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });
  logy.addEventListener('change', () => {
    state.logy = logy.checked;
    saveState();
    draw();
  });
  validation.addEventListener('change', () => {
    state.val = validation.checked;
    saveState();
    renderLegend();
    draw();
  });
  report.addEventListener('change', () => {
    state.report = report.checked;
    saveState();
    renderLegend();
    draw();
  });
  legend.addEventListener('click', (event) => {
    const li = event.target.closest('li[data-run-id]');
    const button = event.target.closest('button');
    if (!li || !button) return;
    const id = Number(li.getAttribute('data-run-id'));
    if (button.classList.contains('name')) {
      if (state.hide.has(id)) state.hide.delete(id);
      else state.hide.add(id);
    } else if (button.classList.contains('solo')) {
      state.solo = state.solo === id ? null : id;
    } else if (button.classList.contains('pin')) {
      state.baseline = state.baseline === id ? null : id;
      renderDifferences();
      renderEvaluations();
    } else return;
    saveState();
    renderLegend();
    draw();
  });
  new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - chart.clientWidth) > 2) plot.setSize({ width: Math.max(320, chart.clientWidth), height: CHART_HEIGHT });
  }).observe(chart);

  // ---- live ----
  let refetch = 0;
  const refetchSoon = () => {
    clearTimeout(refetch);
    refetch = setTimeout(() => load().catch(showError), 300);
  };
  subscribe('epochs', ({ run_id: runId, epochs }) => {
    const run = runs().find((r) => r.id === runId);
    if (!run) return;
    const have = new Set(run.epoch_rows.map((e) => e.epoch));
    const added = epochs.filter((e) => !have.has(e.epoch));
    if (added.length === 0) return;
    run.epoch_rows = [...run.epoch_rows, ...added].sort((a, b) => a.epoch - b.epoch);
    run.epochs_done = run.epoch_rows.length;
    renderLegend();
    redrawData();
  });
  subscribe('run', (row) => {
    const run = runs().find((r) => r.id === row.id);
    if (!run) return;
    const evaluated =
      row.last_evaluated_epoch !== null && !run.evaluations.some((e) => e.epoch === row.last_evaluated_epoch && e.test_accuracy === row.last_test_accuracy);
    if (evaluated) return refetchSoon();
    if (run.status !== row.status || run.epochs !== row.epochs) {
      run.status = row.status;
      run.epochs = row.epochs;
      renderLegend();
    }
  });
  onReconnect(refetchSoon);

  await load();
}
